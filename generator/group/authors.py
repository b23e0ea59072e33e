"""The author index: one entry per name, whatever the spelling differences, with a stable slug.

Names are matched by `author_key` (case, accents, punctuation and spacing ignored), so
"Matthieu Gaëtan Lin" and "matthieu gaetan lin" are one author. A name is all the digest
knows: two people who share one are one entry, but not silently. When the entry's papers fall
into groups that share no co-author and no lab, `possibly_several` says so, and the author page
shows it, so that a curator can tell the papers apart (see docs/reading.md).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.models import Digest, Paper, newest_first
from generator.names import author_key

# An author gets a page (and feeds) from their second paper in the digest. A real field's day
# brings thousands of names seen once: pages for them made up most of the site (14,515 author
# pages for 3,246 papers) while telling a reader nothing the paper page does not. Their names
# stay on the paper pages and in search.
AUTHOR_PAGE_MIN_PAPERS = 2


@dataclass(frozen=True)
class Author:
    key: str
    slug: str                    # the page and feed name: authors/<slug>/, feed-author-<slug>.*
    name: str                    # the spelling used most (ties: alphabetical)
    papers: tuple[str, ...]      # paper ids, newest first
    possibly_several: bool = False

    @property
    def has_page(self) -> bool:
        return len(self.papers) >= AUTHOR_PAGE_MIN_PAPERS


def author_identity(name: str) -> str:
    """The key two spellings of one name share; names with no Latin letters (王伟) keep their own
    characters, case-folded."""
    return author_key(name) or " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def author_slug(key: str) -> str:
    """Latin names read as themselves ('xinglong-sun'); others get a stable hash ('author-1a2b3c4d')."""
    if key and all(part.isascii() and part.isalnum() for part in key.split()):
        return key.replace(" ", "-")
    return "author-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def author_index(digest: Digest) -> dict[str, Author]:
    """author key -> Author, for every author of every paper."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    papers: dict[str, list[Paper]] = defaultdict(list)
    for paper in digest.papers:
        for name in dict.fromkeys(paper.authors):
            key = author_identity(name)
            if key:
                spellings[key][name] += 1
                if paper not in papers[key]:
                    papers[key].append(paper)
    return {key: Author(key, author_slug(key), min(spellings[key], key=lambda n: (-spellings[key][n], n)),
                        tuple(p.id for p in newest_first(papers[key])), _disconnected(key, papers[key]))
            for key in sorted(spellings)}


def _disconnected(key: str, papers: list[Paper]) -> bool:
    """The papers fall into two or more groups that share no co-author and no lab."""
    if len(papers) < 2:
        return False
    marks = [{author_identity(n) for n in p.authors} - {key} | {f"lab:{s}" for s in p.all_labs} for p in papers]
    seen, frontier = {0}, [0]
    while frontier:
        current = frontier.pop()
        for other in range(len(papers)):
            if other not in seen and marks[current] & marks[other]:
                seen.add(other)
                frontier.append(other)
    return len(seen) < len(papers)
