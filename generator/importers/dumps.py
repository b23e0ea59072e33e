"""Reading dumps: each file read (at most MAX_DUMP_BYTES), its format detected or given, and
parsed into `RawPaper`s, with every problem of every dump."""

from __future__ import annotations

from pathlib import Path

from generator.curation.loader import display_path
from generator.curation.paperfile import read_text
from generator.importers import formats
from generator.importers.records import DumpError, RawPaper
from generator.problems import Problem

MAX_DUMP_BYTES = 64 * 1024 * 1024


def read_dumps(files: list[Path], format_name: str = "auto") -> list[RawPaper]:
    """Every paper of every dump, in order; all problems of all dumps raised together."""
    papers, problems = read_dumps_keeping(files, format_name)
    if problems:
        raise DumpError(problems, papers)
    return papers


def read_dumps_keeping(files: list[Path], format_name: str = "auto") -> tuple[list[RawPaper], list[Problem]]:
    """Every paper that reads cleanly, in order, and the problems of every dump (the entries they
    name are left out)."""
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    for path in files:
        display = display_path(path)
        if not path.is_file():
            problems.append(Problem(display, 1, "a folder, not a dump file" if path.is_dir() else "no such dump file"))
            continue
        text, read_problems = read_text(path, display, limit=MAX_DUMP_BYTES)
        if text is None:
            problems.extend(read_problems)
            continue
        lines = text.split("\n")
        try:
            module = formats.detect(lines, display) if format_name == "auto" else formats.FORMATS[format_name]
            found = module.parse(lines, path.name, display)
            if not found:
                raise DumpError([Problem(display, 1, f"no papers found in it as {module.NAME} "
                                                     f"({module.DESCRIPTION}); is it in another format?")])
            papers.extend(found)
        except DumpError as exc:
            problems.extend(exc.problems)
            papers.extend(exc.papers)
    return papers, problems
