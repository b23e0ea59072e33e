"""Plan an import: which files to create, which to fill in, what conflicts to report.

Planning reads only; `apply_plan` writes. Each incoming paper is matched against the digest's
files (identifiers, abstract, title); a new one gets a file (`make_id` names it), a known one is
filled in (generator/importers/updates.py). Every file the plan would write is checked by the
rules `digest validate` runs before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Iterable

from generator.curation.parse_cache import PARSE_CACHE_NAME, ParseCache
from generator.curation.loader import (ContentPaths, check_paper_text, display_path, load_content,
                                       tree_problems)
from generator.curation.paperfile import PaperSource
from generator.curation.rules import normalise_text, slugify_id
from generator.curation import identifiers
from generator.importers.abstract_index import AbstractIndex
from generator.importers.abstract_text import derive_title
from generator.importers.lab_registry import labs_text_with
from generator.importers.merge import MergedPaper, merge
from generator.importers.title_index import TitleIndex, same_title
from generator.files import write_all_atomically
from generator.curation.paper_writer import new_paper_text
from generator.importers.changes import FileChange, ImportPlan
from generator.importers.records import DumpError, RawPaper
from generator.importers.updates import plan_update
from generator.problems import CurationError, Problem

PARSE_CACHE = Path(".cache") / PARSE_CACHE_NAME      # beside the enrichment cache
_ID_STOP_WORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "via", "to", "by",
                  "from", "towards", "toward", "using", "is", "are", "at", "as", "its"}


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
            plan_update(plan, files[match], existing[match], match, merged, incoming, certain)
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
