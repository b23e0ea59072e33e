"""What a site is, for rendering it: its name and address, and, for a digest in parts
(generator/publish/parts.py), where its paper pages live and which parts it links to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from generator.models import Paper


def period_label(key: str) -> str:
    """'2026' -> '2026', '2026-q4' -> 'Q4 2026', '2026-11' -> 'November 2026'."""
    if "-q" in key:
        year, quarter = key.split("-q")
        return f"Q{quarter} {year}"
    if "-" in key:
        return dt.date.fromisoformat(key + "-01").strftime("%B %Y")
    return key


@dataclass(frozen=True)
class PartLink:
    """A deployable part of the digest (generator/publish/parts.py), as the root links into it."""
    key: str                             # its folder below the root: '2025', '2025-q4', '2025-11'
    label: str                           # 'Q4 2025'
    papers: int
    topics: Mapping[str, int]            # topic slug -> the part's papers in it
    authors: Mapping[str, int]           # author slug -> papers, for the authors with a page there


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str               # site_url, ending in '/'
    description: str
    # With parts: where this site's paper pages live below its root ('2026-12/' while the root
    # holds the current period, so that a paper's address does not change when the period
    # closes), the closed parts the root links to, newest first, and, in a part, the root's URL.
    papers_prefix: str = ""
    parts: tuple[PartLink, ...] = ()
    home: str = ""

    def part_url(self, part: PartLink) -> str:
        return f"{self.url}{part.key}/"

    @property
    def current_label(self) -> str:
        """The period this site's own papers are of, when the root of a digest in parts."""
        return period_label(self.papers_prefix.rstrip("/")) if self.papers_prefix else ""


@dataclass(frozen=True)
class MapScope:
    """What the map shows when it is more than the site's own papers: at the root of a digest in
    parts, every paper of every part, each linked to its page in its part."""
    papers: tuple[Paper, ...]
    first_topics: Mapping[str, str | None]        # paper id -> its first topic (None: unsorted)
    prefixes: Mapping[str, str]                   # paper id -> the folder of its page below the root
