"""Turn a content tree into a Digest, collecting every problem on the way.

Nothing here writes; a tree with errors gives problems and no Digest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, TypeVar

from generator.curation import rules
from generator.curation.exemplars import load_exemplars
from generator.curation.rules import RegistryPaths
from generator.curation.paperfile import MAX_FILE_BYTES, PaperSource, decode_text, read_text, split_paper
from generator.curation.parse_cache import ParseCache
from generator.curation.schema import schema_problems
from generator.curation.yamldoc import YamlDocument, parse_yaml
from generator.curation.identifiers import web_address
from generator.models import Digest, Lab, PartialDate, Paper, Topic
from generator.problems import CurationError, Problem

T = TypeVar("T")


@dataclass(frozen=True)
class ContentPaths:
    root: Path

    @property
    def papers(self) -> Path:
        return self.root / "papers"

    @property
    def labs(self) -> Path:
        return self.root / "labs.yaml"

    @property
    def topics(self) -> Path:
        return self.root / "topics.yaml"

    @property
    def exemplars(self) -> Path:
        return self.root / "exemplars.jsonl"

    def paper_files(self) -> list[Path]:
        return self.scan()[0]

    def scan(self) -> tuple[list[Path], list[tuple[Path, str]]]:
        """The paper files, and the entries that look meant as papers but are not read as one,
        with why: one walk of papers/."""
        if not self.papers.is_dir():
            return [], []
        papers, unread = [], []
        prefix = len(str(self.papers)) + 1
        for path in sorted(self.papers.rglob("*"), key=lambda path: path.parts):   # as Paths sort
            relative = str(path)[prefix:]
            if (path.suffix.lower() != ".md" or relative.startswith(".") or f"{os.sep}." in relative
                    or path.is_dir()):
                continue
            if not path.is_file():
                unread.append((path, "not a regular file (a broken or looping link, a pipe or a device)"))
            elif path.suffix != ".md":
                unread.append((path, "a paper file's name ends in .md (lower case)"))
            else:
                papers.append(path)
        return papers, unread


@dataclass(frozen=True)
class LoadResult:
    digest: Digest | None
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...] = ()       # papers left out of the digest for their errors (skip_invalid)
    # every paper file as read, so that the importer need not read and parse them a second time
    files: Mapping[Path, PaperSource] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def display_path(path: Path) -> str:
    """The path as a person typed it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path.resolve()) if relative.startswith("..") else relative


def load_content(content: Path, *, skip_invalid: bool = False, parse_cache: ParseCache | None = None) -> LoadResult:
    """The digest and every problem; no digest when there are errors.

    With `skip_invalid`, a paper file with errors is left out (listed in `skipped`) and the
    digest holds the others: one bad paper need not stop a build. Errors outside paper files
    (the registries, the folder) still give no digest. With a `parse_cache`, a paper file whose
    bytes were parsed before is not parsed again (see parse_cache.py).
    """
    paths = ContentPaths(content)
    problems: list[Problem] = []
    if not content.is_dir():
        return LoadResult(None, (Problem(display_path(content), 1, "content folder not found"),))
    labs = _load_registry(paths.labs, "labs", _make_lab, problems)
    topics = _load_registry(paths.topics, "topics", _make_topic, problems)
    files, unread = paths.scan()
    problems.extend(Problem(display_path(path), 1, f"not read as a paper: {why}", severity="warning")
                    for path, why in unread)
    sources = read_papers(files, paths.papers, parse_cache)
    if parse_cache is not None:
        parse_cache.flush(prune=True)
    hints = RegistryPaths(display_path(paths.labs), display_path(paths.topics))
    lost = [*_lost_registry(paths.labs, hints.labs, labs, ("labs", "labs_inferred"), sources),
            *_lost_registry(paths.topics, hints.topics, topics, ("topics",), sources)]
    problems.extend(lost)
    if any(p.path == hints.labs for p in lost):
        labs = None            # its problem is the registry's: not repeated in every paper
    if any(p.path == hints.topics for p in lost):
        topics = None
    exemplars, exemplar_problems = load_exemplars(paths.exemplars, display_path(paths.exemplars), topics)
    problems.extend(exemplar_problems)
    valid: list[tuple[PaperSource, Paper]] = []
    for path, paper in zip(files, sources):
        problems.extend(paper.problems)
        if not isinstance(paper.doc.value, dict):
            continue
        found = paper_problems(paper, labs, topics, hints)
        problems.extend(found)
        if not paper.problems and not any(p.is_error for p in found):
            valid.append((paper, _make_paper(path.stem, paper)))
    problems.extend(tree_problems((path.stem, paper) for path, paper in zip(files, sources)))
    problems.sort()
    invalid = {p.path for p in problems if p.is_error}
    skipped = tuple(sorted(invalid & {paper.source for paper in sources}))
    read = MappingProxyType(dict(zip(files, sources)))
    if invalid - set(skipped) or (invalid and not skip_invalid):
        return LoadResult(None, tuple(problems), files=read)
    digest = Digest(tuple(sorted((p for s, p in valid if s.source not in invalid), key=lambda p: p.id)),
                    MappingProxyType(labs or {}), MappingProxyType(topics or {}), exemplars)
    return LoadResult(digest, tuple(problems), skipped, read)


