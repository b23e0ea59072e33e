"""The keyphrase index's pages: a letter's entries on one page, or, past MAX_ENTRIES, on a page
per initial letters ('se', 'sh', ... and, past it again, 'sel', 'sem', ...), like a dictionary's
thumb index.

Every paper page links its keyphrases to their entries, so where an entry lives must not move
as papers arrive. Paged by count, a new entry early in a letter pushed an entry over every later
page boundary, and each paper of those entries was rendered again (111 of a year's day's 576
older paper pages). Here an entry's page is a function of its own name and of how many entries
share its initial letters, so it moves only when its range is split, once as the index grows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from generator.group.tag_index import IndexedPhrase, phrase_key, tag_index

MAX_ENTRIES = 150          # entries a page lists before its range is split by the next letter
_MAX_DEPTH = 8             # a range of one longer prefix stays one page, whatever its size


@dataclass(frozen=True)
class PhrasePage:
    letter: str
    prefix: str                          # '' for a whole letter
    items: tuple[IndexedPhrase, ...]     # a hub's: none

    @property
    def path(self) -> str:
        base = f"tags/letter-{self.letter}"
        return f"{base}.md" if not self.prefix else f"{base}/{self.prefix}.md"

    @property
    def label(self) -> str:
        return self.prefix.capitalize() + "…" if self.prefix else self.letter.upper()

    def href(self, other: "PhrasePage") -> str:
        """Link from this page to `other` (docs-relative)."""
        return "../" * self.path.count("/") + other.path


def folded(phrase: str) -> str:
    """The letters and digits of a phrase, lower case, accents dropped: what its range is cut by."""
    ascii_text = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in ascii_text if c.isalnum())


def letter_pages(letter: str, phrases: Sequence[IndexedPhrase]) -> list[PhrasePage]:
    """The letter's pages: itself alone when it lists at most MAX_ENTRIES; else a hub (no items)
    at the letter's address, then a page per range, in order."""
    if len(phrases) <= MAX_ENTRIES:
        return [PhrasePage(letter, "", tuple(phrases))]
    keyed = sorted(((folded(p.phrase), p) for p in phrases), key=lambda item: (item[0], item[1].phrase))
    return [PhrasePage(letter, "", ())] + _ranges(letter, keyed, 2)


def _ranges(letter: str, keyed: list[tuple[str, IndexedPhrase]], depth: int) -> list[PhrasePage]:
    groups: dict[str, list[tuple[str, IndexedPhrase]]] = {}
    for key, phrase in keyed:
        groups.setdefault(key[:depth], []).append((key, phrase))
    pages: list[PhrasePage] = []
    for prefix, members in groups.items():
        if len(members) > MAX_ENTRIES and depth < _MAX_DEPTH and any(len(k) > depth for k, _ in members):
            pages.extend(_ranges(letter, members, depth + 1))
        else:
            pages.append(PhrasePage(letter, prefix or letter, tuple(p for _, p in members)))
    return pages


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
