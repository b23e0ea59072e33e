"""Near-identical titles: the rule, and an index that finds them without comparing with every title.

Two titles name the same paper when their normalised forms (case, Unicode, punctuation and
whitespace ignored) are equal, equal once spaces are removed ("Pre-training" and "Pretraining"),
or near-identical: a rapidfuzz `ratio` of at least 95 with the same numbers ("Part I" and
"Part II", "GPT-3" and "GPT-4" are different papers, however close their letters).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz.distance import Indel

from generator.curation.rules import normalise_title

T = TypeVar("T")

# The similarity of two normalised titles is rapidfuzz's Indel `ratio`: 2·M / (len(a) + len(b)) with
# M the longest common subsequence, i.e. 1 - distance / (len(a) + len(b)) with the Indel distance
# (insertions and deletions). That is difflib's `SequenceMatcher.ratio()` formula; difflib's M (its
# greedy matching blocks) is never more than the true one, and its "autojunk" heuristic lowers it
# further on titles of 200 characters or more. So the threshold of the old difflib rule, 0.95,
# keeps every merge that rule made, in a fraction of the time, and adds only pairs difflib's
# approximation undercounted. Checked in whole numbers: ratio >= 0.95 <=> 20 · distance <= total.
TITLE_SIMILARITY = 0.95
_DISTANCE_PER_CHARACTER = 20        # 1 / (1 - TITLE_SIMILARITY)
_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")
_DIGITS = re.compile(r"\d+")
# Blocking keys are words cut to this many letters, so that a plural, a spelling variant
# (colour/color, -ise/-ize) or a typo late in a word still shares its key.
_KEY_LENGTH = 4
# Query keys shared by at most this many titles are all probed; of commoner keys (learning,
# models, for), only enough to probe at least _MIN_PROBES keys, the rarest first.
_RARE_KEY = 512
_MIN_PROBES = 3


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """A title's identity: `normalise_title`, kept for reuse (a title is compared many times)."""
    return normalise_title(title)


def same_title(a: str | None, b: str | None) -> bool:
    """Whether two titles are the same paper's (see the module's docstring)."""
    if not a or not b:
        return False
    return _same_normalised(title_key(a), title_key(b))


def _same_normalised(a: str, b: str) -> bool:
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    # The Indel distance is at least the difference in length: a cheap test before computing it.
    allowed = (len(a) + len(b)) // _DISTANCE_PER_CHARACTER
    if not a or not b or abs(len(a) - len(b)) > allowed:
        return False
    return Indel.distance(a, b, score_cutoff=allowed) <= allowed and _numbers(a) == _numbers(b)


def _numbers(normalised: str) -> list[str]:
    """The numbers a title names, digits and roman numerals alike, in order: one that differs
    makes another paper (a sequel, a version, a part) however similar the rest."""
    return sorted([*_DIGITS.findall(normalised),
                   *(word for word in normalised.split() if _ROMAN.fullmatch(word))])


def _keys(normalised: str) -> set[str]:
    return {word[:_KEY_LENGTH] for word in normalised.split()}


class TitleIndex(Generic[T]):
    """Titles with a value each; `find` gives the value of the first title added that is the
    same as a given one. Candidates come from dictionaries (the normalised title, the title
    without spaces, and its words' first letters), never from a scan of every title, and are
    then checked with `same_title`'s rule."""

    def __init__(self) -> None:
        self._titles: list[str] = []            # normalised, in the order added
        self._values: list[T] = []
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._postings: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._titles)

    def add(self, title: str | None, value: T) -> None:
        if not title:
            return
        normalised = title_key(title)
        entry = len(self._titles)
        self._titles.append(normalised)
        self._values.append(value)
        self._exact[normalised.replace(" ", "")].append(entry)
        for key in _keys(normalised):
            self._postings[key].append(entry)

    def find(self, title: str | None) -> T | None:
        if not title:
            return None
        normalised = title_key(title)
        matches = [entry for entry in self._candidates(normalised)
                   if _same_normalised(self._titles[entry], normalised)]
        return self._values[min(matches)] if matches else None

    def _candidates(self, normalised: str) -> set[int]:
        candidates = set(self._exact.get(normalised.replace(" ", ""), ()))
        present = sorted((len(self._postings[key]), key) for key in _keys(normalised) if key in self._postings)
        for probed, (count, key) in enumerate(present):
            if count > _RARE_KEY and probed >= _MIN_PROBES:
                break
            candidates.update(self._postings[key])
        return candidates
