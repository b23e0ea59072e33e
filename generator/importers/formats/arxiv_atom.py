"""Format `arxiv-atom`: an arXiv API response, as
`curl 'http://export.arxiv.org/api/query?id_list=...'` returns it (Atom XML), read by feedparser.

Wrapped titles are joined, versioned ids (`2301.01234v2`) become the `arxiv` link without the
version, `published` gives the date and `categories` holds the primary category, then the cross-lists.
"""

from __future__ import annotations

import re
import xml.sax

import feedparser

from generator.curation import identifiers
from generator.importers.records import DumpError, RawPaper, paragraph
from generator.models import PartialDate
from generator.names import split_byline
from generator.problems import Problem

NAME = "arxiv-atom"
DESCRIPTION = "an arXiv API response (Atom XML from export.arxiv.org/api/query)"
EXTENSIONS = (".xml", ".atom")
_ENTRY = re.compile(r"<(?:atom:)?entry[\s>]")


def looks_like(lines: list[str]) -> bool:
    head = "\n".join(lines[:40])
    return bool(re.search(r"<(?:atom:)?feed\b", head)) and "arxiv.org" in "\n".join(lines)


def parse(lines: list[str], dump_name: str, display: str) -> list[RawPaper]:
    text = "\n".join(lines)
    parsed = feedparser.parse(text.encode("utf-8"), sanitize_html=False, resolve_relative_uris=False)
    # Ill-formed XML (a response cut off mid-entry) is refused whole: feedparser's loose parser
    # would still give entries, with an author list or an abstract cut short. Other bozo
    # reasons (an encoding declared otherwise) are not damage.
    if parsed.bozo and (not parsed.entries or isinstance(parsed.bozo_exception, xml.sax.SAXException)):
        error = parsed.bozo_exception
        line = getattr(error, "getLineNumber", lambda: 1)() or 1
        raise DumpError([Problem(display, line, f"not a readable Atom document: {error}")])
    entry_lines = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY.finditer(text)]
    papers, problems = [], []
    for index, entry in enumerate(parsed.entries):
        line = entry_lines[index] if index < len(entry_lines) else 1
        arxiv = identifiers.normalise_arxiv(entry.get("id", ""))
        if arxiv is None:
            what = paragraph(entry.get("summary", "") or entry.get("title", ""))[:80]
            problems.append(Problem(display, line, f"entry is not an arXiv paper (id {entry.get('id')!r}): {what!r}"))
            continue
        papers.append(_paper(entry, arxiv, f"{dump_name}:{line}"))
    if not papers and not problems:
        problems.append(Problem(display, 1, "the arXiv response holds no entries"))
    if problems:
        raise DumpError(problems, papers)
    return papers


def _paper(entry: feedparser.FeedParserDict, arxiv: str, source: str) -> RawPaper:
    primary = (entry.get("arxiv_primary_category") or {}).get("term")
    # The primary category first (the topic prior reads it), then the cross-lists.
    categories = list(dict.fromkeys([*([primary] if primary else []), *(t.get("term") or "" for t in entry.get("tags", []))]))
    published = entry.get("published", "")[:10]
    # "NVIDIA: Aaron Blakeman, ..." arrives as the authors 'NVIDIA', ':', 'Aaron Blakeman'
    collaboration, authors = split_byline(paragraph(a.get("name", "")) for a in entry.get("authors", []))
    return RawPaper(
        source=source,
        abstract=paragraph(entry.get("summary", "")),
        title=paragraph(entry.get("title", "")) or None,
        authors=authors, collaboration=collaboration,
        published=PartialDate.parse(published),
        categories=tuple(filter(identifiers.is_arxiv_category, categories)),
        doi=identifiers.normalise_doi(entry.get("arxiv_doi")),
        arxiv=arxiv)
