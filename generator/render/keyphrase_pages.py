"""The keyphrase index's pages: a letter's entries on one page, or, past LETTER_ON_ONE_PAGE, a page
per fixed range of the second letter ('Sa–Sh', 'Si–Sq', 'Sr–Sz'), like a dictionary's thumb
index; a range past RANGE_ON_ONE_PAGE is a page per second letter ('Se'), and so on down.

Every paper page links its keyphrases to their entries, so where an entry lives must not move
as papers arrive. Paged by count, a new entry early in a letter pushed an entry over every later
page boundary, and each paper of those entries was rendered again (111 of a year's day's 576
older paper pages). Here an entry's page follows from its own name and from whether its letter
or range has passed a threshold. A threshold is passed once as an index grows: a letter's while
the index is small (in a digest in parts, in the first days of a period), when few papers link
into it; a range's rarely, since RANGE_ON_ONE_PAGE is high (a year's root month, 3,542 papers
and about 5,000 entries, passed none).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from generator.group.tag_index import IndexedPhrase, phrase_key, tag_index

LETTER_ON_ONE_PAGE = 40        # entries a letter lists on its one page, before it is split into ranges
RANGE_ON_ONE_PAGE = 400        # entries a range lists (a keyphrase entry is about 1 KB of HTML)
# The ranges of the next letter. Three: on the year's root month (2,152 entries), 74 pages of at
# most 135 entries and 3 of fewer than four; seven ranges gave 115 pages, 15 of them that small.
_RANGES = ("0123456789abcdefgh", "ijklmnopq", "rstuvwxyz")
_MAX_DEPTH = 8                 # a range of one longer prefix stays one page, whatever its size


@dataclass(frozen=True)
class PhrasePage:
    letter: str
    name: str                            # '' for a letter's own page; 'sa-sh', 'se' for a range
    items: tuple[IndexedPhrase, ...]     # a letter's page that lists its ranges: none

    @property
    def path(self) -> str:
        base = f"tags/letter-{self.letter}"
        return f"{base}.md" if not self.name else f"{base}/{self.name}.md"

    @property
    def label(self) -> str:
        return "–".join(part.capitalize() for part in self.name.split("-")) if self.name else self.letter.upper()

    def href(self, other: "PhrasePage") -> str:
        """Link from this page to `other` (docs-relative)."""
        return "../" * self.path.count("/") + other.path


def folded(phrase: str) -> str:
    """The letters and digits of a phrase, lower case, accents dropped: what its range is cut by."""
    ascii_text = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in ascii_text if c.isalnum())


def letter_pages(letter: str, phrases: Sequence[IndexedPhrase]) -> list[PhrasePage]:
    """The letter's pages: itself alone when it lists at most LETTER_ON_ONE_PAGE; else its own
    page listing the ranges (no items), then a page per range, in order."""
    if len(phrases) <= LETTER_ON_ONE_PAGE:
        return [PhrasePage(letter, "", tuple(phrases))]
    keyed = sorted(((folded(p.phrase), p) for p in phrases), key=lambda item: (item[0], item[1].phrase))
    return [PhrasePage(letter, "", ())] + _by_next_letter(letter, letter if letter != "other" else "", keyed)


def _by_next_letter(letter: str, prefix: str, keyed: list[tuple[str, IndexedPhrase]]) -> list[PhrasePage]:
    """`keyed` (all beginning with `prefix`) by the fixed ranges of their next letter; a range
    past RANGE_ON_ONE_PAGE by each letter of it, and each of those past it again, further down."""
    depth = len(prefix)
    ranges: dict[str, list[tuple[str, IndexedPhrase]]] = {}
    for key, phrase in keyed:
        next_letter = key[depth:depth + 1]
        ranges.setdefault(next((r for r in _RANGES if next_letter in r), _RANGES[0]) if next_letter else _RANGES[0],
                          []).append((key, phrase))
    pages: list[PhrasePage] = []
    for letters in sorted(ranges, key=_RANGES.index):
        members = ranges[letters]
        if len(members) <= RANGE_ON_ONE_PAGE or depth + 1 >= _MAX_DEPTH:
            first = letters.lstrip("0123456789")[0] if prefix else letters[0]    # 'other' starts with digits
            pages.append(PhrasePage(letter, f"{prefix}{first}-{prefix}{letters[-1]}", _items(members)))
            continue
        for next_letter in sorted({key[depth:depth + 1] for key, _ in members}):
            narrower = [(k, p) for k, p in members if k[depth:depth + 1] == next_letter]
            if len(narrower) <= RANGE_ON_ONE_PAGE or not next_letter:
                pages.append(PhrasePage(letter, f"{prefix}{next_letter}" or f"{prefix}-", _items(narrower)))
            else:
                pages.extend(_by_next_letter(letter, prefix + next_letter, narrower))
    return pages


def _items(keyed: list[tuple[str, IndexedPhrase]]) -> tuple[IndexedPhrase, ...]:
    return tuple(phrase for _, phrase in keyed)


class KeyphraseIndex:
    """The index's entries by letter (group/tag_index.py), its pages, and where each entry is.
    `tags`: paper id -> its tags; `order`: every paper id in the order an entry lists them."""

    def __init__(self, tags: Mapping[str, Sequence[str]], order: Sequence[str]):
        self.by_letter = tag_index(tags, order)
        self.count = sum(len(phrases) for phrases in self.by_letter.values())
        self.pages = {letter: letter_pages(letter, phrases) for letter, phrases in self.by_letter.items()}
        self._hrefs = {phrase_key(entry.phrase): f"{page.path}#{entry.anchor}"
                       for pages in self.pages.values() for page in pages for entry in page.items}

    def href(self, tag: str) -> str | None:
        """The docs path and anchor of the tag's entry; None when no other paper shares it."""
        return self._hrefs.get(phrase_key(tag))