def load_digest(content: Path, *, skip_invalid: bool = False) -> Digest:
    """The Digest, or CurationError carrying every error (see `load_content` for `skip_invalid`)."""
    result = load_content(content, skip_invalid=skip_invalid)
    if result.digest is None:
        raise CurationError(result.errors)
    return result.digest


def read_papers(files: list[Path], folder: Path, parse_cache: ParseCache | None = None) -> list[PaperSource]:
    """The paper files under `folder`, split and schema-checked, or as they were when these bytes
    were last read (`parse_cache`, looked up in batches)."""
    shown, prefix = display_path(folder), len(str(folder)) + 1  # once: a relpath a file was a tenth of a load
    sources = [os.path.join(shown, str(path)[prefix:]) for path in files]
    raws = [None if parse_cache is None or path.stat().st_size > MAX_FILE_BYTES else path.read_bytes()
            for path in files]
    keys = [None if raw is None else parse_cache.key(raw, source) for raw, source in zip(raws, sources)]
    cached = parse_cache.get_many([key for key in keys if key is not None]) if parse_cache else {}
    papers = []
    for path, source, raw, key in zip(files, sources, raws, keys):
        paper = cached.get(key) if key is not None else None
        if paper is None:
            paper = _paper_or_problems(*(read_text(path, source) if raw is None else decode_text(raw, source)), source)
            if isinstance(paper.doc.value, dict):
                rules.identity(paper)           # before it is kept: see PaperSource.identity
            if key is not None:
                parse_cache.put(key, paper)
        papers.append(paper)
    return papers


def _paper_or_problems(text: str | None, problems: list[Problem], source: str) -> PaperSource:
    """The parsed paper, or, when the file could not be read as text, only why."""
    if text is None:
        return PaperSource(source, YamlDocument(None), problems=problems)
    return parse_paper(text, source)


def parse_paper(text: str, source: str) -> PaperSource:
    """A paper file's text, split and schema-checked."""
    paper = split_paper(text, source)
    if not paper.problems:
        paper.problems.extend(schema_problems("paper", paper.doc, source))
    return paper


def paper_problems(paper: PaperSource, labs: Mapping[str, Any] | Iterable[str] | None,
                   topics: Mapping[str, Any] | Iterable[str] | None,
                   registries: RegistryPaths = RegistryPaths()) -> list[Problem]:
    """Rules beyond the schema; a registry that failed to load (None) is not checked against."""
    return [*rules.date_problems(paper), *rules.abstract_problems(paper), *rules.author_problems(paper),
            *rules.reference_problems(paper, labs, topics, registries), *rules.derived_title_warnings(paper)]


