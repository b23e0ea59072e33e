"""The map's data: every paper's place and first topic in one small binary file, the titles in
chunks fetched only when a reader points at a paper, and where each topic's label goes.

A year of a field (75,000 papers) must load fast on a phone. As SVG (the map before issue 34) a
point cost ~185 bytes and the map stopped at the newest 4,000 papers. Here a point is 5 bytes of
`points.bin`: x and y as little-endian 16-bit integers over the unit square (all xs, then all
ys), then its topic as one byte (an index into the legend's topics, Unsorted last), 375 KB at
75,000 papers. Papers are in the order they were added (oldest first, ties by id), so a new day
changes only the last title chunk. assets/javascripts/digest-map.js draws it on a canvas.
"""

from __future__ import annotations

import json
from typing import Mapping, Sequence

import numpy as np

CHUNK = 1000                    # papers a title file holds (~100 KB)
_GRID = 48                      # cells a side of the grid a topic's densest spot is found on


def points_file(order: Sequence[str], points: Mapping[str, tuple[float, float]],
                topic_index: Mapping[str, int]) -> bytes:
    xs = np.array([round(points[i][0] * 65535) for i in order], dtype="<u2")
    ys = np.array([round(points[i][1] * 65535) for i in order], dtype="<u2")
    topics = np.array([topic_index[i] for i in order], dtype="u1")
    return xs.tobytes() + ys.tobytes() + topics.tobytes()


def title_files(order: Sequence[str], titles: Mapping[str, str],
                prefixes: Mapping[str, str] | None = None) -> dict[str, str]:
    """`papers-K.json`: [[id, title], ...] of the papers K*CHUNK to (K+1)*CHUNK-1 of `order`; with
    `prefixes` (a digest in parts), [id, title, folder of its page below the root]."""
    def row(i: str) -> list[str]:
        return [i, titles[i]] if prefixes is None else [i, titles[i], prefixes[i]]

    return {f"papers-{k // CHUNK}.json": json.dumps([row(i) for i in order[k:k + CHUNK]],
                                                    ensure_ascii=False, separators=(",", ":"))
            for k in range(0, len(order), CHUNK)}


def dense_core(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Where a topic's papers lie thickest: the densest cell of a smoothed grid over the unit
    square, at the mean of the points near it. A median or mean lands between the clusters of a
    topic spread over the map; its label belongs where most of its papers are."""
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    cells = np.clip((xy * _GRID).astype(int), 0, _GRID - 1)
    grid = np.zeros((_GRID, _GRID))
    np.add.at(grid, (cells[:, 0], cells[:, 1]), 1)
    for _ in range(2):                                   # a 3x3 box blur, twice
        padded = np.pad(grid, 1)
        grid = sum(padded[1 + dx:_GRID + 1 + dx, 1 + dy:_GRID + 1 + dy] for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    cx, cy = np.unravel_index(np.argmax(grid), grid.shape)
    near = np.max(np.abs(cells - [cx, cy]), axis=1) <= 2
    x, y = xy[near].mean(axis=0)
    return round(float(x), 4), round(float(y), 4)
