"""The author index: one entry per person, whatever the spelling differences."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.models import Digest
from generator.names import author_key


@dataclass(frozen=True)
class Author:
    key: str
    name: str                    # the spelling used most (ties: alphabetical)
    papers: tuple[str, ...]      # paper ids, sorted


def author_index(digest: Digest) -> dict[str, Author]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    papers: dict[str, set[str]] = defaultdict(set)
    for paper in digest.papers:
        for name in paper.authors:
            key = author_key(name)
            if key:
                spellings[key][name] += 1
                papers[key].add(paper.id)
    return {key: Author(key, min(spellings[key], key=lambda n: (-spellings[key][n], n)), tuple(sorted(papers[key])))
            for key in sorted(spellings)}
