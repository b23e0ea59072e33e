"""`digest topics pin`: a curator's topics for one paper, written into its file.

Pins always win for the pinned paper and teach the classifier about the others (the pin model
in `generator.group.topics`), so the command checks first what a hand edit would only meet at
the next `validate`: that the paper and every topic exist. The file is edited in place through
the importer's round-trip writer: the other fields, their comments and the abstract are kept.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Sequence

from generator.curation.loader import ContentPaths
from generator.files import read_exactly, write_atomically
from generator.curation.paper_writer import edit_paper_text
from generator.models import Digest
from generator.problems import did_you_mean, no_topic


def paper_id_of(argument: str) -> str:
    """A paper's id from what a curator types: the id, or a path to its file."""
    return Path(argument).stem if argument.endswith(".md") else argument


def split_topics(arguments: Sequence[str]) -> tuple[str, ...]:
    """Topic slugs given apart or separated by commas ("a,b" as well as "a" "b")."""
    return tuple(slug for argument in arguments for slug in (part.strip() for part in argument.split(",")) if slug)


def pin_problems(digest: Digest, content: Path, paper_id: str, slugs: Sequence[str]) -> list[str]:
    """Why `slugs` cannot be pinned to `paper_id` (empty when they can), each naming the file."""
    ids = {paper.id for paper in digest.papers}
    problems = []
    if paper_id not in ids:
        problems.append(f"{ContentPaths(content).papers}: no paper '{paper_id}'{did_you_mean(paper_id, ids)}")
    problems += [no_topic(ContentPaths(content).topics, slug, digest.topics)
                 for slug in dict.fromkeys(slugs) if slug not in digest.topics]
    repeated = sorted(slug for slug, count in Counter(slugs).items() if count > 1)
    if repeated:
        problems.append(f"each topic once: {', '.join(repeated)} given twice")
    return problems


def write_pins(content: Path, paper_id: str, slugs: Sequence[str]) -> Path:
    """Set the paper's `topics` to `slugs` (its main topic first), or remove the field when
    `slugs` is empty; returns the file written."""
    path = next(p for p in ContentPaths(content).paper_files() if p.stem == paper_id)
    text = read_exactly(path)
    edited = edit_paper_text(text, {"topics": list(slugs)}) if slugs else edit_paper_text(text, {}, {"topics"})
    write_atomically(path, edited)
    return path
