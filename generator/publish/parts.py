"""Deployable parts: a digest too large for one static host is split by the period papers were
added in.

Each closed period is a *part*: a complete small site of that period's papers (pages, feeds,
its own Pagefind index) built into `site/<key>/` with `site_url` + `<key>/` as its address. The
site root holds the current period, links to every part, and a `parts.json` that its search box
reads to merge the parts' indexes (Pagefind's `mergeIndex`), so one search covers them all.

A part is built again only when what it is made of changes: its papers, their topics, the
registries, the configuration, the theme or the generator. That is its *stamp*, kept in the
part's own `part.json`; an unchanged part is moved into the new site from the previous one, so
a day's build costs the current period, not the years already published.

Why periods and not a size cap: a paper's part never changes (a paper's address is its period's
folder from the day it is added), so nothing moves when a period closes, and a frozen part is a
folder a host can keep for good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from generator.models import Paper
from generator.render.site_info import PartLink

SCHEMES = ("year", "quarter", "month")
CONFIG_KEY = "digest_parts"         # under `extra:` in mkdocs.yml
STAMP_FILE = "part.json"
INDEX_FILE = "parts.json"           # at the root: the parts the search box merges


class PartsConfigError(ValueError):
    """`extra.digest_parts` holds a value no scheme has."""


def parts_scheme(extra: Mapping[str, object], config_file: Path) -> str | None:
    """The period scheme `mkdocs.yml` asks for under `extra.digest_parts`, or None (one site)."""
    value = extra.get(CONFIG_KEY)
    if value in (None, False, "none"):
        return None
    if value not in SCHEMES:
        line = line_of_key(config_file, CONFIG_KEY)
        raise PartsConfigError(f"{config_file}:{line}: extra.{CONFIG_KEY} is {value!r}; it must "
                               f"be one of {', '.join(SCHEMES)} or none")
    return str(value)


def line_of_key(config_file: Path, key: str) -> int:
    """The line that sets `key` in `config_file` (1 when it cannot be found: an inherited file)."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:")), 1)


def period_of(day: dt.date, scheme: str) -> str:
    """The key (and folder name) of the period `day` falls in: '2026', '2026-q4' or '2026-11'."""
    if scheme == "year":
        return f"{day.year}"
    if scheme == "quarter":
        return f"{day.year}-q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class PartPlan:
    current: str                                  # the period the root holds: the newest paper's
    papers: Mapping[str, tuple[str, ...]]         # period key -> its papers' ids, every period

    @property
    def frozen(self) -> list[str]:
        """The closed periods, newest first."""
        return sorted((key for key in self.papers if key != self.current), reverse=True)


def plan_parts(papers: Iterable[Paper], scheme: str) -> PartPlan:
    by_period: dict[str, list[str]] = {}
    newest: dt.date | None = None
    for paper in papers:
        by_period.setdefault(period_of(paper.added, scheme), []).append(paper.id)
        newest = paper.added if newest is None or paper.added > newest else newest
    current = period_of(newest, scheme) if newest else ""
    return PartPlan(current, {key: tuple(sorted(ids)) for key, ids in sorted(by_period.items())})


def part_stamp(key: str, papers: Sequence[Paper], topics_of: Mapping[str, Sequence[str]],
               registries: object, site_fingerprint: str, generator_fingerprint: str) -> str:
    """A hash of everything a part is made of: its papers as loaded, each one's topics, the
    registries (labs, topics), the site's configuration and theme, and the generator's code."""
    digest = hashlib.sha256()
    for part in (key, site_fingerprint, generator_fingerprint, repr(registries)):
        digest.update(part.encode() + b"\0")
    for paper in sorted(papers, key=lambda p: p.id):
        # the file's name, not where the digest happens to be checked out
        as_loaded = replace(paper, path=Path(paper.path).name)
        digest.update(repr(as_loaded).encode() + b"\0" + ",".join(topics_of[paper.id]).encode() + b"\0")
    return digest.hexdigest()


def generator_fingerprint() -> str:
    """A hash of the generator's own files (code, templates, theme): a new version rebuilds parts."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def parts_index(links: Sequence[PartLink], stamps: Mapping[str, str]) -> str:
    """The root's `parts.json`: the parts, newest first, each with its folder (relative to the
    root) and its stamp, which tells a deployment which parts changed since the one live."""
    return json.dumps({"parts": [{"key": p.key, "label": p.label, "url": f"{p.key}/", "papers": p.papers,
                                  "stamp": stamps[p.key]} for p in links]}, indent=1) + "\n"
