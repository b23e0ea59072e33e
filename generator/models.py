"""The digest's model: frozen values that every later stage reads and none mutates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Lab:
    slug: str
    name: str
    url: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str


@dataclass(frozen=True, order=True)
class PartialDate:
    """A publication date exactly as precise as its source: a year, a month or a day.

    Sources such as BibTeX often give only a year; storing it as 1 January would show readers
    a day nobody gave, so the missing parts stay missing.
    """

    year: int
    month: int | None = None
    day: int | None = None

    _PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

    @classmethod
    def parse(cls, value: object) -> "PartialDate | None":
        """'2023', '2023-05' or '2023-05-17' (an int year too); None when it is none of them or no such day."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        match = cls._PATTERN.fullmatch(value) if isinstance(value, str) else None
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    @classmethod
    def of(cls, date: dt.date) -> "PartialDate":
        return cls(date.year, date.month, date.day)

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    def as_yaml(self) -> "dt.date | str":
        """A full date as a YAML date (as curators write it), a partial one as text."""
        return dt.date(self.year, self.month, self.day) if self.day else self.isoformat()


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    abstract: str
    added: dt.date
    path: str = ""
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    labs: tuple[str, ...] = ()
    labs_inferred: tuple[str, ...] = ()
    published: PartialDate | None = None
    links: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    title_derived: bool = False
    categories: tuple[str, ...] = ()
    collaboration: str | None = None     # the group a byline opens with ('NVIDIA:'); not an author
    # The file names labs or labs_inferred, even as an empty list: the curator has decided, and
    # `digest labs suggest --write` leaves the paper alone.
    labs_decided: bool = False

    def link(self, kind: str) -> str | None:
        """The first link of a kind ('code' finds 'code' and 'code-2'), or None."""
        return next((url for k, url in sorted(self.links.items()) if k.split("-")[0] == kind), None)

    @property
    def all_labs(self) -> tuple[str, ...]:
        """Given labs first, then inferred ones not already given."""
        return self.labs + tuple(s for s in self.labs_inferred if s not in self.labs)


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """By `added`, newest first; ties by id, so every listing and feed is stable."""
    return sorted(papers, key=lambda p: (-p.added.toordinal(), p.id))


@dataclass(frozen=True)
class Exemplar:
    """A labelled paper that teaches the topic classifier (content/exemplars.jsonl): not a paper
    of the digest, never shown on the site."""

    title: str
    abstract: str
    topics: tuple[str, ...]      # primary first
    source: str = ""             # where it came from, e.g. arXiv:2503.01234
    line: int = 0                # its line in exemplars.jsonl


@dataclass(frozen=True)
class Digest:
    papers: tuple[Paper, ...]
    labs: Mapping[str, Lab]
    topics: Mapping[str, Topic]
    exemplars: tuple[Exemplar, ...] = ()

    def paper(self, paper_id: str) -> Paper:
        for paper in self.papers:
            if paper.id == paper_id:
                return paper
        raise KeyError(paper_id)


@dataclass(frozen=True)
class Keyphrase:
    text: str          # display form, the text's own casing
    score: float
    key: str           # stemmed identity: variants (case, plural) share it


@dataclass(frozen=True, eq=False)
class Enrichment:
    """What the enrich stage derives from a paper's text; lives in the cache, never in content/."""

    keyphrases: tuple[Keyphrase, ...]
    embedding: "np.ndarray"    # unit-length float32
    highlight: str = ""        # the abstract's sentence that says what the paper contributes
