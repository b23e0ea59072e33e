"""Output folders swapped in whole: a build writes into a staging folder beside its target and
renames it into place, so a failed or killed build never leaves a half-written site; what a killed
build left behind is removed by the next one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from generator.files import default_mode


_ABANDONED_AFTER = 3600      # seconds: a staging folder named by no process id is someone's after that


def remove_abandoned(target: Path) -> None:
    """Remove the staging and old folders a killed build left beside `target` (`.site-new-PID-*`,
    `.site-old-PID`): those whose process is gone, or, named by no process, an hour old. A
    running build's folders are left to it."""
    for folder in target.parent.glob(f".{target.name}-*"):
        match = re.fullmatch(rf"\.{re.escape(target.name)}-(?:new|old)-(\d+)?\D?.*", folder.name)
        if not match or not folder.is_dir():
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid is None:
            abandoned = time.time() - folder.stat().st_mtime > _ABANDONED_AFTER
        else:
            abandoned = pid != os.getpid() and not _running(pid)
        if abandoned:
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):   # no such process (or no such number)
        return False
    except PermissionError:                       # another user's process
        return True
    return True


def swap_in(new: Path, target: Path, *, remove_in_background: bool = False) -> None:
    """Replace `target` by `new` with two renames on one file system; the old tree is removed after,
    with `remove_in_background` by a process of its own (`remove_later`)."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if not old.exists():
        return
    if remove_in_background:
        remove_later(old)
    else:                    # the new tree is in place: a file that will not go waits for the next build
        shutil.rmtree(old, ignore_errors=True)


def remove_later(folder: Path) -> None:
    """Remove `folder` in a detached process, so that the build need not wait for it: a year's
    root site and its Markdown are about 23,000 files, five seconds of unlinking on this machine
    that every build paid. A removal cut short leaves the folder to the next build
    (`remove_abandoned`: its name holds this build's process id)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target`, removed if the build fails before it is swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-{os.getpid()}-"))
    staging.chmod(default_mode(folder=True))         # mkdtemp's 0700 would hide the site from a web server
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


@dataclass(frozen=True)
class Reused:
    """A file of the last build's tree that this build keeps as it is, without rendering it again."""
    source: Path


def link_or_copy(source: Path, path: Path) -> None:
    """`source` at `path` too: linked, or copied where the file system refuses links."""
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def link_or_write(path: Path, data: bytes, previous: Path | None) -> None:
    """Write `data` at `path`, a new file; when `previous` (the same file in the last build's tree)
    holds exactly `data`, link it instead: a name costs less than a file on most disks (11,121
    files of the 20 real days' site: 1.4 s written, 0.4 s linked). Safe because no stage writes
    a file in place: every file of a build is new in its staging folder, so the two trees never
    change each other, and removing the old tree leaves the linked files be."""
    if previous is not None:
        try:
            if previous.stat().st_size == len(data) and previous.read_bytes() == data:
                os.link(previous, path)
                return
        except OSError:
            pass                # no previous file, or links not allowed here: written
    path.write_bytes(data)
