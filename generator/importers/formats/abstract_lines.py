"""Format `abstract-lines`: one abstract a line, nothing else (no titles, no authors).

An abstract is told by its place (a line of its own), never by its punctuation or length:
real abstracts are cut before their full stop, or are one long sentence. A line only fails
when it is plainly something else: a lab-listing header or date line, markup of another
format, or a word or two (a heading or a list item, not an abstract).
"""

from __future__ import annotations

import re

from generator.importers.formats import lab_listing
from generator.importers.records import DumpError, RawPaper, paragraph
from generator.problems import Problem

NAME = "abstract-lines"
DESCRIPTION = "one abstract a line, nothing else"
EXTENSIONS = (".txt",)
MIN_WORDS = 3
_MARKUP = re.compile(r"^(?:<|\{|@\w+\s*[{(]|[A-Z][A-Z0-9]  - )")   # XML/HTML, JSON, BibTeX, RIS


def _misfit(text: str) -> str | None:
    """Why a line is not an abstract, or None when it can be one."""
    if _MARKUP.match(text):
        return f"expected one abstract a line, found markup: {text[:60]!r}"
    if lab_listing.is_header_line(text) or lab_listing.DATE_LINE.match(text):
        return f"expected one abstract a line, found a lab-listing header or date line: {text[:60]!r}"
    if len(text.split()) < MIN_WORDS:
        return f"expected one abstract a line, found {len(text.split())} word(s): {text[:60]!r}"
    return None


def looks_like(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and not any(_misfit(line) for line in filled)


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    papers, problems = [], []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        misfit = _misfit(text)
        if misfit:
            problems.append(Problem(display, number, misfit))
            continue
        papers.append(RawPaper(source=f"{dump_name}:{number}", abstract=paragraph(text)))
    if problems:
        raise DumpError(problems, papers)
    return papers
