"""The dump formats, and telling which one a dump is in."""

from __future__ import annotations

from types import ModuleType

from generator.importers import abstract_lines, daily_papers, lab_listing
from generator.importers.records import DumpError
from generator.problems import Problem

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (abstract_lines, lab_listing, daily_papers)}


def detect(lines: list[str], display: str) -> ModuleType:
    """The one format whose signature the dump carries; an unknown or ambiguous dump is an error."""
    if not any(line.strip() for line in lines):
        raise DumpError([Problem(display, 1, "the dump is empty")])
    matches = [module for module in FORMATS.values() if module.looks_like(lines)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = " and ".join(m.NAME for m in matches)
        raise DumpError([Problem(display, 1, f"ambiguous dump: it looks like both {names}; "
                                             "choose one with --format")])
    first = next(n for n, line in enumerate(lines, 1) if line.strip())
    raise DumpError([Problem(display, first, "unknown dump format: expected one abstract a line, a lab "
                                             "listing (titles glued to 'Author, Author et al.') or a "
                                             "daily-papers page (starting 'new' / 'Subscribe'); "
                                             "see --format")])
