"""Format `ris`: RIS records (`.ris`) as EndNote, Mendeley or Zotero export them.

Each record runs from `TY  -` to `ER  -`; records are cut out here (so that each keeps its line
number and a broken one is reported on its own) and each is read by rispy.
"""

from __future__ import annotations

import re

import rispy

from generator.curation import identifiers
from generator.importers.records import DumpError, RawPaper, paragraph
from generator.models import PartialDate
from generator.names import split_byline
from generator.problems import Problem

NAME = "ris"
DESCRIPTION = "RIS (.ris): records from 'TY  - ' to 'ER  - '"
EXTENSIONS = (".ris",)
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")


def looks_like(lines: list[str]) -> bool:
    first = next((line.lstrip("\ufeff").strip() for line in lines if line.strip()), "")
    return bool(re.match(r"^TY  -", first))


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    start: int | None = None
    for number, line in enumerate(lines, 1):
        text = line.lstrip("\ufeff").rstrip()
        tag = _TAG.match(text)
        if tag and tag.group(1) == "TY":
            if start is not None:
                problems.append(Problem(display, start, "RIS record has no 'ER  - ' line before the next 'TY  - '"))
            start = number
        elif tag and tag.group(1) == "ER":
            if start is None:
                problems.append(Problem(display, number, "'ER  - ' with no record open ('TY  - ' missing)"))
                continue
            _read_record(lines[start - 1:number], f"{dump_name}:{start}", display, start, papers, problems)
            start = None
        elif text and start is None:
            problems.append(Problem(display, number, f"text outside a RIS record: {text[:60]!r}"))
    if start is not None:
        problems.append(Problem(display, start, "RIS record has no 'ER  - ' end"))
    if problems:
        raise DumpError(sorted(problems, key=lambda p: p.line), papers)
    return papers


def _read_record(lines: list[str], source: str, display: str, line: int,
                 papers: list[RawPaper], problems: list[Problem]) -> None:
    try:
        (record,) = rispy.loads("\n".join(lines))
    except (ValueError, IOError) as exc:
        problems.append(Problem(display, line, f"unreadable RIS record: {exc}"))
        return
    papers.append(_paper(record, source))


def _first(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return paragraph(value)
    return None


def _paper(record: dict, source: str) -> RawPaper:
    names = [*record.get("authors", []), *record.get("first_authors", [])]
    doi = identifiers.normalise_doi(_first(record, "doi"))
    arxiv = None
    links = []
    for url in record.get("urls", []):
        url = identifiers.http_url(url)
        if not url:
            continue
        kind = identifiers.link_kind(url)
        if kind == "doi":
            doi = doi or identifiers.normalise_doi(url)
        elif kind == "arxiv":
            arxiv = arxiv or identifiers.normalise_arxiv(url)
        elif (kind, url) not in links:
            links.append((kind, url))
    collaboration, authors = split_byline(dict.fromkeys(turn_name(n) for n in names if n.strip()))
    return RawPaper(
        source=source,
        abstract=_first(record, "abstract", "notes_abstract") or "",
        title=_first(record, "title", "primary_title", "translated_title"),
        authors=authors, collaboration=collaboration,
        published=_published(_first(record, "date", "year", "publication_year")),
        doi=doi, arxiv=arxiv, links=tuple(links))


def turn_name(name: str) -> str:
    """'Müller, Jörg' -> 'Jörg Müller'; 'Smith, Jr., John' -> 'John Smith, Jr.'; other forms as they are."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3:
        return f"{parts[2]} {parts[0]}, {parts[1]}"
    return paragraph(name)


def _published(text: str | None) -> PartialDate | None:
    """RIS dates: '2021', '2021/05/03/', '2021///', '2021-05-03'."""
    if not text:
        return None
    fields = [f for f in re.split(r"[/-]", text.strip())[:3]]
    numbers = []
    for field in fields:
        if not field.isdigit():
            break
        numbers.append(int(field))
    if not numbers or not 1000 <= numbers[0] <= 9999:
        return None
    iso = "-".join([f"{numbers[0]:04d}"] + [f"{n:02d}" for n in numbers[1:]])
    return PartialDate.parse(iso) or PartialDate(numbers[0])
