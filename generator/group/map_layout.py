"""Where each paper sits on the map: t-SNE laid out in epochs, so that papers stay put.

A reader who comes back to the map must find yesterday's papers where they were, and see the
field's clusters at 6,000 papers as at 75,000. PCA (the map before issue 34) is stable but draws
one blob; t-SNE shows the clusters but, run afresh, rearranges the whole map for one new paper.
So the layout is made in epochs:

- the first epoch is the digest's first day; each next one ends on the day when the papers
  added since the last reach a quarter of those laid out (at a year of 75,000 papers, one every
  few months; early on, every few days);
- an epoch's layout is t-SNE (openTSNE) over every paper added up to its end. The first starts
  cold (PCA initialisation, early exaggeration); each later one starts from the previous layout,
  its new papers at the mean of their nearest laid-out neighbours, and runs a short optimisation
  without exaggeration, so old papers move a little (benchmarks/map_layout.py measures how much);
- the papers added since the last epoch are placed at the mean of their nearest laid-out
  neighbours: adding a day moves no paper;
- each epoch's layout is cached (map-layouts.sqlite3 beside the enrichment cache) under a key
  chained over the epochs: the previous key and the papers and vectors the epoch adds. So is
  each placement against the newest epoch: a daily build places only the day's own papers. A
  clean build computes the same chain and, openTSNE being deterministic for a fixed seed and
  thread count, the same positions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from generator.cache_db import keep_only, open_cache_db

GROWTH = 0.25                   # a new epoch when the papers not laid out reach this share of those that are
NEIGHBOURS = 10                 # a placed paper sits at the mean of this many nearest laid-out papers
WARM_ITERATIONS = 100           # an epoch started from the previous layout
SMALLEST_TSNE = 12              # fewer papers than this are laid out by PCA
THREADS = 2                     # fixed: openTSNE's result depends on the thread count
SEED = 0
_FORMAT = "2"
_TABLE = "CREATE TABLE IF NOT EXISTS layouts (key TEXT PRIMARY KEY, ids TEXT, xy BLOB)"
_PLACED = "CREATE TABLE IF NOT EXISTS placed (key TEXT PRIMARY KEY, x REAL, y REAL)"


@dataclass(frozen=True)
class MapPaper:
    id: str
    added: dt.date
    vector: np.ndarray          # unit length


def epochs(papers: Sequence[MapPaper]) -> list[list[MapPaper]]:
    """The papers of each epoch, cumulative, oldest first. The first epoch is the first day's
    papers; a day ends the next epoch when the papers added since the last one reach GROWTH of
    those laid out. The newest day never ends one (more of its papers may come), so its papers,
    and those of the days since the last epoch, are in none: they are placed, not laid out."""
    if not papers:
        return []
    per_day = Counter(p.added for p in papers)
    days = sorted(per_day)
    ends, laid_out, pending = [days[0]], per_day[days[0]], 0
    for day in days[1:-1]:
        pending += per_day[day]
        if pending >= GROWTH * laid_out:
            ends.append(day)
            laid_out, pending = laid_out + pending, 0
    ordered = sorted(papers, key=lambda p: (p.added, p.id))
    return [[p for p in ordered if p.added <= end] for end in ends]


def layout(papers: Sequence[MapPaper], cache_path: Path | None = None) -> dict[str, tuple[float, float]]:
    """paper id -> (x, y) in [0, 1]², the longer axis spanning it and the shorter centred."""
    if not papers:
        return {}
    store = _Store(cache_path)
    positions: dict[str, np.ndarray] = {}
    keys = [_FORMAT]
    try:
        laid_out: set[str] = set()
        for members in epochs(papers):
            keys.append(_chain(keys[-1], [p for p in members if p.id not in laid_out]))
            laid_out = {p.id for p in members}
            found = store.get(keys[-1])
            if found is None:
                found = _epoch_layout(members, positions)
                store.put(keys[-1], found)
            positions = found
        placed, placed_keys = _place_cached(papers, positions, store, keys[-1])
        store.keep(keys[1:], placed_keys)
    finally:
        store.close()
    return _unit_square({**{p.id: positions[p.id] for p in papers if p.id in positions}, **placed})


def _chain(previous: str, members: Sequence[MapPaper]) -> str:
    digest = hashlib.sha256(previous.encode())
    for paper in members:
        digest.update(paper.id.encode() + b"\0" + np.asarray(paper.vector, dtype=np.float32).tobytes())
    return digest.hexdigest()


def _epoch_layout(members: Sequence[MapPaper], previous: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    vectors = np.stack([np.asarray(p.vector, dtype=np.float32) for p in members])
    if len(members) < SMALLEST_TSNE:
        return dict(zip((p.id for p in members), _pca(vectors)))
    import openTSNE     # heavy (numba); only when a layout is computed, not on every build

    affinities = openTSNE.affinity.PerplexityBasedNN(
        vectors, perplexity=min(30.0, (len(members) - 1) / 3), metric="cosine", n_jobs=THREADS,
        random_state=SEED, verbose=False)
    if previous:
        start = _place(members, previous)
        init = np.stack([start[p.id] for p in members])
        embedding = openTSNE.TSNEEmbedding(init, affinities, n_jobs=THREADS, random_state=SEED,
                                           negative_gradient_method="bh")
        embedding = embedding.optimize(WARM_ITERATIONS, momentum=0.8)
    else:
        init = openTSNE.initialization.pca(vectors, random_state=SEED)
        embedding = openTSNE.TSNEEmbedding(init, affinities, n_jobs=THREADS, random_state=SEED,
                                           negative_gradient_method="bh")
        embedding = embedding.optimize(250, exaggeration=12, momentum=0.5).optimize(500, momentum=0.8)
    return dict(zip((p.id for p in members), np.asarray(embedding, dtype=np.float64)))


def _pca(vectors: np.ndarray) -> np.ndarray:
    centred = vectors.astype(np.float64) - vectors.mean(axis=0)
    if len(vectors) < 2 or not np.any(centred):
        return np.zeros((len(vectors), 2))
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    axes = components[:2]
    axes *= np.sign(axes[np.arange(len(axes)), np.argmax(np.abs(axes), axis=1)])[:, None]
    points = centred @ axes.T
    if points.shape[1] == 1:
        points = np.hstack([points, np.zeros((len(vectors), 1))])
    return 10 * points


def _place(papers: Sequence[MapPaper], laid_out: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every paper's position: its own where it has one, else the mean of its nearest laid-out
    papers' (by cosine of the vectors)."""
    placed = {p.id: laid_out[p.id] for p in papers if p.id in laid_out}
    new = [p for p in papers if p.id not in laid_out]
    return {**placed, **_beside(new, laid_out, {p.id: p.vector for p in papers})}


