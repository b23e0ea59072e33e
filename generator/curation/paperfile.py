"""Reading one curation file from disk: size, encoding, front matter, YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.curation.yamldoc import YamlDocument, parse_yaml
from generator.problems import Problem

# A bound against pasted binaries and runaway files, not against real papers: the longest real
# author list (15,025 names, about 12 characters each) makes a file of about 230 KB.
MAX_FILE_BYTES = 512 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class PaperSource:
    """A paper file split into its front matter document and its abstract body."""

    source: str
    doc: YamlDocument
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    # (title, abstract) as the rule against a paper twice compares them: `rules.identity` sets it
    # once, and the parse cache keeps it, so a load of a year need not normalise every abstract
    identity: tuple[str, str] | None = None


def read_text(path: Path, source: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the reason it cannot be read as curation text."""
    size = path.stat().st_size
    if size > limit:                      # before reading: the file may be huge
        return None, [_too_large(source, size, limit)]
    return decode_text(path.read_bytes(), source, limit)


def decode_text(raw: bytes, source: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """`raw` as curation text (size, UTF-8, no control characters), or None and the reason.

    The importer checks the files it is about to write through this too, so that it never
    writes what the loader would refuse.
    """
    if len(raw) > limit:
        return None, [_too_large(source, len(raw), limit)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(source, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                            "save the file as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        return None, [Problem(source, line, f"control character U+{ord(match.group()):04X} "
                                            "in the text; remove it")]
    return text, []


def _too_large(source: str, size: int, limit: int) -> Problem:
    return Problem(source, 1, f"file is too large ({_human_size(size)}; "
                              f"a curation file is at most {_human_size(limit)})")


def split_paper(text: str, source: str) -> PaperSource:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return PaperSource(source, YamlDocument(None), problems=[Problem(
            source, 1, "missing front matter: a paper file starts with a line '---', "
                       "then its fields, then '---' and the abstract")])
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        return PaperSource(source, YamlDocument(None), problems=[Problem(
            source, 1, "front matter is not closed: add a line '---' after the fields")])
    doc = parse_yaml("\n".join(lines[1:closing]), source, first_line=2)
    body_lines = lines[closing + 1:]
    skipped = next((i for i, line in enumerate(body_lines) if line.strip()), 0)
    paper = PaperSource(source, doc, "\n".join(body_lines).strip(), closing + 2 + skipped)
    paper.problems.extend(doc.problems)
    if not doc.problems and not isinstance(doc.value, dict):
        paper.problems.append(Problem(source, 2, "front matter must be a mapping of fields "
                                                 "(title: ..., added: ...)"))
    return paper


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size // 1024} KiB"
