"""Highlights: the one sentence of an abstract that says what the paper contributes.

Extractive: the sentence is the abstract's own, never rewritten. The first sentence that states
a contribution ("we propose", "this paper presents") is chosen; an abstract with none gets its
most central sentence (cosine to the mean of its sentence embeddings, as LexRank-style
summarisers do), and one with no sentence-like text at all (one line, math only) its first 30
words, cut at a word. Chosen by benchmarks/highlights.py against the 174 real titles of the
seed content: it is the closest to the title of the methods measured.

A highlight stands alone, away from the sentences around it (issue 35: 3.3% of highlights on a
real month leaned on context or said too little):
- a leading connective or clause that ties it to the sentence before ("However,", "To this end,",
  "Addressing this limitation,", "Inspired by these findings,") is dropped and the next word
  capitalised: "To this end, we propose X" reads "We propose X";
- a purpose clause that points back ("... to address these challenges", "..., which resolves
  this issue") is cut: "We propose X to address these challenges." reads "We propose X.";
- a sentence that still points back ("the aforementioned", "this problem", or opening with
  "It", "They", "This method") gives way to the next candidate that does not;
- one under nine words ("We propose a dense cross-scale image alignment model.") is joined with
  the sentence after it, which usually says what it does.
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
    r"(?:in order )?to (?:\w+ly )?(?:address|tackle|solve|overcome|alleviate|mitigate|bridge|fill|remedy|close|handle|"
    r"resolve|meet|analy[sz]e|study|investigate|answer) (?:this|these|that|those|the above|the aforementioned|such|both)"
    r"(?: [a-z-]+){0,6}|in response to (?:this|these|those|such)(?: [a-z-]+){0,3}|"
    r"motivated by (?:this|these)(?: [a-z-]+){0,2}|inspired by (?:this|these)(?: [a-z-]+){0,2}|"
    r"based on (?:this|these)(?: [a-z-]+){0,2}|with this in mind|in light of this|"
    r"to (?:\w+ly )?(?:address|tackle|solve|overcome|alleviate|mitigate|analy[sz]e|study|investigate) the "
    r"(?:[a-z-]+ ){0,3}(?:issues?|challenges?|problems?|limitations?|gaps?|failures?)|"
    r"[a-z]+(?:ing|ed)(?: on| by| from| upon| to| with)? (?:this|these|those|such|the (?:above|aforementioned|"
    r"findings|observations?|insights?|analysis))(?: [a-z-]+){0,3})\s*,\s+(?=\S)",
    re.IGNORECASE)
_BACK = r"(?:the aforementioned|the above(?:-mentioned)?|these|this|those|such|both|the two|all these)"
# "... to address these challenges." / "..., which resolves this issue." at the end of a sentence
# (up to a comma, the end, or "by"/"through"/"via"/"using", which say how and are kept)
_POINTING_TAIL = re.compile(
    r",?\s+(?:(?:in order )?to (?:\w+ly )?(?:address|handle|tackle|solve|overcome|alleviate|mitigate|bridge|fill|remedy|"
    r"close|resolve|meet|circumvent|avoid)|(?:which|that) (?:\w+ly )?(?:address|tackle|solve|overcome|alleviate|"
    r"mitigate|resolve|handle|bridge)(?:es|s)?|(?:specifically )?addressing) " + _BACK +
    r"\b[^,;.]*?(?=\s+(?:by|through|via|using)\b|\s*[,;.!?]|$)", re.IGNORECASE)
# a sentence that needs the one before it: points back, or opens with a pronoun
_POINTS_BACK = re.compile(
    r"\b(?:aforementioned|above-mentioned|abovementioned|the above)\b|"
    r"\b(?:these|those|such|this)\s+(?:[\w-]+\s+){0,2}?(?:challenges?|issues?|problems?|limitations?|"
    r"gaps?|shortcomings?|drawbacks?|bottlenecks?|difficult(?:y|ies)|obstacles?|concerns?|questions?|"
    r"observations?|findings?|insights?|deficienc(?:y|ies)|weakness(?:es)?|phenomen(?:on|a))\b|"
    r"^(?:It|They|These|Those|Such|Its|Their|This(?! (?:paper|work|study|article|survey|report|thesis|letter|"
    r"position paper|tutorial|dissertation|chapter)))\b", re.IGNORECASE)
FALLBACK_WORDS = 30
MIN_WORDS = 5          # a candidate sentence
STANDS_ALONE = 9       # a highlight: shorter ones are joined with the next sentence
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


def standalone(sentence: str) -> str:
    """The sentence without what ties it to the one before (a leading connective) or points
    back at the end (a purpose clause about "these challenges")."""
    sentence = without_connective(sentence)
    cut = _POINTING_TAIL.sub("", sentence).strip()
    if cut != sentence and len(cut.split()) >= MIN_WORDS:
        sentence = cut if cut.endswith((".", "!", "?")) else cut.rstrip(",;:") + "."
    return sentence


def points_back(sentence: str) -> bool:
    return bool(_POINTS_BACK.search(sentence))


def joined_if_short(sentence: str, abstract: str) -> str:
    """A highlight under STANDS_ALONE words with the sentence after it in the abstract."""
    if len(sentence.split()) >= STANDS_ALONE:
        return sentence
    found = sentences(abstract)
    for i, original in enumerate(found[:-1]):
        if standalone(original) == sentence and len(sentence.split()) + len(found[i + 1].split()) <= MAX_WORDS:
            return f"{sentence} {found[i + 1]}"
    return sentence


def best_of(ordered: Sequence[str]) -> str | None:
    """The first of the candidates, in the order they are preferred, that does not point back
    once made to stand alone; else the first; None when there are none."""
    cleaned = [standalone(s) for s in ordered]
    return next((c for c in cleaned if not points_back(c)), cleaned[0] if cleaned else None)


def by_centrality(candidates: Sequence[str], vectors: np.ndarray) -> list[str]:
    """Most central first: cosine to the mean of the abstract's sentence vectors."""
    centre = vectors.mean(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    scores = vectors @ centre
    return [candidates[i] for i in sorted(range(len(candidates)), key=lambda i: (-scores[i], i))]


def _without_vectors(found: Sequence[str]) -> str | None:
    """A contribution sentence names what the paper does: the first that stands alone, else the
    first (it points back, but says what was done); a lone sentence is itself; None when the
    most central sentence must be found."""
    contributions = [s for s in found if CONTRIBUTION.search(s)]
    if contributions:
        return best_of(contributions)
    return standalone(found[0]) if len(found) == 1 else None


def highlights(abstracts: Sequence[str], encode) -> list[str]:
    """One highlight per abstract; `encode` embeds a list of texts (unit vectors), called at most
    once, for the abstracts whose contribution sentences all point back or that state none."""
    per_abstract = [candidate_sentences(a) for a in abstracts]
    direct = [_without_vectors(found) for found in per_abstract]
    flat = [s for found, d in zip(per_abstract, direct) if d is None for s in found]
    vectors = dict(zip(flat, encode(flat))) if flat else {}
    result = []
    for abstract, found, chosen in zip(abstracts, per_abstract, direct):
        if chosen is None and found:
            chosen = best_of(by_centrality(found, np.stack([vectors[s] for s in found])))
        result.append(joined_if_short(chosen, abstract) if chosen else first_words(abstract))
    return result
