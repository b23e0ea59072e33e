"""Learned keyphrase ranking: a logistic model over a few features of each candidate and
their pairwise products.

KeyBERT's cosine to the document stays the main feature; the others say what readers and
indexers list besides what is closest to the whole text: phrases the text repeats, names of
methods and datasets ("ResNet", "DDPM", "the Transformer"), phrases of the title, and not a
term plus a shell noun ("continual learning problem"). The weights live in `keyphrase_ranker.json`, written by
`benchmarks/train_keyphrase_ranker.py` from Inspec train and the reader-labelled ml-digest dev
set (which the build never reads), with its cross-validated figures.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from generator.enrich.candidates import Candidate
from generator.enrich.stems import shell_noun_stems

WEIGHTS_FILE = Path(__file__).with_name("keyphrase_ranker.json")
FEATURES = ("cosine", "cosine_squared", "early", "one_word", "two_words", "three_or_more_words",
            "log_occurrences", "log_count", "in_title", "inner_capital", "shell_head", "title_cosine",
            "log_inside_others", "name", "capitalised")
_NAME = re.compile(r"[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*")


@dataclass(frozen=True)
class Ranker:
    """score = w . terms(z) + b, where z is the features standardised (mean, scale) and the
    terms are z's components and their pairwise products ("cosine*early"): a logistic model
    that can weigh one feature differently by another (a lone word counts when it is a name)."""

    mean: np.ndarray
    scale: np.ndarray
    terms: tuple[tuple[int, ...], ...]      # feature indices multiplied together, one tuple a term
    weights: np.ndarray
    intercept: float
    version: str

    @classmethod
    def from_file(cls, path: Path = WEIGHTS_FILE) -> "Ranker":
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: its features {data['features']} are not {list(FEATURES)}; retrain it")
        terms = tuple(tuple(FEATURES.index(name) for name in term.split("*")) for term in data["weights"])
        return cls(np.array(data["mean"]), np.array(data["scale"]), terms,
                   np.array(list(data["weights"].values())), float(data["intercept"]), data["version"])

    def scores(self, features: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        z = (features - self.mean) / self.scale
        return np.stack([np.prod(z[:, list(term)], axis=1) for term in self.terms], axis=1) @ self.weights \
            + self.intercept


@cache
def default_ranker() -> Ranker:
    return Ranker.from_file()


@dataclass(frozen=True)
class Document:
    """What the features need of one document besides its candidates."""
    stems: tuple[str, ...]              # the text's stemmed tokens
    title_stems: tuple[str, ...]
    title_vector: np.ndarray


def candidate_features(document: Document, candidates: Sequence[Candidate], keys: Sequence[str],
                       similarity: Mapping[str, float], phrase_vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """One row of FEATURES per candidate; `keys` are the candidates' stem keys."""
    shells = shell_noun_stems()
    text, title = f" {' '.join(document.stems)} ", f" {' '.join(document.title_stems)} "
    padded = [f" {key} " for key in keys]
    rows = []
    for candidate, key, stems in zip(candidates, padded, (key.split() for key in keys)):
        cosine = similarity.get(candidate.text, 0.0)
        words = len(stems)
        inside = sum(1 for other in padded if len(other) > len(key) and key in other) if words else 0
        rows.append((
            cosine, cosine * cosine, 1 / np.sqrt(1 + candidate.position),
            words == 1, words == 2, words >= 3,
            np.log1p(text.count(key) if words else 0), np.log1p(candidate.count),
            words > 0 and key in title,
            any(ch.isupper() for word in candidate.text.split() for ch in word[1:]) or
            (len(candidate.text) > 1 and candidate.text.isupper()),
            words >= 2 and stems[-1] in shells,
            float(phrase_vectors[candidate.text] @ document.title_vector) if candidate.text in phrase_vectors else 0.0,
            np.log1p(inside),
            _NAME.fullmatch(candidate.text) is not None,
            candidate.capitalised,
        ))
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
