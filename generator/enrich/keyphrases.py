"""Keyphrases: noun-phrase candidates scored by KeyBERT's cosine ranking against the
document, ordered by the learned ranker of `ranking.py` (or the older position and length
formula), then chosen one per aspect.

Every distinct candidate phrase is embedded once a run (PhraseVectors).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Callable, Sequence

import numpy as np

from generator.enrich.candidates import (Candidate, Tagged, noun_phrases, pattern_tagger,
                                         soften_title_case)
from generator.enrich.embedder import Embedder
from generator.enrich.stems import generic_modifier_stems, shell_noun_stems, stem_key
from generator.models import Keyphrase


@dataclass(frozen=True)
class KeyphraseSettings:
    top_n: int = 10
    max_words: int = 5
    # Tuned on Inspec train (never on dev): earlier phrases and two- or three-word
    # phrases are likelier to be what an indexer picks.
    position_weight: float = 0.1
    length_weight: float = 0.03
    # The document is embedded from its first 128 tokens (title and opening sentences):
    # on Inspec train as good as 256 (F1@10 35.2 vs 35.3) at three quarters of the cost.
    doc_max_tokens: int = 128
    # Reader style (issue 11): candidates never start with a judging adjective or run across a
    # reporting verb, and a list holds distinct aspects: a chosen phrase plus only shell nouns or
    # generic modifiers ("continual learning problem") is the same aspect as the bare phrase,
    # which is kept; a lone shell noun ("problem", "texts") is no aspect. (Merging phrases by
    # embedding similarity or any containment was measured too: on both dev sets it removed
    # phrases that readers list, so it is not done.)
    reader_style: bool = True
    # "learned": candidates ordered by the logistic model of generator/enrich/ranking.py (its
    # weights file's version is part of every cache key); "formula": cosine plus the position
    # and length bonuses above, as before.
    ranking: str = "learned"

    def as_dict(self) -> dict:
        settings = asdict(self)
        if self.ranking == "learned":
            from generator.enrich.ranking import default_ranker

            settings["ranker"] = default_ranker().version
        return settings


PHRASE_MEMORY = 50_000      # phrase vectors kept across batches: 77 MB at 384 dimensions


class PhraseVectors:
    """Candidate phrase embeddings kept across the batches of one run, so a phrase common to
    many abstracts ("neural networks") is embedded once: a fifth of each 256-abstract batch's
    phrases were in an earlier batch, over the 1,500 Inspec abstracts. Oldest dropped first."""

    def __init__(self, embedder: Embedder, limit: int = PHRASE_MEMORY):
        self.embedder = embedder
        self.limit = limit
        self.vectors: dict[str, np.ndarray] = {}

    def encode(self, phrases: Sequence[str]) -> np.ndarray:
        missing = [p for p in phrases if p not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.embedder.encode(missing)))
        found = np.stack([self.vectors[p] for p in phrases]) if phrases else np.zeros((0, 0), dtype=np.float32)
        excess = len(self.vectors) - self.limit
        if excess > 0:
            for oldest in list(itertools.islice(self.vectors, excess)):
                del self.vectors[oldest]
        return found


class KeyphraseExtractor:
    def __init__(self, embedder: Embedder, settings: KeyphraseSettings = KeyphraseSettings(),
                 tagger: Callable[[str], Tagged] | None = None):
        self.embedder = embedder
        self.settings = settings
        self.tagger = tagger
        self.phrase_vectors = PhraseVectors(embedder)

    def extract(self, texts: Sequence[str]) -> tuple[list[list[Keyphrase]], np.ndarray]:
        """Keyphrases for each text, and each text's embedding."""
        table = self.candidate_table(texts)
        if self.settings.ranking == "learned":
            from generator.enrich.ranking import default_ranker

            ranker = default_ranker()
            scores = [dict(zip((c.text for c in found), ranker.scores(features)))
                      for found, features in zip(table.candidates, table.features())]
        else:
            scores = [self._formula_scores(found, sims) for found, sims in zip(table.candidates, table.similarities)]
        return [self._rank(found, score) for found, score in zip(table.candidates, scores)], table.doc_vectors

    def candidate_table(self, texts: Sequence[str]) -> "CandidateTable":
        """Every text's candidates with their KeyBERT similarities, and what their features need."""
        tag = self.tagger or pattern_tagger()
        candidates = [noun_phrases(tag(soften_title_case(text)), self.settings.max_words, self.settings.reader_style)
                      for text in texts]
        vocabulary = sorted({c.text for found in candidates for c in found})
        word_vectors = self.phrase_vectors.encode(vocabulary)
        doc_vectors = self.embedder.encode(list(texts), max_tokens=self.settings.doc_max_tokens)
        similarities = keybert_similarities(candidates, vocabulary, word_vectors, doc_vectors)
        return CandidateTable(self.embedder, list(texts), candidates, vocabulary, word_vectors, doc_vectors,
                              similarities)

    def _formula_scores(self, candidates: list[Candidate], similarity: dict[str, float]) -> dict[str, float]:
        s = self.settings
        return {c.text: similarity.get(c.text, 0.0) + s.position_weight / np.sqrt(1 + c.position)
                + s.length_weight * min(c.words, 3) for c in candidates}

    def _rank(self, candidates: list[Candidate], scores: dict[str, float]) -> list[Keyphrase]:
        s = self.settings
        scored = sorted(((scores[c.text], c.position, c.text) for c in candidates),
                        key=lambda item: (-item[0], item[1]))
        chosen: list[Keyphrase] = []
        for score, _, text in scored:
            key = stem_key(text)
            if s.reader_style and (not key or key in shell_noun_stems()):
                continue
            if s.reader_style:
                # 'continual learning' after 'continual learning problem': the bare term names the aspect
                wider = next((i for i, other in enumerate(chosen) if generic_extension(other.key, key)), None)
                if wider is not None:
                    chosen[wider] = Keyphrase(text, chosen[wider].score, key)
                    continue
            if any(self._same_aspect(key, other.key) for other in chosen):
                continue
            chosen.append(Keyphrase(text, round(float(score), 4), key))
            if len(chosen) == s.top_n:
                break
        return chosen

    def _same_aspect(self, key: str, other: str) -> bool:
        return near_duplicates(key, other) or self.settings.reader_style and generic_extension(key, other)


