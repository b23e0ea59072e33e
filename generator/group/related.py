"""Related papers: the nearest neighbours of each paper by embedding, among the papers the
digest held on the day it was added.

Only papers added on the paper's own day or before are candidates. A digest grows every day, and
with every paper a candidate, each day's papers became the neighbours of about a third of the
older papers of their part: a day's build rendered those pages again (1,315 of 3,303 on a real
year, issue 34). With earlier papers only, a paper's list is fixed once its day is in, so a new
day changes no older page through it; a reader of a new paper sees the work it follows.
"""

from __future__ import annotations

from datetime import date
from bisect import bisect_left
from typing import Collection, Mapping

import numpy as np

BLOCK = 1024   # rows of the similarity matrix held at once: memory stays linear in papers
RELATED = 5    # related papers a paper lists


def related_papers(vectors: Mapping[str, np.ndarray], k: int = RELATED, added: Mapping[str, date] | None = None,
                   rows: Collection[str] | None = None) -> dict[str, tuple[tuple[str, float], ...]]:
    """paper id -> up to k (id, cosine similarity), most similar first, ties broken by id;
    `added`: each paper's day, when given only papers added no later than a paper are its
    candidates; `rows`: the papers whose lists are wanted (all, when None), the others being
    candidates only."""
    ids = sorted(vectors)
    if not ids:
        return {}
    matrix = np.stack([np.asarray(vectors[i], dtype=np.float32) for i in ids])
    days = np.array([added[i].toordinal() for i in ids]) if added is not None else np.zeros(len(ids), dtype=int)
    wanted = np.arange(len(ids)) if rows is None else np.array(sorted(_at(ids, i) for i in rows), dtype=int)
    result = {}
    for start in range(0, len(wanted), BLOCK):
        block = wanted[start:start + BLOCK]
        sims = np.round((matrix[block] @ matrix.T).astype(np.float64), 4)
        sims[days[None, :] > days[block, None]] = -np.inf
        for sim, own in zip(sims, block):
            sim[own] = -np.inf
            result[ids[own]] = _nearest(sim, ids, k)
    return result


def _at(ids: list[str], paper_id: str) -> int:
    return bisect_left(ids, paper_id)


def _nearest(sim: np.ndarray, ids: list[str], k: int) -> tuple[tuple[str, float], ...]:
    eligible = int(np.isfinite(sim).sum())
    take = min(k, eligible)
    if take <= 0:
        return ()
    # argpartition narrows to a few candidates; the exact order (with id ties) is then sorted.
    cutoff = np.partition(sim, -take)[-take]
    candidates = np.nonzero(sim >= cutoff)[0]
    ordered = sorted(candidates, key=lambda j: (-sim[j], ids[j]))[:take]
    return tuple((ids[j], float(sim[j])) for j in ordered)
