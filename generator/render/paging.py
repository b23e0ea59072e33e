"""Long lists split into numbered pages, so that no page grows with the digest.

A listing at `base` (a docs path without `.md`, such as `topics/nerf`) keeps its address for its
first page (`topics/nerf.md` → `/topics/nerf/`); the others go beneath it
(`topics/nerf/page-2.md` → `/topics/nerf/page-2/`). An empty listing is one empty page, so every
listing has a first page to link to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

Item = TypeVar("Item")

# A paper in a list is about 1.2 KB of HTML (title, authors, highlight): 100 of them keep a page
# near 150 KB, under the 1 MB a page may weigh, whatever the digest's size.
PAPERS_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[Item]):
    base: str
    number: int                  # 1-based
    count: int                   # how many pages the listing has
    items: Sequence[Item]
    first_index: int             # position of items[0] in the whole listing, 0-based
    total: int                   # items in the whole listing

    @property
    def path(self) -> str:
        return page_path(self.base, self.number)

    @property
    def numbers(self) -> list[int | None]:
        """Page numbers a pager shows: the first, the last and two either side of this one;
        None where a run is left out."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out

    def href(self, number: int) -> str:
        """Link from this page to page `number` of the same listing (docs-relative .md link)."""
        here = self.path.count("/")
        return "../" * here + page_path(self.base, number)


def page_path(base: str, number: int) -> str:
    return f"{base}.md" if number == 1 else f"{base}/page-{number}.md"


def paginate(base: str, items: Sequence[Item], per_page: int = PAPERS_PER_PAGE) -> list[Page[Item]]:
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    count = max(1, math.ceil(len(items) / per_page))
    return [Page(base, n, count, items[(n - 1) * per_page:n * per_page], (n - 1) * per_page, len(items))
            for n in range(1, count + 1)]
