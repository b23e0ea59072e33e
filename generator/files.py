"""Writing files so that a crash never leaves half of one behind, and reading them back as they are."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_exactly(path: Path) -> str:
    """The file's UTF-8 text with its line endings as they are (Path.read_text turns CRLF into
    LF), so that an edit written back changes only what it meant to."""
    return path.read_bytes().decode("utf-8")
