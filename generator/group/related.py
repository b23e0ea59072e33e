"""Related papers: the nearest neighbours of each paper by embedding."""

from __future__ import annotations

from typing import Mapping

import numpy as np

BLOCK = 1024   # rows of the similarity matrix held at once: memory stays linear in papers


def related_papers(vectors: Mapping[str, np.ndarray], k: int = 5) -> dict[str, tuple[tuple[str, float], ...]]:
    """paper id -> up to k (id, cosine similarity), most similar first, ties broken by id."""
    ids = sorted(vectors)
    if not ids:
        return {}
    matrix = np.stack([np.asarray(vectors[i], dtype=np.float32) for i in ids])
    result = {}
    for start in range(0, len(ids), BLOCK):
        sims = matrix[start:start + BLOCK] @ matrix.T
        for row, sim in enumerate(sims):
            own = start + row
            sim = np.round(sim.astype(np.float64), 4)
            sim[own] = -np.inf
            take = min(k, len(ids) - 1)
            if take <= 0:
                result[ids[own]] = ()
                continue
            # argpartition narrows to a few candidates; the exact order (with id ties) is then sorted.
            cutoff = np.partition(sim, -take)[-take]
            candidates = np.nonzero(sim >= cutoff)[0]
            ordered = sorted(candidates, key=lambda j: (-sim[j], ids[j]))[:take]
            result[ids[own]] = tuple((ids[j], float(sim[j])) for j in ordered)
    return result
