"""Merging what several sources say about one paper into one record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from generator.curation.rules import normalise_text
from generator.curation import identifiers
from generator.curation.identifiers import add_link
from generator.importers.abstract_text import extract_links
from generator.importers.records import RawPaper
from generator.importers.title_index import TitleIndex
from generator.models import PartialDate

@dataclass
class MergedPaper:
    """Everything the sources know about one paper; `raws` in source order."""

    raws: list[RawPaper] = field(default_factory=list)

    @property
    def abstract(self) -> str:
        return next((r.abstract for r in self.raws if r.abstract), "")

    @property
    def title(self) -> str | None:
        return next((r.title for r in self.raws if r.title), None)

    @property
    def authors(self) -> tuple[str, ...]:
        return max((r.authors for r in self.raws), key=len, default=())

    @property
    def collaboration(self) -> str | None:
        return next((r.collaboration for r in self.raws if r.collaboration), None)

    @property
    def authors_truncated(self) -> bool:
        best = self.authors
        return any(r.authors_truncated for r in self.raws if r.authors == best and best)

    @property
    def labs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lab for r in self.raws for lab in r.labs))

    @property
    def published(self) -> PartialDate | None:
        """The most precise date a source gives (a day beats a month beats a year)."""
        dates = [r.published for r in self.raws if r.published]
        return max(dates, key=lambda d: (d.month is not None) + (d.day is not None), default=None)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for r in self.raws for c in r.categories))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.source for r in self.raws))

    @property
    def doi(self) -> str | None:
        return next((r.doi for r in self.raws if r.doi), None)

    @property
    def arxiv(self) -> str | None:
        return next((r.arxiv for r in self.raws if r.arxiv), None)

    @property
    def links(self) -> dict[str, str]:
        """The identifiers' links first, then links the sources name, then those in the abstract."""
        named: list[tuple[str, str]] = []
        if self.arxiv:
            named.append(("arxiv", identifiers.arxiv_url(self.arxiv)))
        if self.doi:
            named.append(("doi", identifiers.doi_url(self.doi)))
        named += [pair for r in self.raws for pair in r.links]
        named += list(extract_links(self.abstract).items())
        links: dict[str, str] = {}
        for kind, url in named:
            # the arXiv id's own link stands for the paper; other arXiv URLs are versions of it
            if not (kind.startswith("arxiv") and self.arxiv and "arxiv" in links):
                add_link(links, kind, url)
        return links

    def identity_keys(self) -> list[str]:
        """Keys that name this paper whatever the source: DOI, arXiv id, abstract."""
        keys = [f"doi:{r.doi}" for r in self.raws if r.doi] + [f"arxiv:{r.arxiv}" for r in self.raws if r.arxiv]
        keys += [f"abstract:{normalise_text(r.abstract)}" for r in self.raws if r.abstract]
        return keys


def _raw_keys(raw: RawPaper) -> list[str]:
    return MergedPaper([raw]).identity_keys()


def merge(raws: Iterable[RawPaper]) -> list[MergedPaper]:
    """Group raw papers that are the same paper: same DOI, same arXiv id, same abstract up to
    whitespace, case and Unicode normalisation, or near-identical titles. Order follows first
    appearance."""
    merged: list[MergedPaper] = []
    by_key: dict[str, MergedPaper] = {}
    titles: TitleIndex[MergedPaper] = TitleIndex()
    for raw in raws:
        keys = _raw_keys(raw)
        target = next((by_key[k] for k in keys if k in by_key), None) or titles.find(raw.title)
        if target is None:
            target = MergedPaper()
            merged.append(target)
        had_title = target.title is not None
        target.raws.append(raw)
        if not had_title and target.title is not None:
            # a paper's title is its first source's that has one: indexed once, when it has one
            titles.add(target.title, target)
        for key in keys:
            by_key.setdefault(key, target)
    return merged
