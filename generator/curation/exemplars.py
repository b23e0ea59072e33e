"""content/exemplars.jsonl: labelled papers that teach the topic classifier what each topic holds.

One JSON object a line, so that a file of thousands of abstracts loads in milliseconds, diffs one
exemplar a line in Git, and every problem names its line:

    {"source": "arXiv:2503.01234", "topics": ["language-models", "medical-imaging"],
     "title": "...", "abstract": "..."}

`topics` lists one to three slugs of topics.yaml, primary first; `source` is optional. Exemplars
are not papers of the digest: they are never shown, and a topic removed from topics.yaml must be
removed from its exemplars too (the error says which line names it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from generator.curation.paperfile import read_text
from generator.curation.rules import MAX_ABSTRACT_CHARS
from generator.models import Exemplar
from generator.problems import Problem, did_you_mean

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TOPICS = 3
FIELDS = {"source", "topics", "title", "abstract"}


def load_exemplars(path: Path, shown: str, topics: Iterable[str] | None) -> tuple[tuple[Exemplar, ...], list[Problem]]:
    """The file's exemplars and its problems (any problem: no exemplars). A missing file is none.
    `topics`: the taxonomy's slugs, or None when it failed to load (then not checked against)."""
    if not path.exists():
        return (), []
    text, problems = read_text(path, shown, limit=MAX_FILE_BYTES)
    if text is None:
        return (), problems
    known = None if topics is None else set(topics)
    exemplars = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(shown, number, f"not a JSON object: {exc.msg} (column {exc.colno}); "
                                                   "each line holds one exemplar"))
            continue
        found = record_problems(record, known)
        problems.extend(Problem(shown, number, message) for message in found)
        if not found:
            exemplars.append(Exemplar(" ".join(record["title"].split()), " ".join(record["abstract"].split()),
                                      tuple(record["topics"]), record.get("source", ""), number))
    return (tuple(exemplars), []) if not problems else ((), problems)


def record_problems(record: Any, known: set[str] | None) -> list[str]:
    if not isinstance(record, dict):
        return ['expected an object such as {"topics": [...], "title": "...", "abstract": "..."}']
    problems = [f"unknown field {key!r}{did_you_mean(key, FIELDS)}" for key in record if key not in FIELDS]
    for key in ("title", "abstract"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'{key}' is missing or not text")
    if isinstance(record.get("abstract"), str) and len(record["abstract"]) > MAX_ABSTRACT_CHARS:
        problems.append(f"abstract is too long ({len(record['abstract']):,} characters; "
                        f"at most {MAX_ABSTRACT_CHARS:,})")
    if "source" in record and not isinstance(record["source"], str):
        problems.append("'source' must be text")
    return problems + _topic_problems(record.get("topics"), known)


def _topic_problems(topics: Any, known: set[str] | None) -> list[str]:
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        return ["'topics' must be a list of one to three topic slugs, primary first"]
    problems = []
    if len(topics) > MAX_TOPICS:
        problems.append(f"'topics' lists {len(topics)} topics; at most {MAX_TOPICS}")
    if len(set(topics)) < len(topics):
        problems.append("'topics' names a topic twice")
    if known is not None:
        problems += [f"unknown topic {slug!r}{did_you_mean(slug, known)} (not in topics.yaml)"
                     for slug in topics if slug not in known]
    return problems