@dataclass
class CandidateTable:
    embedder: Embedder
    texts: list[str]
    candidates: list[list[Candidate]]
    vocabulary: list[str]
    word_vectors: np.ndarray
    doc_vectors: np.ndarray
    similarities: list[dict[str, float]]

    def features(self) -> list[np.ndarray]:
        """Per text, one row of ranking.FEATURES per candidate."""
        from generator.enrich.ranking import Document, candidate_features

        titles = [title_of(text) for text in self.texts]
        title_vectors = self.embedder.encode(titles)
        index = {phrase: row for row, phrase in enumerate(self.vocabulary)}
        tables = []
        for text, title, title_vector, found, similarity in zip(self.texts, titles, title_vectors,
                                                                self.candidates, self.similarities):
            document = Document(tuple(stem_key(text).split()), tuple(stem_key(title).split()), title_vector)
            vectors = {c.text: self.word_vectors[index[c.text]] for c in found}
            tables.append(candidate_features(document, found, [stem_key(c.text) for c in found], similarity, vectors))
        return tables


def title_of(text: str) -> str:
    """The title of a `title. abstract` text; the first sentence of one without a title."""
    return text.partition(". ")[0]


def near_duplicates(a: str, b: str) -> bool:
    """Same stems ('vision transformer' / 'Vision Transformers'), or one is a single word
    of the other ('transformers' / 'vision transformers')."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 and wa[0] in wb) or (len(wb) == 1 and wb[0] in wa)


def generic_extension(longer: str, shorter: str) -> bool:
    """`longer` is `shorter` with only shell nouns or generic modifiers added (stems):
    'continual learning problem', 'zero-shot learning performance' / 'zero-shot learning'."""
    long_words, short_words = longer.split(), shorter.split()
    gap = len(long_words) - len(short_words)
    if not short_words or gap <= 0:
        return False
    generic = shell_noun_stems() | generic_modifier_stems()
    for start in range(gap + 1):
        if long_words[start:start + len(short_words)] == short_words:
            extra = long_words[:start] + long_words[start + len(short_words):]
            if all(word in generic for word in extra):
                return True
    return False


def keybert_similarities(candidates: list[list[Candidate]], vocabulary: list[str], word_vectors: np.ndarray,
                         doc_vectors: np.ndarray) -> list[dict[str, float]]:
    """KeyBERT's cosine ranking of each document's own candidates, as phrase -> similarity.

    This is `KeyBERT.extract_keywords` given precomputed embeddings (no MMR, no Max Sum): each
    document's distinct candidates, their cosine to the document computed as scikit-learn's
    `cosine_similarity` computes it, rounded to four places as KeyBERT rounds. It is written
    out in numpy because importing keybert imports torch and sentence-transformers (4 s) on
    every build that meets a new paper; tests/test_enrich.py proves it equal to KeyBERT's.
    """
    index = {phrase: row for row, phrase in enumerate(vocabulary)}
    words, documents = _unit_rows(word_vectors), _unit_rows(doc_vectors)
    found: list[dict[str, float]] = []
    for document, phrases in zip(documents, candidates):
        rows = sorted({index[c.text] for c in phrases})
        similarity = (document[np.newaxis, :] @ words[rows].T)[0] if rows else ()
        found.append({vocabulary[row]: round(float(value), 4) for row, value in zip(rows, similarity)})
    return found


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as scikit-learn's `normalize` does (zero rows stay zero)."""
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    return vectors / np.where(norms == 0.0, 1.0, norms)[:, np.newaxis]
