"""What a change does to the digest, for a pull request: `digest diff BASE`.

The digest at a Git revision (BASE, usually the branch a pull request goes into) is compared with
the working tree, without MkDocs: both are loaded, enriched through the one cache and grouped,
and both are rendered to what MkDocs would compile (Markdown pages, feeds, the map's data). The
report says which papers are added, removed and changed; each new or changed paper's topics with
their confidence (flagged when low), labs and highlight; the derived titles left to check; the
pages and feeds added, changed and removed; and how much the generated sources grow. Printed for
a terminal, or as Markdown for a pull request's summary (`$GITHUB_STEP_SUMMARY`).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from generator.curation.paperfile import split_paper
from generator.group.review import untaught_topics
from generator.pipeline import Analysis

LOW_CONFIDENCE = 0.5        # a first topic the classifier gives at most this probability is flagged
LISTED = 12                 # pages or feeds named per kind before "and N more"


class RevisionError(Exception):
    """BASE is not a revision of the repository, or the content folder is outside it."""


@dataclass(frozen=True)
class Revision:
    """A commit of the Git repository a content folder is in: `root` the repository's top,
    `relative` the folder within it."""
    name: str
    root: Path
    relative: str


def revision_of(revision: str, content: Path) -> Revision:
    """`revision` checked to be a commit of the repository `content` is in (RevisionError if not)."""
    content = content.resolve()
    try:
        root = Path(subprocess.run(["git", "-C", str(content), "rev-parse", "--show-toplevel"], capture_output=True,
                                   text=True, check=True).stdout.strip())
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        raise RevisionError(f"{content} is not in a Git repository") from exc
    check = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RevisionError(f"{revision!r} is not a commit of {root}")
    return Revision(revision, root, content.relative_to(root).as_posix())


def content_at(revision: Revision, into: Path) -> Path:
    """The content folder as it is at `revision`, written under `into` (empty when it did not
    exist then)."""
    target = into / "content"
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(revision.root), "archive", "--format=tar", revision.name, "--",
                              revision.relative], capture_output=True)
    if archive.returncode == 0:                    # fails when the folder did not exist at BASE: empty
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    path = target / Path(member.name).relative_to(revision.relative)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(tar.extractfile(member).read())
    return target


@dataclass(frozen=True)
class PaperChange:
    id: str
    title: str
    title_derived: bool
    topics: tuple[tuple[str, float], ...]      # (topic name, how sure), first topic first; 0 for further ones
    pinned: bool
    labs: tuple[str, ...]                      # given in its file
    inferred_labs: tuple[str, ...]             # inferred from co-authors
    highlight: str

    @property
    def low(self) -> bool:
        return not self.pinned and (not self.topics or self.topics[0][1] <= LOW_CONFIDENCE)


@dataclass
class ChangeReport:
    base: str
    added: list[PaperChange] = field(default_factory=list)
    changed: list[PaperChange] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)        # (id, title)
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)   # changed paper -> the fields edited
    was: dict[str, PaperChange] = field(default_factory=dict)          # changed paper -> as it was at BASE
    moved: list[tuple[PaperChange, PaperChange]] = field(default_factory=list)   # (before, after): first topic
    registries: dict[str, dict[str, list[str]]] = field(default_factory=dict)    # topics/labs -> kind -> slugs
    untaught: tuple[str, ...] = ()             # the working tree's topics scored from descriptions alone
    pages: dict[str, list[str]] = field(default_factory=dict)          # added / changed / removed -> paths
    feeds: dict[str, list[str]] = field(default_factory=dict)
    bytes_before: int = 0
    bytes_after: int = 0

    @property
    def derived_titles(self) -> list[PaperChange]:
        return [p for p in self.added + self.changed if p.title_derived]


@dataclass(frozen=True)
class Side:
    """One side of the comparison, as small as the report needs: every paper's summary, and each
    file MkDocs would compile by its hash and size (a side is made in a process of its own and
    sent back whole). `skipped`: the paper files left out for their errors."""

    papers: Mapping[str, PaperChange]
    files: Mapping[str, tuple[str, int]]
    skipped: tuple = ()
    untaught: tuple[str, ...] = ()           # topics scored from their descriptions alone
    registries: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)   # "topics"/"labs" -> slug -> entry


def side_of(analysis: Analysis, files: Mapping[str, str | bytes]) -> Side:
    encoded = {path: data if isinstance(data, bytes) else data.encode() for path, data in files.items()}
    return Side({p.id: _paper_change(analysis, p.id) for p in analysis.digest.papers},
                {path: (hashlib.sha256(data).hexdigest(), len(data)) for path, data in encoded.items()},
                tuple(analysis.skipped), tuple(untaught_topics(analysis.digest)),
                {"topics": dict(analysis.digest.topics), "labs": dict(analysis.digest.labs)})


def analysed_side(content: Path, cache_path: Path, settings, info, layouts: Path) -> Side:
    """The content analysed and rendered as `digest build` would, without MkDocs; run in a worker
    process, so that both sides of a diff are made at once on two cores."""
    from generator.enrich.cache import EnrichmentCache
    from generator.pipeline import analyse
    from generator.publish.site import map_positions, render_files

    analysis = analyse(content, EnrichmentCache(cache_path), settings=settings)
    return side_of(analysis, render_files(analysis, info, map_positions(analysis, layouts)))


def compare(base: Side, head: Side, base_content: Path, head_content: Path, revision: str) -> ChangeReport:
    report = ChangeReport(revision, untaught=head.untaught)
    for pid in sorted(head.papers):
        if pid not in base.papers:
            report.added.append(head.papers[pid])
        elif (before := _source(base_content, pid)) != (after := _source(head_content, pid)):
            report.changed.append(head.papers[pid])
            report.fields[pid] = edited_fields(before, after)
            report.was[pid] = base.papers[pid]
        elif first_topic(base.papers[pid]) != first_topic(head.papers[pid]):
            report.moved.append((base.papers[pid], head.papers[pid]))     # by a taxonomy or exemplar edit
    # entries of topics.yaml and labs.yaml as the analyses loaded them (any field: name, description, url, aliases)
    report.registries = {name: _changes(base.registries[name], head.registries[name]) for name in ("topics", "labs")}
    report.removed = [(pid, base.papers[pid].title) for pid in sorted(set(base.papers) - set(head.papers))]
    report.pages = _changes(_ending(base.files, ".md"), _ending(head.files, ".md"))
    report.feeds = _changes(_ending(base.files, ".xml"), _ending(head.files, ".xml"))
    report.bytes_before, report.bytes_after = _size(base.files), _size(head.files)
    return report


def _paper_change(analysis: Analysis, paper_id: str) -> PaperChange:
    paper = analysis.digest.paper(paper_id)
    assignment = analysis.grouping.assignments[paper_id]
    names = analysis.digest.topics
    # the first topic with how sure the classifier is of it (the unit of `topics review`); further
    # topics carry calibrated units, not probabilities, when topics are not taught: names only
    topics = tuple((names[slug].name if slug in names else slug, assignment.confidence if i == 0 else 0.0)
                   for i, slug in enumerate(assignment.slugs))
    inferred = tuple(sorted(slug for slug, group in analysis.grouping.labs.items() if paper_id in group.inferred))
    return PaperChange(paper_id, paper.title, paper.title_derived, topics, assignment.pinned, tuple(paper.labs),
                       inferred, analysis.enrichments[paper_id].highlight)


def edited_fields(before: bytes, after: bytes) -> tuple[str, ...]:
    """The front-matter keys whose values differ, and `abstract` when the text does; `layout`
    when only comments, quoting or order changed."""
    old, new = (split_paper(data.decode("utf-8", "replace"), "") for data in (before, after))
    old_fields, new_fields = (doc.doc.value if isinstance(doc.doc.value, dict) else {} for doc in (old, new))
    keys = [key for key in dict.fromkeys([*old_fields, *new_fields]) if old_fields.get(key) != new_fields.get(key)]
    if old.body != new.body:
        keys.append("abstract")
    return tuple(keys) or ("layout",)


def first_topic(paper: PaperChange) -> str | None:
    return paper.topics[0][0] if paper.topics else None


def _source(content: Path, paper_id: str) -> bytes | None:
    path = content / "papers" / f"{paper_id}.md"
    return path.read_bytes() if path.is_file() else None


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[str]]:
    """The keys added, changed (another value) and removed, each sorted."""
    return {"added": sorted(after.keys() - before.keys()),
            "changed": sorted(k for k in before.keys() & after.keys() if before[k] != after[k]),
            "removed": sorted(before.keys() - after.keys())}


def _ending(files: Mapping[str, tuple[str, int]], suffix: str) -> dict[str, tuple[str, int]]:
    return {path: file for path, file in files.items() if path.endswith(suffix)}


def _size(files: Mapping[str, tuple[str, int]]) -> int:
    return sum(size for _, size in files.values())
