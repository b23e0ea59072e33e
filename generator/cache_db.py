"""Opening the SQLite files of the caches that are an optimisation only (pages, parsed files).

Such a cache must never cost the build: a file that is not a database (half-written, damaged) is
started afresh; one that cannot be opened (a read-only folder, another process holding it past
the timeout) is no cache, and the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterable


def open_cache_db(path: Path, create_table: str, timeout: float = 30) -> sqlite3.Connection | None:
    """A connection with `create_table` run, or None when there can be no cache."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=timeout)
            db.execute(create_table)
            return db
        except sqlite3.OperationalError:        # locked, or cannot be opened: leave the file alone
            return None
        except sqlite3.DatabaseError:           # not a database: start afresh, once
            if attempt == 0:
                with contextlib.suppress(OSError):
                    path.unlink()
        except OSError:
            return None
    return None


def keep_only(db: sqlite3.Connection, table: str, keys: Iterable[str]) -> None:
    """Delete the rows of `table` (keyed by a `key` column) whose key is not in `keys`, so that a
    cache stays the size of what the last run used; the caller commits, and handles errors."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
    db.execute("DELETE FROM kept")
    db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))
    db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM kept)")
