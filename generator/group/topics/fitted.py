"""The topic models a build fits, kept between builds: fitting them is most of grouping's time.

What exemplars and pins teach (`taught.py`) is two linear models over the examples' embeddings:
about 11 s for 4,607 exemplars on two cores, in every build, though the examples rarely change
from one day to the next. A fitted model depends only on the examples (their features, targets
and fixed offsets) and the settings, so it is stored under a hash of exactly those, in an
SQLite file beside the enrichment cache (`topic-models.sqlite3`), and a build whose examples are
unchanged applies the stored model. `digest diff` fits once for both sides when a change pins
nothing. Weights are stored as float64, as fitted, so a stored model gives the same topics, to the
bit, as a fresh fit. Like the page cache, it is an optimisation only: a file that cannot be used
costs a fit, never the build (generator/cache_db.py).
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from generator.cache_db import open_cache_db

_FORMAT = "1"
_KEEP = 16           # models kept: today's and a few earlier (another branch, a pin undone)


@dataclass(frozen=True)
class LinearModel:
    """features -> (features - centre) @ weights + bias; columns of NaN where no model was fitted."""

    centre: np.ndarray
    weights: np.ndarray         # features x outputs
    bias: np.ndarray            # outputs

    def apply(self, features: np.ndarray) -> np.ndarray:
        return (features - self.centre) @ self.weights + self.bias

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, centre=self.centre, weights=self.weights, bias=self.bias)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            return cls(stored["centre"], stored["weights"], stored["bias"])


def model_key(kind: str, inputs: Sequence[object]) -> str:
    """A hash of everything a fit reads: arrays by dtype, shape and bytes; other values by repr."""
    digest = hashlib.sha256(f"{_FORMAT}\0{kind}".encode())
    for value in inputs:
        if isinstance(value, np.ndarray):
            array = np.ascontiguousarray(value)
            digest.update(f"\0{array.dtype.str}{array.shape}".encode())
            digest.update(array.tobytes())
        else:
            digest.update(f"\0{value!r}".encode())
    return digest.hexdigest()


class FittedModels:
    """Models by `model_key`, in memory for this process and in `path` (None: memory only)."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.fitted = 0              # fits this process did (the rest were reused)
        self._memory: dict[str, LinearModel] = {}

    def get_or_fit(self, kind: str, inputs: Sequence[object], fit: Callable[[], LinearModel]) -> LinearModel:
        key = model_key(kind, inputs)
        if key in self._memory:
            return self._memory[key]
        model = self._read(key)
        if model is None:
            model = fit()
            self.fitted += 1
            self._write(key, model)
        self._memory[key] = model
        return model

    def _db(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        return open_cache_db(self.path, "CREATE TABLE IF NOT EXISTS models (key TEXT PRIMARY KEY, model BLOB)")

    def _read(self, key: str) -> LinearModel | None:
        db = self._db()
        if db is None:
            return None
        try:
            row = db.execute("SELECT model FROM models WHERE key = ?", (key,)).fetchone()
            return LinearModel.from_bytes(row[0]) if row else None
        except (sqlite3.Error, ValueError, OSError, KeyError):
            return None                      # a damaged row is no model: fit again
        finally:
            db.close()

    def _write(self, key: str, model: LinearModel) -> None:
        db = self._db()
        if db is None:
            return
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO models VALUES (?, ?)", (key, model.to_bytes()))
                db.execute("DELETE FROM models WHERE rowid NOT IN (SELECT rowid FROM models ORDER BY rowid DESC "
                           "LIMIT ?)", (_KEEP,))
        except sqlite3.Error:
            pass
        finally:
            db.close()


def fitted_model(store: FittedModels | None, kind: str, inputs: Sequence[object],
                 fit: Callable[[], LinearModel]) -> LinearModel:
    """`fit()`, or the model `store` holds for these `inputs`."""
    return store.get_or_fit(kind, inputs, fit) if store is not None else fit()
