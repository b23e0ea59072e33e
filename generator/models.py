"""The digest's model: frozen values that every later stage reads and none mutates."""

from __future__ import annotations

import datetime as dt
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
    published: dt.date | None = None
    links: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    title_derived: bool = False
    categories: tuple[str, ...] = ()

    @property
    def all_labs(self) -> tuple[str, ...]:
        """Given labs first, then inferred ones not already given."""
        return self.labs + tuple(s for s in self.labs_inferred if s not in self.labs)


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """By `added`, newest first; ties by id, so every listing and feed is stable."""
    return sorted(papers, key=lambda p: (-p.added.toordinal(), p.id))


@dataclass(frozen=True)
class Digest:
    papers: tuple[Paper, ...]
    labs: Mapping[str, Lab]
    topics: Mapping[str, Topic]

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
