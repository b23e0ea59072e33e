"""Merging what several dumps say about one paper into one record."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from generator.curation.rules import normalise_text, normalise_title
from generator.importers.abstract_text import extract_links
from generator.importers.records import RawPaper

TITLE_SIMILARITY = 0.95


@dataclass
class MergedPaper:
    """Everything the dumps know about one paper; `raws` in source order."""

    raws: list[RawPaper] = field(default_factory=list)

    @property
    def abstract(self) -> str:
        return self.raws[0].abstract

    @property
    def title(self) -> str | None:
        return next((r.title for r in self.raws if r.title), None)

    @property
    def authors(self) -> tuple[str, ...]:
        return max((r.authors for r in self.raws), key=len, default=())

    @property
    def authors_truncated(self) -> bool:
        best = self.authors
        return any(r.authors_truncated for r in self.raws if r.authors == best and best)

    @property
    def labs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lab for r in self.raws for lab in r.labs))

    @property
    def published(self):
        return next((r.published for r in self.raws if r.published), None)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for r in self.raws for c in r.categories))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.source for r in self.raws))

    @property
    def links(self) -> dict[str, str]:
        return extract_links(self.abstract)


def same_title(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = normalise_title(a), normalise_title(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def merge(raws: Iterable[RawPaper]) -> list[MergedPaper]:
    """Group raw papers that are the same paper: same abstract up to whitespace, case and
    Unicode normalisation, or near-identical titles. Order follows first appearance."""
    merged: list[MergedPaper] = []
    by_abstract: dict[str, MergedPaper] = {}
    for raw in raws:
        key = normalise_text(raw.abstract)
        target = by_abstract.get(key) or next((m for m in merged if same_title(m.title, raw.title)), None)
        if target is None:
            target = MergedPaper()
            merged.append(target)
        target.raws.append(raw)
        by_abstract.setdefault(key, target)
    return merged
