"""Format `abstract-lines`: one abstract a line, nothing else (no titles, no authors)."""

from __future__ import annotations

from generator.importers.records import DumpError, RawPaper, is_prose
from generator.problems import Problem

NAME = "abstract-lines"
MIN_WORDS = 20


def looks_like(lines: list[str]) -> bool:
    """Every non-blank line is a long paragraph of prose."""
    filled = [line for line in lines if line.strip()]
    return bool(filled) and all(is_prose(line, MIN_WORDS) for line in filled)


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    papers, problems = [], []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        if not is_prose(text, MIN_WORDS):
            problems.append(Problem(display, number, f"expected one abstract a line, found a short line "
                                                     f"({len(text.split())} words): {text[:60]!r}"))
            continue
        papers.append(RawPaper(source=f"{dump_name}:{number}", abstract=" ".join(text.split())))
    if problems:
        raise DumpError(problems)
    return papers
