"""Keyphrases that say something about a paper's subject, told apart by how their papers spread.

"Future directions", "comparative analysis" or "real-world deployment" are found in papers on
anything: the papers sharing such a phrase are no more alike than any two papers of the digest.
A phrase about a subject ("knowledge graphs", "3D Gaussian Splatting") gathers papers that are
(mean pairwise cosine of their embeddings 0.48 and 0.52 on the 20 arXiv days, where two papers
drawn at random have 0.22, "future directions" 0.21 and "comparative analysis" -0.04). So a
phrase shared by papers whose mean pairwise cosine is no higher than the digest's is generic.
No word list: the test is the corpus's own, and holds for any field.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

import numpy as np

SMALLEST_DIGEST = 20        # below this the digest's own mean is no baseline; nothing is left out


def generic_phrases(tags: Mapping[str, Sequence[str]], vectors: Mapping[str, np.ndarray]) -> set[str]:
    """The phrases (shared by two papers or more) whose papers are no more alike than the
    digest's papers are on average. `vectors`: paper id -> unit-length embedding."""
    ids = [pid for pid in tags if pid in vectors]
    if len(ids) < SMALLEST_DIGEST:
        return set()
    baseline = _mean_pairwise(np.stack([vectors[pid] for pid in ids]))
    papers: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        for phrase in dict.fromkeys(tags[pid]):
            papers[phrase].append(pid)
    return {phrase for phrase, members in papers.items()
            if len(members) >= 2 and _mean_pairwise(np.stack([vectors[pid] for pid in members])) <= baseline}


def _mean_pairwise(matrix: np.ndarray) -> float:
    """Mean cosine over distinct pairs of unit-length rows, from their sum: O(n), not O(n²)."""
    n = len(matrix)
    total = matrix.astype(np.float64).sum(axis=0)
    return float((total @ total - n) / (n * (n - 1)))
