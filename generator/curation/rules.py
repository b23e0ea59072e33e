"""Validation rules beyond the schema: dates, abstracts, registry references, identities."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.curation.paperfile import PaperSource
from generator.models import PartialDate
from generator.problems import Problem, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ABSTRACT_CHARS = 10_000
MAX_ID_CHARS = 80
DATE_FIELDS = ("added", "published")


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def date_problems(paper: PaperSource) -> list[Problem]:
    """Dates with the right shape but no such day (2026-02-30) or month (2026-13); the schema
    checks the shape."""
    fields = paper.doc.value
    problems = []
    shapes = {"added": r"\d{4}-\d{2}-\d{2}", "published": r"\d{4}(?:-\d{2}(?:-\d{2})?)?"}
    parsers = {"added": parse_date, "published": PartialDate.parse}
    for key in DATE_FIELDS:
        value = fields.get(key)
        if isinstance(value, str) and re.fullmatch(shapes[key], value) and parsers[key](value) is None:
            problems.append(Problem(paper.source, paper.doc.line_of((key,)),
                                    f"'{key}' is not a real date: {value!r}"))
    return problems


def abstract_problems(paper: PaperSource) -> list[Problem]:
    if not paper.body:
        return [Problem(paper.source, paper.body_line,
                        "missing abstract: write it below the closing '---'")]
    if len(paper.body) > MAX_ABSTRACT_CHARS:
        return [Problem(paper.source, paper.body_line,
                        f"abstract is too long ({len(paper.body):,} characters; "
                        f"at most {MAX_ABSTRACT_CHARS:,})")]
    return []


def author_problems(paper: PaperSource) -> list[Problem]:
    """Author entries that cannot be a person's name: no letter or digit at all (the ':' of a
    byline such as 'NVIDIA: Aaron Blakeman, ...', split by a source into its own "author")."""
    authors = paper.doc.value.get("authors")
    if not isinstance(authors, list):
        return []
    return [Problem(paper.source, paper.doc.line_of(("authors", index)),
                    f"'authors[{index + 1}]' is not a name: {name!r} (a group the byline opens with, "
                    "such as 'NVIDIA:', goes in 'collaboration')")
            for index, name in enumerate(authors)
            if isinstance(name, str) and name and not any(c.isalnum() for c in name)]


@dataclass(frozen=True)
class RegistryPaths:
    """The registries as messages name them (the content folder may be another than content/)."""
    labs: str = "content/labs.yaml"
    topics: str = "content/topics.yaml"


def reference_problems(paper: PaperSource, labs: Iterable[str] | None,
                       topics: Iterable[str] | None, shown: RegistryPaths = RegistryPaths()) -> list[Problem]:
    """Lab and topic slugs that the registries do not know, each on its own line.

    A registry given as None could not be read; its own problems are reported instead.
    """
    lab_set = None if labs is None else set(labs)
    registries = {"labs": lab_set, "labs_inferred": lab_set,
                  "topics": None if topics is None else set(topics)}
    problems = []
    for key, known in registries.items():
        values = paper.doc.value.get(key)
        if known is None or not isinstance(values, list):
            continue
        registry = shown.topics if key == "topics" else shown.labs
        noun = "topic" if key == "topics" else "lab"
        for index, slug in enumerate(values):
            if isinstance(slug, str) and SLUG.match(slug) and slug not in known:
                problems.append(Problem(
                    paper.source, paper.doc.line_of((key, index)),
                    f"unknown {noun} '{slug}'{did_you_mean(slug, known)} (add it to {registry})"))
    return problems


def id_problems(ids: Mapping[str, list[str]]) -> list[Problem]:
    """Ids (file names) that are not slugs, and ids that collide.

    `ids` maps each file's id to its display paths; case-insensitive file systems
    would merge 'Foo.md' and 'foo.md', so ids are compared casefolded.
    """
    problems = []
    by_folded: dict[str, list[str]] = {}
    for paper_id, sources in sorted(ids.items()):
        for source in sources:
            if not SLUG.match(paper_id):
                suggestion = slugify_id(paper_id)
                problems.append(Problem(source, 1, f"id '{paper_id}' (the file name) is not a "
                                                   f"lowercase slug; rename the file to '{suggestion}.md'"))
            elif len(paper_id) > MAX_ID_CHARS:
                problems.append(Problem(source, 1, f"id '{paper_id}' is longer than {MAX_ID_CHARS} characters"))
            by_folded.setdefault(paper_id.casefold(), []).append(source)
    for sources in by_folded.values():
        first, *others = sorted(sources, key=lambda s: (s.count("/"), s))
        for other in others:
            problems.append(Problem(other, 1, f"id collides with {first}: paper ids (file names) "
                                              "must be unique, whatever the folder or letter case"))
    return problems


def slugify_id(text: str) -> str:
    text = re.sub(r"['’]", "", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "paper"


def normalise_text(text: str) -> str:
    """Abstract identity: Unicode-normalised, case- and whitespace-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_title(text: str) -> str:
    """Title identity: as `normalise_text`, ignoring punctuation."""
    return " ".join(re.sub(r"[^\w]+", " ", normalise_text(text)).split())


def identity(paper: PaperSource) -> tuple[str, str]:
    """The paper's title and abstract as `duplicate_problems` compares them, kept on the paper."""
    if paper.identity is None:
        title = paper.doc.value.get("title") if isinstance(paper.doc.value, dict) else None
        paper.identity = (normalise_title(title if isinstance(title, str) else ""), normalise_text(paper.body))
    return paper.identity


def duplicate_problems(papers: Iterable[PaperSource]) -> list[Problem]:
    """Two files with the same abstract or the same title."""
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for paper in sorted(papers, key=lambda paper: paper.source):
        title, abstract = identity(paper)
        checks = (("abstract", abstract, paper.body_line), ("title", title, paper.doc.line_of(("title",))))
        for what, key, line in checks:
            if not key:
                continue
            first = seen.setdefault((what, key), paper.source)
            if first != paper.source:
                problems.append(Problem(paper.source, line, f"same {what} as {first}: "
                                                            "the same paper twice? merge the two files"))
    return problems


def derived_title_warnings(paper: PaperSource) -> list[Problem]:
    if paper.doc.value.get("title_derived") is True:
        return [Problem(paper.source, paper.doc.line_of(("title",)),
                        "title was derived from the abstract: check it, then remove 'title_derived'",
                        severity="warning")]
    return []
