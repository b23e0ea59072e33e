"""Is this Python environment exactly a lock file? `pip freeze` against requirements*.lock.

    python tools/lockcheck.py requirements.lock [requirements-test.lock ...]
        exit 0 when the packages installed (`pip freeze --all`) are exactly those of one of the
        lock files, at the locked versions; else exit 1 naming every package that is not locked,
        missing, or at another version (against the closest of the lock files).
    python tools/lockcheck.py --prune requirements.lock
        uninstall every package that the lock does not name (after a lock has dropped packages).

Run it with the environment's own interpreter (`.venv/bin/python tools/lockcheck.py ...`). Two
things are not in any lock and are always allowed: pip itself (the installer the venv starts
with) and the project's own editable install. Standard library only.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

PROJECT = "paper-digest"
ALWAYS_ALLOWED = {"pip"}
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    """PEP 503 normalisation: `ruamel.yaml`, `Ruamel_YAML` and `ruamel-yaml` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    """The `name==version` pins of a requirements file (hash and comment lines skipped)."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _REQUIREMENT.match(line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def _pip(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, check=True,
    ).stdout


def installed() -> dict[str, str]:
    """What `pip freeze --all` lists, without pip and the project's own editable install."""
    editables = {canonical(d["name"]) for d in json.loads(_pip("list", "--editable", "--format=json"))}
    unexpected = editables - {PROJECT}
    if unexpected:
        raise SystemExit(f"editable installs other than {PROJECT}: {', '.join(sorted(unexpected))}")
    found: dict[str, str] = {}
    for line in _pip("freeze", "--all", "--exclude-editable").splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
        elif " @ " in line:  # installed from a URL or path, not from the index
            name, version = line.split(" @ ", 1)[0], "@ " + line.split(" @ ", 1)[1]
        else:
            continue
        if canonical(name) not in ALWAYS_ALLOWED:
            found[canonical(name)] = version.strip()
    return found


def differences(found: dict[str, str], lock: dict[str, str]) -> list[str]:
    lines = [f"  not in the lock: {name}=={found[name]}" for name in sorted(found.keys() - lock.keys())]
    lines += [f"  missing: {name}=={lock[name]}" for name in sorted(lock.keys() - found.keys())]
    lines += [
        f"  other version: {name}=={found[name]} (locked {lock[name]})"
        for name in sorted(found.keys() & lock.keys())
        if found[name] != lock[name]
    ]
    return lines


def main(argv: list[str]) -> int:
    prune = "--prune" in argv
    paths = [Path(a) for a in argv if a != "--prune"]
    if not paths or (prune and len(paths) != 1):
        print(__doc__, file=sys.stderr)
        return 2
    found = installed()
    if prune:
        extra = sorted(found.keys() - read_lock(paths[0]).keys())
        if extra:
            print(f"removing packages that {paths[0]} does not name: {' '.join(extra)}")
            _pip("uninstall", "--yes", "--quiet", *extra)
        return 0
    reports = []
    for path in paths:
        diff = differences(found, read_lock(path))
        if not diff:
            return 0
        reports.append((len(diff), path, diff))
    _, path, diff = min(reports, key=lambda r: r[0])
    names = " or ".join(str(p) for p in paths)
    print(f"{sys.prefix} is not exactly {names}; against {path}:", file=sys.stderr)
    print("\n".join(diff), file=sys.stderr)
    print("Set it up again from the lock: rm -rf .venv && make site (or make test).", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