def _beside(new: Sequence[MapPaper], laid_out: Mapping[str, np.ndarray],
            vector_of: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each of `new` at the mean of its NEIGHBOURS nearest laid-out papers' positions."""
    if not new:
        return {}
    if not laid_out:                     # nothing laid out yet: cannot happen after the first epoch
        return {p.id: np.zeros(2) for p in new}
    known = sorted(laid_out)
    reference = np.stack([np.asarray(vector_of[i], dtype=np.float32) for i in known])
    where = np.stack([laid_out[i] for i in known])
    k = min(NEIGHBOURS, len(known))
    placed = {}
    for start in range(0, len(new), 1024):             # bounded memory: 1,024 rows of similarities at a time
        block = new[start:start + 1024]
        sims = np.stack([np.asarray(p.vector, dtype=np.float32) for p in block]) @ reference.T
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for paper, row in zip(block, nearest):
            placed[paper.id] = where[np.sort(row)].mean(axis=0)
    return placed


def _place_cached(papers: Sequence[MapPaper], laid_out: Mapping[str, np.ndarray], store: "_Store",
                  epoch_key: str) -> tuple[dict[str, np.ndarray], list[str]]:
    """The papers not laid out, placed beside the laid-out ones; one placed against the same
    epoch before comes from the cache, so a new day places only its own papers (at a year's
    size, up to a quarter of the papers wait for the next epoch). Returns their positions and
    cache keys."""
    new = [p for p in papers if p.id not in laid_out]
    keys = {p.id: _chain(epoch_key, [p]) for p in new}
    found = store.get_placed(list(keys.values()))
    missing = [p for p in new if keys[p.id] not in found]
    computed = _beside(missing, laid_out, {p.id: p.vector for p in papers})
    store.put_placed({keys[pid]: xy for pid, xy in computed.items()})
    return {p.id: computed[p.id] if p.id in computed else found[keys[p.id]] for p in new}, list(keys.values())


def _unit_square(points: Mapping[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    ids = sorted(points)
    matrix = np.stack([points[i] for i in ids]).astype(np.float64)
    span = max(float(np.ptp(matrix[:, 0])), float(np.ptp(matrix[:, 1])), 1e-12)
    matrix = (matrix - matrix.min(axis=0)) / span
    matrix += (1 - matrix.max(axis=0)) / 2
    if len(ids) == 1 or span <= 1e-12:
        matrix[:] = 0.5
    return {i: (round(float(x), 5), round(float(y), 5)) for i, (x, y) in zip(ids, matrix)}


class _Store:
    """The epochs' layouts; no cache (a read-only folder, a damaged file) only costs time."""

    def __init__(self, path: Path | None):
        self.db = open_cache_db(path, _TABLE) if path else None
        if self.db is not None:
            try:
                self.db.execute(_PLACED)
            except sqlite3.DatabaseError:
                self.db = None

    def get_placed(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self.db is None or not keys:
            return {}
        found = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                rows = self.db.execute(f"SELECT key, x, y FROM placed WHERE key IN ({','.join('?' * len(chunk))})",
                                       chunk).fetchall()
                found.update({key: np.array([x, y]) for key, x, y in rows
                              if isinstance(x, float) and isinstance(y, float)})
        except sqlite3.DatabaseError:
            return {}
        return found

    def put_placed(self, placed: Mapping[str, np.ndarray]) -> None:
        if self.db is None or not placed:
            return
        try:
            self.db.executemany("INSERT OR REPLACE INTO placed VALUES (?, ?, ?)",
                                ((key, float(xy[0]), float(xy[1])) for key, xy in placed.items()))
            self.db.commit()
        except sqlite3.DatabaseError:
            pass

    def get(self, key: str) -> dict[str, np.ndarray] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT ids, xy FROM layouts WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None:
            return None
        ids = row[0].split("\n") if row[0] else []
        xy = np.frombuffer(row[1], dtype=np.float64)
        if xy.size != 2 * len(ids):                  # a damaged row is computed again
            return None
        return dict(zip(ids, xy.reshape(-1, 2)))

    def put(self, key: str, positions: Mapping[str, np.ndarray]) -> None:
        if self.db is None:
            return
        ids = list(positions)
        xy = np.stack([positions[i] for i in ids]).astype(np.float64).tobytes()
        try:
            self.db.execute("INSERT OR REPLACE INTO layouts VALUES (?, ?, ?)", (key, "\n".join(ids), xy))
            self.db.commit()
        except sqlite3.DatabaseError:
            pass

    def keep(self, keys: Sequence[str], placed_keys: Sequence[str]) -> None:
        """The chain this build used stays (an edit to an old paper recomputes from its epoch on),
        and the placements it used; the rest goes."""
        if self.db is None:
            return
        try:
            keep_only(self.db, "layouts", keys)
            keep_only(self.db, "placed", placed_keys)
            self.db.commit()
        except sqlite3.DatabaseError:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
