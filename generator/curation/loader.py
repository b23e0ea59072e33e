"""Turn a content tree into a Digest, collecting every problem on the way.

Nothing here writes; a tree with errors gives problems and no Digest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, TypeVar

from generator.curation import rules
from generator.curation.paperfile import PaperSource, read_text, split_paper
from generator.curation.schema import schema_problems
from generator.curation.yamldoc import YamlDocument, parse_yaml
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

    def paper_files(self) -> list[Path]:
        if not self.papers.is_dir():
            return []
        return sorted(p for p in self.papers.rglob("*.md")
                      if not any(part.startswith(".") for part in p.relative_to(self.papers).parts))


@dataclass(frozen=True)
class LoadResult:
    digest: Digest | None
    problems: tuple[Problem, ...]

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


def load_content(content: Path) -> LoadResult:
    paths = ContentPaths(content)
    problems: list[Problem] = []
    if not content.is_dir():
        return LoadResult(None, (Problem(display_path(content), 1, "content folder not found"),))
    labs = _load_registry(paths.labs, "labs", _make_lab, problems)
    topics = _load_registry(paths.topics, "topics", _make_topic, problems)
    files = paths.paper_files()
    sources = [read_paper(path) for path in files]
    valid: list[tuple[PaperSource, Paper]] = []
    for path, paper in zip(files, sources):
        problems.extend(paper.problems)
        if not isinstance(paper.doc.value, dict):
            continue
        found = _paper_problems(paper, labs, topics)
        problems.extend(found)
        if not paper.problems and not any(p.is_error for p in found):
            valid.append((paper, _make_paper(path.stem, paper)))
    ids: dict[str, list[str]] = {}
    for path, paper in zip(files, sources):
        ids.setdefault(path.stem, []).append(paper.source)
    problems.extend(rules.id_problems(ids))
    problems.extend(rules.duplicate_problems(
        (s, s.doc.value.get("title"), s.body) for s in sources if isinstance(s.doc.value, dict)))
    problems.sort()
    if any(p.is_error for p in problems):
        return LoadResult(None, tuple(problems))
    digest = Digest(tuple(sorted((p for _, p in valid), key=lambda p: p.id)),
                    MappingProxyType(labs or {}), MappingProxyType(topics or {}))
    return LoadResult(digest, tuple(problems))


def load_digest(content: Path) -> Digest:
    """The Digest, or CurationError carrying every error."""
    result = load_content(content)
    if result.digest is None:
        raise CurationError(result.errors)
    return result.digest


def read_paper(path: Path) -> PaperSource:
    """One paper file, split and schema-checked."""
    source = display_path(path)
    text, problems = read_text(path, source)
    if text is None:
        return PaperSource(source, YamlDocument(None), problems=problems)
    paper = split_paper(text, source)
    if not paper.problems:
        paper.problems.extend(schema_problems("paper", paper.doc, source))
    return paper


def _paper_problems(paper: PaperSource, labs: dict[str, Lab] | None,
                    topics: dict[str, Topic] | None) -> list[Problem]:
    """Rules beyond the schema; a registry that failed to load (None) is not checked against."""
    return [*rules.date_problems(paper), *rules.abstract_problems(paper),
            *rules.reference_problems(paper, labs, topics), *rules.derived_title_warnings(paper)]


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
    return Lab(slug, entry["name"], entry.get("url"), tuple(entry.get("aliases", ())))


def _make_topic(slug: str, entry: dict[str, Any]) -> Topic:
    return Topic(slug, entry["name"].strip(), " ".join(entry["description"].split()))


def _make_paper(paper_id: str, paper: PaperSource) -> Paper:
    fields = paper.doc.value
    links = {str(k): v for k, v in sorted((fields.get("links") or {}).items())}
    return Paper(
        id=paper_id,
        title=" ".join(fields["title"].split()),
        abstract=paper.body,
        added=rules.parse_date(fields["added"]),
        path=paper.source,
        authors=tuple(a.strip() for a in fields.get("authors", ())),
        authors_truncated=bool(fields.get("authors_truncated", False)),
        labs=tuple(fields.get("labs", ())),
        labs_inferred=tuple(fields.get("labs_inferred", ())),
        published=PartialDate.parse(fields.get("published")),
        links=MappingProxyType(links),
        topics=tuple(fields.get("topics", ())),
        tags=tuple(fields.get("tags", ())),
        note=fields.get("note"),
        sources=tuple(fields.get("sources", ())),
        title_derived=bool(fields.get("title_derived", False)),
        categories=tuple(fields.get("categories", ())),
    )
