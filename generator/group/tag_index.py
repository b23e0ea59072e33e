"""The keyphrase index: phrases that two or more papers share, by initial letter.

A phrase only one paper has leads nowhere a reader could not reach from that paper, and at a
real field's scale such phrases are most of them (one page of every phrase was 21 MB at 3,246
papers). Shared phrases, filed by letter, make an index a person can scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from generator.group.acronyms import phrase_key as acronym_phrase_key

MIN_PAPERS = 2
OTHER = "other"      # the letter of phrases that start with a digit or a non-Latin letter
_ACRONYM_AFTER = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class IndexedPhrase:
    phrase: str
    anchor: str                  # unique within the whole index
    papers: tuple[str, ...]      # paper ids, in the order given (newest first)


def letter_of(phrase: str) -> str:
    """'a'…'z' by the phrase's first letter, accents ignored ('Épistémique' → 'e'), else 'other'."""
    first = unicodedata.normalize("NFKD", phrase.strip()[:1]).encode("ascii", "ignore").decode().lower()
    return first if first.isascii() and first.isalpha() else OTHER


def tag_index(tags: Mapping[str, Sequence[str]], order: Sequence[str],
              min_papers: int = MIN_PAPERS) -> dict[str, list[IndexedPhrase]]:
    """letter -> the phrases shared by at least `min_papers` papers, alphabetical; spellings that
    differ only in case are one phrase. `tags`: paper id -> its phrases; `order`: every paper id in
    the order a phrase lists its papers."""
    papers: dict[str, list[str]] = defaultdict(list)
    spelling: dict[str, str] = {}            # a curator's tag and an extracted phrase may differ in case
    for paper_id in order:
        for phrase in dict.fromkeys(tags.get(paper_id, ())):
            key = phrase_key(phrase)
            spelling.setdefault(key, phrase)
            if paper_id not in papers[key][-1:]:
                papers[key].append(paper_id)
    shared = sorted((k for k, ids in papers.items() if len(ids) >= min_papers), key=lambda k: (k, spelling[k]))
    index: dict[str, list[IndexedPhrase]] = defaultdict(list)
    anchors: set[str] = set()
    for key in shared:
        phrase = spelling[key]
        anchor = _unique(_anchor(phrase), anchors)
        index[letter_of(phrase)].append(IndexedPhrase(phrase, anchor, tuple(papers[key])))
    return dict(sorted(index.items(), key=lambda item: (item[0] == OTHER, item[0])))


def phrase_key(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def _anchor(phrase: str) -> str:
    """From the phrase's stems, without an acronym after it: the entry's name changes as papers
    arrive (its most used spelling, 'vision-language models' joined by '(VLMs)'), and every
    paper page links to the anchor (generator/render/keyphrase_pages.py)."""
    stems = acronym_phrase_key(_ACRONYM_AFTER.sub("", phrase)) or phrase
    ascii_text = unicodedata.normalize("NFKD", stems).encode("ascii", "ignore").decode().lower()
    return "tag-" + (re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "phrase")


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate
