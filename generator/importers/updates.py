"""Filling in a paper file the digest has from an incoming paper: fields the file lacks, link
kinds it lacks, new sources, and a title the importer derived itself (unedited since) replaced
with a real one. Anything else that differs is a conflict, reported and left alone: the file's
value is the curator's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.curation.paper_writer import edit_paper_text
from generator.curation.paperfile import PaperSource
from generator.importers.abstract_text import derive_title
from generator.importers.changes import FileChange, ImportPlan
from generator.importers.merge import MergedPaper
from generator.importers.title_index import same_title
from generator.problems import Problem


def plan_update(plan: ImportPlan, path: Path, paper: PaperSource, paper_id: str,
                 merged: MergedPaper, incoming: dict[str, Any], certain: bool) -> None:
    current = paper.doc.value
    if (not certain and merged.title and not same_title(current["title"], merged.title)
            and not _machine_title(paper)):
        # Same abstract but another title, from a dump line this file does not list: the dump
        # pairs them differently than this file does. Fill nothing from it; the curator decides.
        plan.conflicts.append(_conflict(paper, "title", current["title"], merged.title))
        plan.counts["unchanged"] += 1
        return
    changes: dict[str, Any] = {}
    removals: set[str] = set()
    for key, value in incoming.items():
        if key in ("title", "title_derived"):
            continue
        if key == "sources":
            union = list(dict.fromkeys([*current.get("sources", []), *value]))
            if union != current.get("sources", []):
                changes[key] = union
        elif key == "collaboration" and value in (current.get("authors") or []):
            continue        # an older import listed the group as an author; the curator moves it
        elif key not in current:
            changes[key] = value
        elif key == "links" and isinstance(current[key], dict):
            _plan_links(plan, paper, current[key], value, changes)
        elif _plain(current[key]) != _plain(value):
            plan.conflicts.append(_conflict(paper, key, current[key], value))
    _plan_title(plan, paper, merged, changes, removals)
    if not changes and not removals:
        plan.counts["unchanged"] += 1
        return
    text = path.read_text(encoding="utf-8")
    plan.changes.append(FileChange(path, edit_paper_text(text, changes, removals), paper_id, False,
                                   merged.sources[0]))
    plan.counts["updated"] += 1


def _plan_links(plan: ImportPlan, paper: PaperSource, current: dict[str, Any], incoming: dict[str, str],
                changes: dict[str, Any]) -> None:
    """Links of kinds the file lacks are added; a kind the file has with another URL is a conflict."""
    merged_links = dict(current)
    for kind, url in incoming.items():
        if url in current.values():
            continue
        if kind in current and current[kind] is None:
            continue                                  # left empty on purpose: the curator's
        if kind in current:
            plan.conflicts.append(_conflict(paper, f"links.{kind}", current[kind], url))
        else:
            merged_links[kind] = url
    if merged_links != current:
        changes["links"] = merged_links


def _plan_title(plan: ImportPlan, paper: PaperSource, merged: MergedPaper,
                changes: dict[str, Any], removals: set[str]) -> None:
    current = paper.doc.value
    if not merged.title or same_title(current["title"], merged.title):
        return
    if _machine_title(paper):
        changes["title"] = merged.title
        removals.add("title_derived")
    else:
        plan.conflicts.append(_conflict(paper, "title", current["title"], merged.title))


def _machine_title(paper: PaperSource) -> bool:
    """The title is one the importer derived and nobody has edited since."""
    fields = paper.doc.value
    return fields.get("title_derived") is True and fields["title"] == derive_title(paper.body)


def _plain(value: Any) -> Any:
    """Values as the YAML loader gives them (dates as text), for comparison."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _conflict(paper: PaperSource, key: str, mine: Any, theirs: Any) -> Problem:
    return Problem(paper.source, paper.doc.line_of(tuple(key.split("."))),      # links.code: its own line
                   f"conflict: '{key}' {_difference(_plain(mine), _plain(theirs))} (kept the file's value)",
                   severity="warning")


def _difference(mine: Any, theirs: Any) -> str:
    """What differs, in words; for lists (authors, categories) only the items that differ, so a
    long author list with one name spelt another way is one short line."""
    if not (isinstance(mine, list) and isinstance(theirs, list)):
        return f"here is {mine!r}, the dump says {theirs!r}"
    only_here = [item for item in mine if item not in theirs]
    only_there = [item for item in theirs if item not in mine]
    if not only_here and not only_there:
        return f"has the same {len(mine)} items as the dump, in another order"
    parts = [f"only here {', '.join(map(repr, only_here))}" if only_here else "",
             f"only in the dump {', '.join(map(repr, only_there))}" if only_there else ""]
    return "differs from the dump: " + "; ".join(part for part in parts if part)
