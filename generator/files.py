"""Writing files so that a crash never leaves half of one behind, and reading them back as they are."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    write_all_atomically({path: text})


def write_all_atomically(files: dict[Path, str]) -> None:
    """Write every file through a temporary file beside it, then rename them all into place: a
    file that cannot be written (a read-only folder, a full disk) raises before any is changed.
    Each keeps the mode of the file it replaces, a new one the umask's (mkstemp's are 0600)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path = path.resolve() if path.is_symlink() else path      # a linked file is edited, the link kept
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((Path(temp), path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temp, _mode_for(path))
        for temp, path in staged:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise


def default_mode(folder: bool = False) -> int:
    """What the process's umask gives a new file (or folder)."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return default_mode()


def read_exactly(path: Path) -> str:
    """The file's UTF-8 text with its line endings as they are (Path.read_text turns CRLF into
    LF), so that an edit written back changes only what it meant to."""
    return path.read_bytes().decode("utf-8")
