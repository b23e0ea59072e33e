"""The enrichment cache: SQLite under .cache/, keyed by a hash of everything that shapes a result.

SQLite gives crash safety (a write is a transaction; a killed build leaves the last
committed state). A damaged cache, or another SQLite file, is reported, moved aside as
`<name>.corrupt` (`.corrupt-2`, ... when that exists) and replaced by a fresh cache: it only
ever costs recomputation. A file that is neither SQLite nor named like a cache (`*.sqlite3`),
say a mistyped `--cache mkdocs.yml`, is not ours to move: `CacheError`, and it is left alone.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Mapping

import numpy as np

from generator.models import Enrichment, Keyphrase

FORMAT = "paper-digest enrichment cache 1"
DEFAULT_PATH = Path(".cache") / "enrichment.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enrichment (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    keyphrases TEXT NOT NULL,
    embedding BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, model TEXT NOT NULL, embedding BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS texts (key TEXT PRIMARY KEY, text TEXT NOT NULL);
"""


def cache_key(text: str, model: str, params: Mapping) -> str:
    return key_maker(model, params)(text)


def key_maker(model: str, params: Mapping) -> Callable[[str], str]:
    """A text's key: the SHA-256 of `{"format", "model", "params", "text"}` as JSON with sorted keys
    (tests/test_enrich.py holds that formula). For many texts: the part that is not the text, the
    last of the sorted fields, is encoded once, not for every paper of a build."""
    head = json.dumps({"format": FORMAT, "model": model, "params": params}, sort_keys=True, ensure_ascii=False)
    prefix = head[:-1] + ', "text": '

    def key(text: str) -> str:
        return hashlib.sha256((prefix + json.dumps(text, ensure_ascii=False) + "}").encode()).hexdigest()
    return key


_SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-journal", "-wal", "-shm")      # what SQLite keeps beside a database


