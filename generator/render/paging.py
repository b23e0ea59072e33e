"""Long lists split into numbered pages, so that no page grows with the digest.

A listing at `base` (a docs path without `.md`, such as `topics/nerf`) keeps its address for its
first page (`topics/nerf.md` → `/topics/nerf/`); the others go beneath it
(`topics/nerf/page-2.md` → `/topics/nerf/page-2/`). An empty listing is one empty page, so every
listing has a first page to link to.

Lists of papers, newest first, are paged by age (`paginate_by_age`): their older pages are
numbered from the oldest and never change as papers arrive, so a day's build renders a listing's
newest page again, not all of them. Lists by name (authors by letter, the keyphrase index) are
paged by count (`paginate`).
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
    # Paged by age (`paginate_by_age`): an older page's label, counted from the oldest (None on
    # the newest page), and on the newest page the older pages' labels, newest first.
    label: int | None = None
    older: tuple[int, ...] = ()
    by_age: bool = False

    @property
    def path(self) -> str:
        return age_page_path(self.base, self.label) if self.by_age else page_path(self.base, self.number)

    @property
    def shown_number(self) -> int:
        return self.label if self.label is not None else self.number

    def href_label(self, label: int | None) -> str:
        """Link from this page to a page of the same listing paged by age (None: its newest)."""
        return "../" * self.path.count("/") + age_page_path(self.base, label)

    @property
    def newer_label(self) -> int | None:
        """The label of the next newer page (None: the newest page)."""
        return self.label + 1 if self.label is not None and self.label < self.count - 1 else None

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


def age_page_path(base: str, label: int | None) -> str:
    """A page of a listing paged by age: its newest (label None) at `base`, the others by label."""
    return f"{base}.md" if label is None else f"{base}/page-{label}.md"


def paginate(base: str, items: Sequence[Item], per_page: int = PAPERS_PER_PAGE) -> list[Page[Item]]:
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    count = max(1, math.ceil(len(items) / per_page))
    return [Page(base, n, count, items[(n - 1) * per_page:n * per_page], (n - 1) * per_page, len(items))
            for n in range(1, count + 1)]


def paginate_by_age(base: str, items: Sequence[Item], per_page: int = PAPERS_PER_PAGE) -> list[Page[Item]]:
    """`items` newest first, paged so that pages never change as newer items arrive: the oldest
    items fill pages of exactly `per_page`, labelled from the oldest (`base/page-1.md` holds the
    first `per_page` ever listed), and the newest page at `base` holds the rest (from `per_page`
    to twice that, or all when fewer). A new day then renders a listing's newest page again, and
    one older page when it fills, not every page of it (issue 34)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    total = len(items)
    older = max(0, total // per_page - 1)
    newest = total - older * per_page
    pages = [Page(base, 1, older + 1, items[:newest], 0, total, older=tuple(range(older, 0, -1)), by_age=True)]
    for label in range(older, 0, -1):
        start = total - label * per_page
        pages.append(Page(base, older - label + 2, older + 1, items[start:start + per_page], start, total,
                          label=label, by_age=True))
    return pages
