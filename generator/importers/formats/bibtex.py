"""Format `bibtex`: a `.bib` file as Zotero, Google Scholar, DBLP or a conference exports it.

Parsed by bibtexparser 2 (`@string` macros, month macros, comments, duplicate keys); LaTeX in
titles, names and abstracts is decoded by pylatexenc (`M{\\"u}ller` -> Müller, `{MP2}` -> MP2)
with `$...$` math kept for the site to render. Names are turned around (`Last, First`), and
`and others` marks the author list as truncated.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from generator.curation import identifiers
from generator.importers.records import DumpError, RawPaper, paragraph
from generator.models import PartialDate
from generator.names import split_byline
from generator.problems import Problem

NAME = "bibtex"
DESCRIPTION = "BibTeX (.bib): @article{key, title = {...}, ...} entries"
EXTENSIONS = (".bib", ".bibtex")
_ENTRY_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]")
_NOT_ENTRIES = {"comment", "preamble", "string"}
# A value ending a line with } or " and the next line opening a standard field: a missing comma.
_FIELD_NAMES = ("abstract|address|archiveprefix|author|booktitle|doi|editor|eprint|institution|isbn|issn|"
                "journal|keywords|month|note|number|organization|pages|primaryclass|publisher|school|title|"
                "url|volume|year")
_RUNS_INTO = re.compile(rf"[}}\"]\s*\n\s*({_FIELD_NAMES})\s*=\s*[{{\"\d]", re.IGNORECASE)
_FIELD_START = re.compile(r"^\s*([A-Za-z][\w-]*)\s*=", re.MULTILINE)
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
# bibtexparser logs each broken block; they are reported as problems with their line instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


def looks_like(lines: list[str]) -> bool:
    return any(_ENTRY_START.match(line) and not line.strip().lower().startswith(("@comment", "@preamble"))
               for line in lines)


def _library(text: str) -> bibtexparser.Library:
    return bibtexparser.parse_string(text, append_middleware=[
        middlewares.MonthIntMiddleware(True), middlewares.SeparateCoAuthors(True),
        middlewares.SplitNameParts(True)])


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    library = _library("\n".join(lines))
    problems = [_failure(block, display) for block in library.failed_blocks
                if not isinstance(block, DuplicateBlockKeyBlock)]
    # A key used twice is the exporter's slip, not a broken entry: both papers are imported. The
    # second entry skipped bibtexparser's middlewares (its names were not split), so it is parsed
    # again on its own.
    entries = list(library.entries) + [_alone(block) for block in library.failed_blocks
                                       if isinstance(block, DuplicateBlockKeyBlock)
                                       and isinstance(block.ignore_error_block, Entry)]
    papers = []
    for entry in sorted(entries, key=lambda e: e.start_line or 0):
        if entry.entry_type.lower() in _NOT_ENTRIES:
            continue
        try:
            _check_commas(entry)
            papers.append(_paper(entry, dump_name))
        except ValueError as exc:
            line = (entry.start_line or 0) + 1 + getattr(exc, "line", 0)
            problems.append(Problem(display, line, f"@{entry.entry_type}{{{entry.key}}}: {exc}"))
    if problems:
        raise DumpError(sorted(problems, key=lambda p: p.line), papers)
    return papers


def _alone(duplicate: DuplicateBlockKeyBlock) -> Entry:
    entry = duplicate.ignore_error_block
    parsed = _library(duplicate.raw or "").entries
    if len(parsed) != 1:
        return entry
    return Entry(parsed[0].entry_type, parsed[0].key, parsed[0].fields, start_line=entry.start_line, raw=entry.raw)


class _MissingComma(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _check_commas(entry: Entry) -> None:
    """bibtexparser reads `title = {A}` then, without the comma, `author = {B}` on the next line as
    one title: refused, since the paper would be imported with its authors in its title. Found in
    the entry as written (a comma after the value stops the match), whatever the field's parsed
    value became (an author list is split into names); the error names the line."""
    raw = entry.raw or ""
    found = _RUNS_INTO.search(raw)
    if found:
        field = _FIELD_START.findall(raw[:found.start()])[-1:] or ["?"]
        raise _MissingComma(f"field '{field[0]}' runs into '{found.group(1)} = ...' on its next line: "
                            "is a comma missing after it?", raw[:found.start()].count("\n"))


def _failure(block: ParsingFailedBlock, display: str) -> Problem:
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    head = (block.raw or "").strip().split("\n", 1)[0][:60]
    return Problem(display, (block.start_line or 0) + 1, f"malformed BibTeX entry {head!r}: {reason}")


def _text(entry: Entry, key: str) -> str | None:
    field = entry.fields_dict.get(key) or next(
        (f for f in entry.fields if f.key.lower() == key), None)
    if field is None or not isinstance(field.value, str):
        return None
    return paragraph(_decoded(field.value)) or None


def _decoded(value: str) -> str:
    """LaTeX decoded to text. A bare % in a field is the text's own ("improves accuracy by 86%"),
    as BibTeX reads it, not a LaTeX comment: escaped first, or the rest of its line would be lost."""
    return _DECODER.latex_to_text(_BARE_PERCENT.sub(r"\\%", value))


def _raw(entry: Entry, key: str) -> str | None:
    """A field taken literally (identifiers and URLs: no LaTeX decoding, which eats `~` and `_`)."""
    field = next((f for f in entry.fields if f.key.lower() == key), None)
    if field is None or not isinstance(field.value, str):
        return None
    return field.value.strip().strip("{}").replace("\\_", "_").strip() or None


def _paper(entry: Entry, dump_name: str) -> RawPaper:
    names, truncated = _authors(entry)
    collaboration, authors = split_byline(names)      # 'NVIDIA and : and ...', '{ATLAS Collaboration}'
    doi = identifiers.normalise_doi(_raw(entry, "doi"))
    arxiv = _arxiv_id(entry)
    links = []
    url = identifiers.http_url(_raw(entry, "url"))
    if url:
        kind = identifiers.link_kind(url)
        if kind == "doi":
            doi = doi or identifiers.normalise_doi(url)
        elif kind == "arxiv":
            arxiv = arxiv or identifiers.normalise_arxiv(url)
        else:
            links.append((kind, url))
    category = _raw(entry, "primaryclass") if arxiv else None
    return RawPaper(
        source=f"{dump_name}:{(entry.start_line or 0) + 1}",
        abstract=_text(entry, "abstract") or "",
        title=_text(entry, "title"),
        authors=authors, authors_truncated=truncated, collaboration=collaboration,
        published=_published(entry),
        categories=(category,) if category and identifiers.is_arxiv_category(category) else (),
        doi=doi, arxiv=arxiv, links=tuple(links))


def _authors(entry: Entry) -> tuple[tuple[str, ...], bool]:
    field = entry.fields_dict.get("author") or entry.fields_dict.get("editor")
    if field is None or isinstance(field.value, str):
        return (), False
    names, truncated = [], False
    for parts in field.value:
        if isinstance(parts, str):                       # SplitNameParts could not split it
            parts_text = parts
        else:
            if [w.lower() for w in parts.last] == ["others"] and not parts.first:
                truncated = True
                continue
            parts_text = " ".join(parts.first + parts.von + parts.last)
            if parts.jr:
                parts_text += ", " + " ".join(parts.jr)
        name = paragraph(_decoded(parts_text))
        if name:
            names.append(name)
    return tuple(names), truncated


def _arxiv_id(entry: Entry) -> str | None:
    prefix = (_raw(entry, "archiveprefix") or _raw(entry, "eprinttype") or "").lower()
    eprint = _raw(entry, "eprint")
    if eprint and (prefix == "arxiv" or not prefix):
        found = identifiers.normalise_arxiv(eprint)
        if found:
            return found
    # Google Scholar: journal = {arXiv preprint arXiv:2301.01234}
    venue = _raw(entry, "journal") or _raw(entry, "note") or ""
    match = re.search(r"arxiv[: ]\s*(\S+)", venue, re.IGNORECASE)
    return identifiers.normalise_arxiv(match.group(1)) if match else None


def _published(entry: Entry) -> PartialDate | None:
    date = PartialDate.parse((_raw(entry, "date") or "")[:10])
    if date:
        return date
    year_text = _raw(entry, "year") or ""
    if not re.fullmatch(r"\d{4}", year_text):
        return None
    month_field = entry.fields_dict.get("month")
    month = month_field.value if month_field is not None else None
    if isinstance(month, str) and month.strip().isdigit():
        month = int(month.strip())
    return PartialDate(int(year_text), month if isinstance(month, int) and 1 <= month <= 12 else None)
