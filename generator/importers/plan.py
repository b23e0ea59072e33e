"""Plan an import: which files to create, which to fill in, what conflicts to report.

Planning reads only; `apply_plan` writes. The importer may create files, fill in fields a
file does not have, add sources, and replace a title it derived itself (unchanged since)
with a real one. Anything else that differs is a conflict, reported and left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from generator.curation.parse_cache import PARSE_CACHE_NAME, ParseCache
from generator.curation.loader import (ContentPaths, check_paper_text, display_path, load_content,
                                       tree_problems)
from generator.curation.paperfile import PaperSource, read_text
from generator.curation.rules import normalise_text, slugify_id
from generator.curation import identifiers
from generator.importers import formats
from generator.importers.abstract_index import AbstractIndex
from generator.importers.abstract_text import derive_title
from generator.importers.lab_registry import labs_text_with
from generator.importers.merge import MergedPaper, merge
from generator.importers.title_index import TitleIndex, same_title
from generator.files import write_all_atomically
from generator.curation.paper_writer import edit_paper_text, new_paper_text
from generator.importers.records import DumpError, RawPaper
from generator.problems import CurationError, Problem

MAX_DUMP_BYTES = 64 * 1024 * 1024
PARSE_CACHE = Path(".cache") / PARSE_CACHE_NAME      # beside the enrichment cache
_ID_STOP_WORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "via", "to", "by",
                  "from", "towards", "toward", "using", "is", "are", "at", "as", "its"}


@dataclass(frozen=True)
class FileChange:
    path: Path
    text: str
    paper_id: str
    is_new: bool
    source: str = ""          # "<dump file name>:<line>" of the paper's first source


@dataclass
class ImportPlan:
    changes: list[FileChange] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    new_labs: list[str] = field(default_factory=list)
    labs_text: str | None = None
    counts: Counter = field(default_factory=Counter)
    skipped: list[Problem] = field(default_factory=list)


def read_dumps(files: list[Path], format_name: str = "auto") -> list[RawPaper]:
    """Every paper of every dump, in order; all problems of all dumps raised together."""
    papers, problems = read_dumps_keeping(files, format_name)
    if problems:
        raise DumpError(problems, papers)
    return papers


def read_dumps_keeping(files: list[Path], format_name: str = "auto") -> tuple[list[RawPaper], list[Problem]]:
    """Every paper that reads cleanly, in order, and the problems of every dump (the entries they
    name are left out)."""
    papers: list[RawPaper] = []
    problems: list[Problem] = []
    for path in files:
        display = display_path(path)
        if not path.is_file():
            problems.append(Problem(display, 1, "a folder, not a dump file" if path.is_dir() else "no such dump file"))
            continue
        text, read_problems = read_text(path, display, limit=MAX_DUMP_BYTES)
        if text is None:
            problems.extend(read_problems)
            continue
        lines = text.split("\n")
        try:
            module = formats.detect(lines, display) if format_name == "auto" else formats.FORMATS[format_name]
            found = module.parse(lines, path.name, display)
            if not found:
                raise DumpError([Problem(display, 1, f"no papers found in it as {module.NAME} "
                                                     f"({module.DESCRIPTION}); is it in another format?")])
            papers.extend(found)
        except DumpError as exc:
            problems.extend(exc.problems)
            papers.extend(exc.papers)
    return papers, problems


def plan_import(raws: list[RawPaper], content: Path, added: dt.date) -> ImportPlan:
    result = load_content(content, parse_cache=ParseCache(PARSE_CACHE))
    if result.errors:
        raise CurationError(result.errors)
    digest = result.digest
    paths = ContentPaths(content)
    files = {path.stem: path for path in result.files}
    existing = {path.stem: paper for path, paper in result.files.items()}
    index = _ExistingIndex(existing)
    aliases = {alias.casefold(): lab.slug for lab in digest.labs.values() for alias in lab.aliases}
    taken = {paper_id.casefold() for paper_id in existing}
    plan = ImportPlan()
    seen_labs: list[str] = []
    for merged in merge(raws):
        labs = tuple(dict.fromkeys(aliases.get(lab.casefold(), lab) for lab in merged.labs))
        seen_labs.extend(labs)
        incoming = _incoming_fields(merged, labs)
        match, certain = index.find(merged)
        if len(merged.raws) > 1:
            plan.counts["merged"] += 1
        if match is None and not merged.abstract:
            # A reference without an abstract (Google Scholar exports none) can fill in a paper
            # the digest has, never start one: the abstract is what the digest is made of.
            dump_name, _, line = merged.raws[0].source.rpartition(":")
            plan.skipped.append(Problem(dump_name, int(line),
                                        f"{(merged.title or 'entry')[:60]!r} has no abstract and matches no paper "
                                        "in the digest: skipped (import it with its abstract)", severity="warning"))
            plan.counts["skipped (no abstract)"] += 1
        elif match is None:
            _plan_new(plan, paths, merged, incoming, added, taken)
        else:
            _plan_update(plan, files[match], existing[match], match, merged, incoming, certain)
    plan.new_labs = sorted(set(seen_labs) - set(digest.labs))
    if plan.new_labs:
        plan.labs_text = labs_text_with(paths.labs, plan.new_labs, display_path(paths.labs))
    refused = refused_changes(plan, existing, [*digest.labs, *plan.new_labs], digest.topics)
    if refused:
        raise DumpError(refused)
    return plan


def refused_changes(plan: ImportPlan, existing: dict[str, PaperSource], labs: Iterable[str],
                    topics: Iterable[str]) -> list[Problem]:
    """What `digest validate` would refuse once the plan is written, by the very rules it runs:
    each planned file alone, then the tree (ids, no paper twice). A problem in a planned file is
    named by the dump line the paper came from, so import never writes what validate refuses."""
    labs, topics = set(labs), set(topics)
    tree = dict(existing)
    planned: dict[str, FileChange] = {}
    problems: list[Problem] = []
    for change in plan.changes:
        paper, found = check_paper_text(change.text, display_path(change.path), labs, topics)
        tree[change.paper_id] = paper
        planned[paper.source] = change
        problems += [_refusal(change, p) for p in found if p.is_error]
    for problem in tree_problems(tree.items()):
        if problem.is_error:
            problems.append(_refusal(planned[problem.path], problem) if problem.path in planned else problem)
    return problems


def _refusal(change: FileChange, problem: Problem) -> Problem:
    dump, _, line = change.source.rpartition(":")
    if not line.isdigit():
        return problem
    return Problem(dump, int(line), f"not imported: {problem.path}:{problem.line} would be refused by "
                                    f"digest validate: {problem.message}")


def apply_plan(plan: ImportPlan, content: Path) -> None:
    """Every file of the plan, or (OSError: a read-only folder, a full disk) none of them."""
    files = {change.path: change.text for change in plan.changes}
    if plan.labs_text is not None:
        files[ContentPaths(content).labs] = plan.labs_text
    write_all_atomically(files)


class _ExistingIndex:
    """Finds the file an incoming paper already lives in: by source, then by DOI, arXiv id or
    abstract, then by title, then by a near-identical abstract that no identifier or given
    title contradicts (see abstract_index.py)."""

    def __init__(self, existing: dict[str, PaperSource]):
        self.existing = existing
        self.by_source: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.titles: TitleIndex[str] = TitleIndex()
        self._abstracts: AbstractIndex[str] | None = None
        for paper_id, paper in sorted(existing.items()):
            fields = paper.doc.value
            for source in fields.get("sources", ()):
                self.by_source.setdefault(source, paper_id)
            for key in _identity_keys(paper):
                self.by_key.setdefault(key, paper_id)
            self.titles.add(fields["title"], paper_id)

    def find(self, merged: MergedPaper) -> tuple[str | None, bool]:
        """The matching paper id, and whether the match is certain (the same source line)."""
        for source in merged.sources:
            if source in self.by_source:
                return self.by_source[source], True
        keys = merged.identity_keys()
        for key in keys:
            if key in self.by_key:
                return self.by_key[key], False
        by_title = self.titles.find(merged.title)
        # Near-identical abstracts only for a paper that names no DOI or arXiv id (abstract lines,
        # listings): one that does is found by it, and a day of arXiv never builds this index.
        if by_title is not None or not merged.abstract or any(key.startswith(("doi:", "arxiv:")) for key in keys):
            return by_title, False
        return next((paper_id for paper_id in self.abstracts().near(merged.abstract)
                     if not _contradicted(self.existing[paper_id], merged)), None), False

    def abstracts(self) -> AbstractIndex[str]:
        if self._abstracts is None:
            self._abstracts = AbstractIndex()
            for paper_id, paper in sorted(self.existing.items()):
                self._abstracts.add(paper.body, paper_id)
        return self._abstracts


def _contradicted(paper: PaperSource, merged: MergedPaper) -> bool:
    """Whether an identifier or a title that both give says these are two papers."""
    mine, theirs = _identity_keys(paper), merged.identity_keys()
    for kind in ("doi:", "arxiv:"):
        ours, others = {k for k in mine if k.startswith(kind)}, {k for k in theirs if k.startswith(kind)}
        if ours and others and not ours & others:
            return True
    given = not paper.doc.value.get("title_derived")
    return given and merged.title is not None and not same_title(paper.doc.value["title"], merged.title)


def _identity_keys(paper: PaperSource) -> list[str]:
    keys = [f"abstract:{normalise_text(paper.body)}"]
    for kind, url in (paper.doc.value.get("links") or {}).items():
        base = str(kind).split("-")[0]
        if base == "doi" and identifiers.normalise_doi(url):
            keys.append(f"doi:{identifiers.normalise_doi(url)}")
        if base == "arxiv" and identifiers.normalise_arxiv(url):
            keys.append(f"arxiv:{identifiers.normalise_arxiv(url)}")
    return keys


def _incoming_fields(merged: MergedPaper, labs: tuple[str, ...]) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": merged.title or derive_title(merged.abstract)}
    if not merged.title:
        fields["title_derived"] = True
    if merged.collaboration:
        fields["collaboration"] = merged.collaboration
    if merged.authors:
        fields["authors"] = list(merged.authors)
    if merged.authors_truncated:
        fields["authors_truncated"] = True
    if labs:
        fields["labs"] = list(labs)
    if merged.published:
        fields["published"] = merged.published.as_yaml()
    if merged.links:
        fields["links"] = merged.links
    if merged.categories:
        fields["categories"] = list(merged.categories)
    fields["sources"] = list(merged.sources)
    return fields


def _plan_new(plan: ImportPlan, paths: ContentPaths, merged: MergedPaper, incoming: dict[str, Any],
              added: dt.date, taken: set[str]) -> None:
    paper_id = make_id(incoming["title"], taken)
    taken.add(paper_id)
    fields = dict(incoming, added=added)
    plan.changes.append(FileChange(paths.papers / f"{paper_id}.md",
                                   new_paper_text(fields, merged.abstract), paper_id, True, merged.sources[0]))
    plan.counts["new"] += 1
    if incoming.get("title_derived"):
        plan.counts["derived titles"] += 1


def _plan_update(plan: ImportPlan, path: Path, paper: PaperSource, paper_id: str,
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


def make_id(title: str, taken: set[str]) -> str:
    """A short readable slug: the name before a colon ('DiSparse: ...' -> 'disparse'),
    else the first five significant words of the title; unique against `taken`."""
    head, colon, _ = title.partition(":")
    if colon and 1 <= len(head.split()) <= 3 and re.search(r"[A-Za-z]", head):
        base = slugify_id(head)
    else:
        words = [w for w in slugify_id(title).split("-") if w not in _ID_STOP_WORDS]
        base = "-".join(words[:5])
    base = base[:50].strip("-") or "paper"
    candidate, number = base, 2
    while candidate.casefold() in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