class CacheError(Exception):
    """The path given for the cache holds a file that is not a cache; it is left as it is."""


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class EnrichmentCache:
    def __init__(self, path: Path = DEFAULT_PATH, report: Callable[[str], None] = _warn):
        self.path = path
        self.report = report
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        problem = self._check(self.path) if self.path.exists() else None
        if problem:
            if not _may_replace(self.path):
                raise CacheError(f"{self.path}: {problem}, and not a file a cache is kept in; it is left as it "
                                 "is: give --cache another path")
            aside = _aside(self.path)
            self.path.replace(aside)
            Path(str(self.path) + "-journal").unlink(missing_ok=True)
            self.report(f"{self.path}: {problem}; moved it to {aside.name} and started a new cache")
        # The default rollback journal: every write is atomic and the cache stays one file.
        connection = sqlite3.connect(self.path)
        connection.executescript(_SCHEMA)
        connection.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
        connection.commit()
        return connection

    @staticmethod
    def _check(path: Path) -> str | None:
        """Why `path` cannot be used as our cache, or None."""
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    return "the cache file is damaged"
                tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if "meta" not in tables:
                    return "not an enrichment cache (no meta table)"
                row = connection.execute("SELECT value FROM meta WHERE name='format'").fetchone()
                if not row or row[0] != FORMAT:
                    return f"not an enrichment cache of this version ({row[0] if row else 'no format'})"
            finally:
                connection.close()
        except sqlite3.DatabaseError as exc:
            return f"not a readable cache ({exc})"
        return None

    def get_many(self, keys: Iterable[str]) -> dict[str, Enrichment]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, Enrichment] = {}
        broken = 0
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self.connection.execute(
                f"SELECT key, keyphrases, embedding FROM enrichment WHERE key IN ({','.join('?' * len(chunk))})",
                chunk)
            for key, keyphrases, embedding in rows:
                try:
                    found[key] = _decode(keyphrases, embedding)
                except (ValueError, TypeError, KeyError):
                    broken += 1
        if broken:
            self.report(f"{self.path}: {broken} unreadable entr{'y' if broken == 1 else 'ies'}; recomputing them")
        return found

    def put_many(self, entries: Mapping[str, Enrichment], model: str) -> None:
        rows = [(key, model, json.dumps({"keyphrases": [[k.text, k.score, k.key] for k in e.keyphrases],
                                         "highlight": e.highlight}, ensure_ascii=False),
                 np.asarray(e.embedding, dtype="<f4").tobytes()) for key, e in entries.items()]
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO enrichment VALUES (?, ?, ?, ?)", rows)

    def get_vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(dict.fromkeys(keys))
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self.connection.execute(
                f"SELECT key, embedding FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                vector = _vector(blob)
                if vector is not None:
                    found[key] = vector
        return found

    def put_vectors(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        rows = [(key, model, np.asarray(v, dtype="<f4").tobytes()) for key, v in vectors.items()]
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def get_texts(self, keys: Iterable[str]) -> dict[str, str]:
        """Short results derived from a text (a highlight), by the key of what shaped them."""
        keys = list(dict.fromkeys(keys))
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update(self.connection.execute(
                f"SELECT key, text FROM texts WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return {key: text for key, text in found.items() if isinstance(text, str)}

    def put_texts(self, texts: Mapping[str, str]) -> None:
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", texts.items())

    def info(self) -> dict:
        """What the cache holds; a file that is not a usable cache is described, never changed."""
        if not self.path.exists():
            return {"path": str(self.path), "entries": 0, "bytes": 0, "models": {}}
        problem = self._check(self.path)
        if problem:
            return {"path": str(self.path), "entries": 0, "bytes": self.path.stat().st_size, "models": {},
                    "problem": problem}
        models = Counter(dict(self.connection.execute("SELECT model, COUNT(*) FROM enrichment GROUP BY model")))
        return {"path": str(self.path), "entries": sum(models.values()),
                "bytes": sum(p.stat().st_size for p in self._files()),
                "models": dict(sorted(models.items()))}

    def clear(self) -> int:
        """Delete the cache and SQLite's files beside it (a damaged cache moved aside is kept)."""
        info = self.info()
        if "problem" in info and not _may_replace(self.path):
            raise CacheError(f"{self.path}: not an enrichment cache; it is left as it is")
        self.close()
        for path in self._files():
            path.unlink()
        return info["entries"]

    def _files(self) -> list[Path]:
        candidates = [self.path, *(Path(str(self.path) + side) for side in _SIDE_FILES)]
        return [path for path in candidates if path.is_file()]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _vector(blob: bytes) -> np.ndarray | None:
    """A stored embedding, or None for a row that is not a whole one. Every embedding is stored
    unit-length, so a cut or altered row (a prefix of the floats, other bytes) shows in its norm."""
    if not isinstance(blob, bytes) or len(blob) == 0 or len(blob) % 4:
        return None
    vector = np.frombuffer(blob, dtype="<f4")
    if not np.all(np.isfinite(vector)) or abs(float(np.linalg.norm(vector)) - 1.0) > 1e-3:
        return None
    return vector


def _may_replace(path: Path) -> bool:
    """A damaged cache may be moved aside: a SQLite file, an empty one, or one named like a cache."""
    with path.open("rb") as file:
        head = file.read(len(_SQLITE_HEADER))
    return head in (b"", _SQLITE_HEADER) or path.suffix == ".sqlite3"


def _aside(path: Path) -> Path:
    """`<name>.corrupt`, or the first free `<name>.corrupt-N`: an earlier damaged cache is kept."""
    aside, number = path.with_name(path.name + ".corrupt"), 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{number}")
    return aside


def _decode(stored: str, embedding: bytes) -> Enrichment:
    """The row's text column holds {"keyphrases": [[text, score, key], ...], "highlight": text}."""
    fields = json.loads(stored)
    vector = _vector(embedding)
    if vector is None:
        raise ValueError("not a whole embedding")
    if not isinstance(fields, dict) or not isinstance(fields.get("highlight"), str):
        raise ValueError("not an entry of this layout")
    keyphrases = tuple(Keyphrase(str(t), float(s), str(k)) for t, s, k in fields["keyphrases"])
    return Enrichment(keyphrases, vector, fields["highlight"])
