"""What a dump says about one paper, before merging."""

from __future__ import annotations

from dataclasses import dataclass

from generator.models import PartialDate
from generator.problems import Problem


@dataclass(frozen=True)
class RawPaper:
    source: str                      # "<dump file name>:<line>", the paper's first line
    abstract: str
    title: str | None = None
    authors: tuple[str, ...] = ()   # people only: a group the byline opens with is `collaboration`
    collaboration: str | None = None
    authors_truncated: bool = False
    labs: tuple[str, ...] = ()
    published: PartialDate | None = None
    categories: tuple[str, ...] = ()
    doi: str | None = None           # bare, lowercase: "10.1234/abc"
    arxiv: str | None = None         # without version: "2301.01234", "hep-th/9901001"
    links: tuple[tuple[str, str], ...] = ()   # (kind, url) the source names, besides doi/arxiv


class DumpError(Exception):
    """A dump that cannot be imported whole; carries one problem per offending line, and the
    papers of the dump that did read cleanly (for `digest import --keep-going`)."""

    def __init__(self, problems: list[Problem], papers: list[RawPaper] | tuple[RawPaper, ...] = ()):
        self.problems = problems
        self.papers = list(papers)
        super().__init__("\n".join(map(str, problems)))


def paragraph(text: str) -> str:
    """One paragraph of running text: whitespace runs (wrapped lines, tabs) become one space."""
    return " ".join(text.split())
