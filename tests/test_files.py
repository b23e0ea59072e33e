"""Writing curator files: all of an edit or none of it, in the files' own modes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.files import write_all_atomically


def test_a_file_that_cannot_be_written_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    first = tmp_path / "labs.yaml"
    first.write_text("tsinghua:\n  name: Tsinghua University\n")
    (tmp_path / "papers").write_text("a file where a folder should be")
    with pytest.raises(OSError):
        write_all_atomically({first: "changed\n", tmp_path / "papers" / "new.md": "---\n"})
    assert first.read_text() == "tsinghua:\n  name: Tsinghua University\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labs.yaml", "papers"]     # no temporary file left


def test_files_keep_their_mode_and_new_ones_follow_the_umask(tmp_path: Path) -> None:
    kept, new = tmp_path / "kept.md", tmp_path / "new.md"
    kept.write_text("old\n")
    kept.chmod(0o640)
    previous = os.umask(0o022)
    try:
        write_all_atomically({kept: "edited\n", new: "new\n"})
    finally:
        os.umask(previous)
    assert (kept.stat().st_mode & 0o777, new.stat().st_mode & 0o777) == (0o640, 0o644)
    assert kept.read_text() == "edited\n"
