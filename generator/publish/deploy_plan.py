"""What a deployment of a digest in parts publishes (generator/publish/parts.py): the root without
the parts' folders, and the parts whose stamp differs from the live site's `parts.json`.

A static host takes each part as a site of its own (on GitHub Pages: a repository named by the
period, below the root's user or organisation site), so a build hands the deploy workflow a root
folder and the list of parts to push; an unchanged part is not pushed again.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.publish.parts import INDEX_FILE


class DeployPlanError(Exception):
    pass


@dataclass(frozen=True)
class DeployPlan:
    root: Path                 # the root's files, hard-linked from the site
    parts: Path                # the changed parts' folders, hard-linked likewise (parts/<key>/)
    changed: list[str]         # parts to publish, newest first
    unchanged: list[str]


def site_parts(site: Path) -> dict[str, str]:
    """part key -> stamp, from the built site's `parts.json` ({} for a site in one piece)."""
    index = site / INDEX_FILE
    if not index.is_file():
        return {}
    try:
        return _stamps(index.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise DeployPlanError(f"{index}: not a parts index written by digest build ({exc})") from None


def live_parts(text: str | None) -> dict[str, str]:
    """part key -> stamp from the live site's `parts.json`; {} when there is none, or it does not
    read (then every part is published again, which is safe)."""
    try:
        return _stamps(text) if text else {}
    except (ValueError, KeyError, TypeError):
        return {}


def _stamps(text: str) -> dict[str, str]:
    return {part["key"]: part["stamp"] for part in json.loads(text)["parts"]}


def plan_deploy(site: Path, live_index: str | None, out: Path) -> DeployPlan:
    """Write `out/root/` (the site without its parts' folders) and `out/parts/<key>/` for each part
    to publish: those the live site lacks or has with another stamp."""
    parts = site_parts(site)
    live = live_parts(live_index)
    for key, stamp in parts.items():          # checked before anything is written
        if not (site / key).is_dir() and live.get(key) != stamp:
            raise DeployPlanError(f"{site}: part {key} was left out of the build as deployed, but the live "
                                  "site does not hold it with its stamp: build it (without --reuse-parts-from)")
    root = out / "root"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(site, root, copy_function=_link,
                    ignore=lambda folder, names: [n for n in names if Path(folder) == site and n in parts])
    changed = [key for key in parts if live.get(key) != parts[key]]
    folder = out / "parts"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for key in changed:
        shutil.copytree(site / key, folder / key, copy_function=_link)
    return DeployPlan(root, folder, changed, [key for key in parts if key not in changed])


def _link(source: str, target: str) -> None:
    """A hard link where the file system allows (no copy of a year's files), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
