"""A 2-D projection of the papers' embeddings, for the map.

PCA (two principal components, scaled into the unit square): deterministic, fast at any size,
and stable, since a paper added moves the others by a hair (benchmarks/projection.py measures
it against t-SNE, which keeps neighbours better but rearranges the whole map for one paper).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np


def project(vectors: Mapping[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """paper id -> (x, y) in [0, 1]²; one paper or identical vectors sit in the middle."""
    ids = sorted(vectors)
    if not ids:
        return {}
    matrix = np.stack([np.asarray(vectors[i], dtype=np.float64) for i in ids])
    centred = matrix - matrix.mean(axis=0)
    if len(ids) < 2 or not np.any(centred):
        return {i: (0.5, 0.5) for i in ids}
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    # the sign of a principal axis is arbitrary: fix it so the largest loading is positive
    axes = components[:2]
    axes *= np.sign(axes[np.arange(len(axes)), np.argmax(np.abs(axes), axis=1)])[:, None]
    points = centred @ axes.T
    if points.shape[1] == 1:
        points = np.hstack([points, np.zeros((len(ids), 1))])
    span = max(float(np.ptp(points[:, 0])), float(np.ptp(points[:, 1])), 1e-12)
    points = (points - points.min(axis=0)) / span
    points += (1 - points.max(axis=0)) / 2          # centre the shorter axis
    return {i: (round(float(x), 4), round(float(y), 4)) for i, (x, y) in zip(ids, points)}
