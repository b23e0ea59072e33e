"""A fork that replaces content/ with a digest of its own keeps a green check: the tests build
their sites from tests/fixtures/, never from content/. Checked by running the browser tests in a
copy of this repository whose content/ is another, small digest (the one `digest init` writes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.scaffold import Generator, planned_files

ROOT = Path(__file__).resolve().parents[1]
BROWSER_TESTS = ["tests/test_browser.py", "tests/test_map_browser.py", "tests/test_keyboard.py"]

pytestmark = pytest.mark.browser


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name and not name.startswith("content/")]


def test_the_browser_tests_pass_with_other_content(tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    for name in tracked_files():
        source, target = ROOT / name, fork / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, target)
    other = {name: text for name, text in planned_files("Other", "https://other.example/", Generator("x")).items()
             if name.startswith("content/")}
    for name, text in other.items():
        (fork / name).parent.mkdir(parents=True, exist_ok=True)
        (fork / name).write_text(text)
    assert sorted(p.name for p in (fork / "content" / "papers").iterdir()) == ["attention-is-all-you-need.md"]
    (ROOT / ".cache").mkdir(exist_ok=True)
    (fork / ".cache").symlink_to(ROOT / ".cache")         # the models' exports and embeddings, warm
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *BROWSER_TESTS],
                            cwd=fork, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1] and "skipped" not in result.stdout.splitlines()[-1]
