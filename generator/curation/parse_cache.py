"""Paper files read, parsed and schema-checked once: a later run pays only for their bytes.

Loading a digest parses every paper file's YAML and checks it against the JSON Schema; at
50,000 papers that was 70 s of every import, half of it jsonschema. The outcome of both is a
function of the file's bytes, the path it is reported under (messages name it) and the parsing
code, so it is kept in a SQLite file keyed by all three. The rules that look beyond one file
(registries, ids, duplicates) still run on every load; only the per-file parse is reused.

Each load keeps only the entries it used: an edited or deleted file's old entries, and those of
older code, go, so the file stays the size of the digest however often papers are edited.

The cache is an optimisation and nothing more: a cache that cannot be opened, read or written
is left alone and the files are parsed as before. Entries are pickles, read back through an
unpickler that makes only the classes a parsed file is made of (`_ALLOWED`): a cache is shared
between CI runs, and a tampered entry must not run code. Anything else reads as a miss.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sqlite3
from functools import cache
from pathlib import Path

from generator.cache_db import keep_only, open_cache_db
from generator.code_version import code_version as package_code_version
from generator.curation.paperfile import PaperSource

_CODE = ("paperfile.py", "yamldoc.py", "schema.py", "loader.py", "rules.py", "schemas/paper.schema.json")
# What a PaperSource holds: its own classes, and what safe YAML makes (dates with their time zones).
_ALLOWED = {("generator.curation.paperfile", "PaperSource"), ("generator.curation.yamldoc", "YamlDocument"),
            ("generator.problems", "Problem"), ("datetime", "date"), ("datetime", "datetime"),
            ("datetime", "timezone"), ("datetime", "timedelta"), ("builtins", "set"), ("builtins", "frozenset")}


class _PaperUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed paper file")
        return super().find_class(module, name)


def _unpickled(blob: bytes) -> PaperSource | None:
    paper = _PaperUnpickler(io.BytesIO(blob)).load()
    return paper if isinstance(paper, PaperSource) else None


@cache
def code_version() -> str:
    """Changes whenever the code or schema that makes a PaperSource changes, so that a stale
    entry is never read back."""
    return package_code_version("generator.curation", _CODE, ("PyYAML", "jsonschema"))


PARSE_CACHE_NAME = "curation.sqlite3"        # beside the enrichment cache
_BATCH = 500                                # keys a query (SQLite allows 999 parameters)


class ParseCache:
    def __init__(self, path: Path):
        self.path = path
        self._pending: list[tuple[str, bytes]] = []
        self._used: set[str] = set()
        self._db = open_cache_db(path, "CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, paper BLOB)")

    @classmethod
    def beside(cls, enrichment_cache: Path) -> "ParseCache":
        """The parse cache kept beside an enrichment cache file, as build, validate and diff keep it."""
        return cls(enrichment_cache.with_name(PARSE_CACHE_NAME))

    @staticmethod
    def key(raw: bytes, source: str) -> str:
        return hashlib.sha256(code_version().encode() + b"\0" + source.encode() + b"\0" + raw).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, PaperSource]:
        """The entries of `keys` that the cache holds, looked up a batch at a time (a query a file
        was a tenth of loading a year's digest)."""
        found: dict[str, PaperSource] = {}
        if self._db is None:
            return found
        for start in range(0, len(keys), _BATCH):
            batch = keys[start:start + _BATCH]
            try:
                rows = self._db.execute(f"SELECT key, paper FROM parsed WHERE key IN ({','.join('?' * len(batch))})",
                                        batch).fetchall()
            except sqlite3.Error:
                return found
            for key, blob in rows:
                try:
                    paper = _unpickled(blob)
                except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                        IndexError, KeyError):
                    continue
                if paper is not None:
                    found[key] = paper
                    self._used.add(key)
        return found

    def put(self, key: str, paper: PaperSource) -> None:
        if self._db is not None:
            self._pending.append((key, pickle.dumps(paper, protocol=pickle.HIGHEST_PROTOCOL)))
            self._used.add(key)

    def flush(self, prune: bool = False) -> None:
        """Write what was parsed; with `prune` (after reading a whole content folder), also drop
        every entry this load did not use."""
        if self._db is None or not (self._pending or prune):
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?)", self._pending)
            if prune:
                keep_only(self._db, "parsed", self._used)
            self._db.commit()
        except sqlite3.Error:
            pass
        self._pending.clear()
