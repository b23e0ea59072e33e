"""Near-identical abstracts: a paper whose abstract a curator corrected is still found on re-import.

An incoming paper is matched by its source line, its DOI or arXiv id, its exact abstract (up to
whitespace, case and Unicode) or its title. After a curator corrects a few words of an abstract
("overfitting in large" -> "over-fitting in big"), a dump without identifiers, read under another
file name, matches none of those when the title was derived from the words that changed, and
the paper would be written twice. So abstracts are also indexed by their word 8-grams, and an
abstract at rapidfuzz Indel ratio >= 0.95 is a candidate.

A candidate only, because on the 2,928 bench papers two different arXiv papers share an abstract
at 0.999 under different titles (2511.15535, 2511.16294), and two related papers of one group
sit at 0.89: the caller also requires that no identifier and no given title says otherwise.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from typing import Generic, TypeVar

from rapidfuzz.distance import Indel

from generator.curation.rules import normalise_text

T = TypeVar("T")

ABSTRACT_SIMILARITY = 0.95
_SHINGLE_WORDS = 8
_COMMON_SHINGLE = 50        # boilerplate ("our code is available at ...") is not evidence
_CANDIDATES = 5             # the abstracts sharing most shingles that are compared in full
_SAMPLE = 4


def _shingles(normalised: str) -> set[int]:
    """A quarter of the abstract's word 8-grams, the same quarter for any abstract (by hash), and
    the first: an edit of a few words leaves most of them, at a quarter of the index. The hash is
    CRC-32, not Python's `hash`, which differs from one process to the next (PYTHONHASHSEED): which
    quarter was kept, and so whether a corrected abstract was found again, changed from run to run."""
    words = normalised.split()
    every = [zlib.crc32(" ".join(words[i:i + _SHINGLE_WORDS]).encode())
             for i in range(max(1, len(words) - _SHINGLE_WORDS + 1))]
    return {every[0], *(shingle for shingle in every if shingle % _SAMPLE == 0)}


class AbstractIndex(Generic[T]):
    def __init__(self) -> None:
        self._postings: dict[int, list[T]] = defaultdict(list)
        self._abstracts: dict[T, str] = {}

    def add(self, abstract: str, value: T) -> None:
        normalised = normalise_text(abstract)
        self._abstracts[value] = normalised
        for shingle in _shingles(normalised):
            self._postings[shingle].append(value)

    def near(self, abstract: str) -> list[T]:
        """The values whose abstracts are near-identical to `abstract`, the closest first."""
        normalised = normalise_text(abstract)
        shared: Counter[T] = Counter()
        for shingle in _shingles(normalised):
            posting = self._postings.get(shingle, ())
            if len(posting) <= _COMMON_SHINGLE:
                shared.update(posting)
        scored = [(Indel.normalized_similarity(normalised, self._abstracts[value]), value)
                  for value, _ in shared.most_common(_CANDIDATES)]
        return [value for ratio, value in sorted(scored, key=lambda pair: -pair[0]) if ratio >= ABSTRACT_SIMILARITY]
