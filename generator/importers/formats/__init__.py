"""The dump formats, one module each, and telling which one a dump is in.

A format module has NAME, DESCRIPTION, EXTENSIONS, `looks_like(lines)` and `parse(lines,
dump_name, display)` returning `RawPaper`s (generator/importers/records.py) or raising `DumpError`
with the papers that did read; a new one is added to `_IN_DETECTION_ORDER` below, and its name to
`IMPORT_FORMATS` in generator/commands/importing.py.

Reference exports (arXiv Atom, BibTeX, RIS) carry unmistakable syntax and are tried first; then
the plain-text dumps by their structure: a daily-papers page opens with its furniture, a lab
listing with a date line or a header, and anything else that is one paragraph a line is
abstract-lines.
"""

from __future__ import annotations

from pathlib import PurePath
from types import ModuleType

from generator.importers.formats import abstract_lines, arxiv_atom, bibtex, daily_papers, lab_listing, ris
from generator.importers.records import DumpError
from generator.problems import Problem

_IN_DETECTION_ORDER = (arxiv_atom, bibtex, ris, daily_papers, lab_listing, abstract_lines)
FORMATS: dict[str, ModuleType] = {m.NAME: m for m in sorted(_IN_DETECTION_ORDER, key=lambda m: m.NAME)}


def detect(lines: list[str], display: str) -> ModuleType:
    """The format a dump is in: its extension's format if the content agrees, else the first
    format whose structure the content has; an unknown dump is an error listing every format."""
    if not any(line.strip() for line in lines):
        raise DumpError([Problem(display, 1, "the dump is empty")])
    suffix = PurePath(display).suffix.lower()
    by_extension = [m for m in _IN_DETECTION_ORDER if suffix in m.EXTENSIONS and m.looks_like(lines)]
    if len(by_extension) == 1:
        return by_extension[0]
    for module in _IN_DETECTION_ORDER:
        if module.looks_like(lines):
            return module
    first = next(n for n, line in enumerate(lines, 1) if line.strip())
    known = "; ".join(f"{m.NAME} ({m.DESCRIPTION})" for m in _IN_DETECTION_ORDER)
    raise DumpError([Problem(display, first, f"unknown dump format; the formats are: {known}. "
                                             "Name one with --format to see what does not fit")])