def tree_problems(papers: Iterable[tuple[str, PaperSource]]) -> list[Problem]:
    """Rules across paper files: ids (file names) that are slugs and unique, no paper twice."""
    papers = list(papers)
    ids: dict[str, list[str]] = {}
    for paper_id, paper in papers:
        ids.setdefault(paper_id, []).append(paper.source)
    return [*rules.id_problems(ids),
            *rules.duplicate_problems(paper for _, paper in papers if isinstance(paper.doc.value, dict))]


def check_paper_text(text: str, source: str, labs: Iterable[str] | None,
                     topics: Iterable[str] | None) -> tuple[PaperSource, list[Problem]]:
    """What `digest validate` would say of one paper file with this text, bar the rules across
    files (`tree_problems`): the importer checks every file it is about to write with it."""
    paper = _paper_or_problems(*decode_text(text.encode("utf-8"), source), source)
    found = list(paper.problems)
    if isinstance(paper.doc.value, dict):
        found += paper_problems(paper, labs, topics)
    return paper, found


def _lost_registry(path: Path, shown: str, registry: Mapping[str, Any] | None, keys: tuple[str, ...],
                   sources: list[PaperSource]) -> list[Problem]:
    """A registry that is missing or empty while papers name its entries: most likely lost or
    emptied by mistake, which is the registry's problem (it stops every build), not forty papers'."""
    if registry is None or registry:
        return []
    naming = [(paper, key) for paper in sources if isinstance(paper.doc.value, dict)
              for key in keys if paper.doc.value.get(key)]
    if not naming:
        return []
    paper, key = naming[0]
    state = "is empty" if path.exists() else "is missing"
    return [Problem(shown, 1, f"{state}, but {len({p.source for p, _ in naming})} paper file(s) name its entries "
                              f"(first {paper.source}:{paper.doc.line_of((key,))} names {paper.doc.value[key][0]!r}); "
                              "restore it, or remove those names from the papers")]


def _load_registry(path: Path, schema: str, make: Callable[[str, dict[str, Any]], T],
                   problems: list[Problem]) -> dict[str, T] | None:
    """The registry's entries; None (with problems) when the file cannot be used."""
    if not path.exists():
        return {}
    source = display_path(path)
    text, read_problems = read_text(path, source, limit=4 * 1024 * 1024)
    problems.extend(read_problems)
    if text is None:
        return None
    doc = parse_yaml(text, source)
    problems.extend(doc.problems)
    if doc.problems:
        return None
    found = schema_problems(schema, doc, source)
    problems.extend(found)
    if found:
        return None
    return {slug: make(slug, entry) for slug, entry in sorted((doc.value or {}).items())}


def _make_lab(slug: str, entry: dict[str, Any]) -> Lab:
    return Lab(slug, entry["name"], entry.get("url") and web_address(entry["url"]), tuple(entry.get("aliases", ())))


def _make_topic(slug: str, entry: dict[str, Any]) -> Topic:
    return Topic(slug, entry["name"].strip(), " ".join(entry["description"].split()))


def _make_paper(paper_id: str, paper: PaperSource) -> Paper:
    fields = paper.doc.value
    links = {str(k): web_address(v) for k, v in sorted((fields.get("links") or {}).items())
             if v is not None}                   # `paper:` left empty: no link of that kind, on purpose
    return Paper(
        id=paper_id,
        title=" ".join(fields["title"].split()),
        abstract=paper.body,
        added=rules.parse_date(fields["added"]),
        path=paper.source,
        authors=tuple(a.strip() for a in fields.get("authors", ())),
        collaboration=" ".join(fields["collaboration"].split()) if fields.get("collaboration") else None,
        authors_truncated=bool(fields.get("authors_truncated", False)),
        labs=tuple(fields.get("labs", ())),
        labs_inferred=tuple(fields.get("labs_inferred", ())),
        labs_decided="labs" in fields or "labs_inferred" in fields,
        published=PartialDate.parse(fields.get("published")),
        links=MappingProxyType(links),
        topics=tuple(fields.get("topics", ())),
        tags=tuple(fields.get("tags", ())),
        note=fields.get("note"),
        sources=tuple(fields.get("sources", ())),
        title_derived=bool(fields.get("title_derived", False)),
        categories=tuple(fields.get("categories", ())),
    )
