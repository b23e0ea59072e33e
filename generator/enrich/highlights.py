"""Highlights: the one sentence of an abstract that says what the paper contributes.

Extractive: the sentence is the abstract's own, never rewritten. The first sentence that states
a contribution ("we propose", "this paper presents") is chosen; an abstract with none gets its
most central sentence (cosine to the mean of its sentence embeddings, as LexRank-style
summarisers do), and one with no sentence-like text at all (one line, math only) its first 30
words, cut at a word. Chosen by benchmarks/highlights.py against the 174 real titles of the
seed content: it is the closest to the title of the methods measured.

A highlight stands alone, away from the sentence before it, so a leading connective that ties
it to that sentence ("However,", "To this end,", "Besides,") is dropped and the next word
capitalised: "To this end, we propose X" reads "We propose X".
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|article|study)|here,? we|our (?:method|approach|framework|model|work))\s+"
    r"(?:\w+ly\s+)?(?:propose|present|introduce|develop|design|describe|show|demonstrate|find|study|"
    r"investigate|introduce|contribute|build|devise|formulate|release|provide)s?\b", re.IGNORECASE)
_ABBREVIATIONS = (r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bvs\.)(?<!\bFig\.)(?<!\bEq\.)(?<!\bNo\.)"
                  r"(?<!\bcf\.)(?<!\bresp\.)")
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[$])")
_CONNECTIVE = re.compile(
    r"^(?:however|therefore|besides|moreover|furthermore|additionally|in addition|also|thus|hence|"
    r"consequently|accordingly|meanwhile|nevertheless|nonetheless|instead|specifically|in particular|"
    r"in contrast|by contrast|conversely|notably|importantly|finally|lastly|then|next|further|"
    r"as a result|on the other hand|to this end|to that end|for this purpose|in this regard|"
    r"to (?:address|tackle|solve|overcome|alleviate|mitigate|bridge|fill|remedy|close) "
    r"(?:this|these|that|those|the above|such|both)(?: [a-z-]+){0,3}|"
    r"motivated by (?:this|these)(?: [a-z-]+){0,2}|inspired by (?:this|these)(?: [a-z-]+){0,2}|"
    r"based on (?:this|these)(?: [a-z-]+){0,2}|with this in mind|in light of this)\s*,\s+(?=\S)",
    re.IGNORECASE)
FALLBACK_WORDS = 30
MIN_WORDS = 5
MAX_WORDS = 80


def sentences(abstract: str) -> list[str]:
    text = " ".join(abstract.split())
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def without_connective(sentence: str) -> str:
    """The sentence without a leading connective, its next word capitalised (an all-lowercase
    word only: `iPhone`, `t-SNE` and names keep their case)."""
    rest = _CONNECTIVE.sub("", sentence, count=1)
    if rest == sentence:
        return sentence
    first = rest.split(maxsplit=1)[0]
    return rest[:1].upper() + rest[1:] if first.islower() and first.isalpha() else rest


def first_words(abstract: str, count: int = FALLBACK_WORDS) -> str:
    words = abstract.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def candidate_sentences(abstract: str) -> list[str]:
    """Sentences that can stand as a highlight: five to eighty words, with letters in them."""
    return [s for s in sentences(abstract)
            if MIN_WORDS <= len(s.split()) <= MAX_WORDS and len(re.findall(r"[A-Za-z]{3,}", s)) >= MIN_WORDS]


def contribution_sentence(candidates: Sequence[str]) -> str | None:
    return next((s for s in candidates if CONTRIBUTION.search(s)), None)


def most_central(candidates: Sequence[str], vectors: np.ndarray) -> str:
    centre = vectors.mean(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    return candidates[int(np.argmax(vectors @ centre))]


def highlights(abstracts: Sequence[str], encode) -> list[str]:
    """One highlight per abstract; `encode` embeds a list of texts (unit vectors), called at most
    once, for the abstracts that state no contribution."""
    per_abstract = [candidate_sentences(a) for a in abstracts]
    # a contribution sentence is taken as it is, and so is a lone sentence: only the rest need vectors
    direct = [contribution_sentence(found) or (found[0] if len(found) == 1 else None) for found in per_abstract]
    flat = [s for found, d in zip(per_abstract, direct) if d is None for s in found]
    vectors = dict(zip(flat, encode(flat))) if flat else {}
    result = []
    for abstract, found, chosen in zip(abstracts, per_abstract, direct):
        if chosen is None and found:
            chosen = most_central(found, np.stack([vectors[s] for s in found]))
        result.append(without_connective(chosen) if chosen else first_words(abstract))
    return result
