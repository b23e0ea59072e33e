"""Labs proposed from co-authorship: an author seen with a lab on one paper suggests that lab
for their other papers that name none. Proposals are written only on request, as
`labs_inferred`, so that pages can show them apart from the labs a source gave."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.curation.loader import ContentPaths
from generator.files import read_exactly, write_atomically
from generator.curation.paper_writer import edit_paper_text
from generator.models import Digest
from generator.names import author_key


@dataclass(frozen=True)
class LabSuggestion:
    paper_id: str
    labs: tuple[str, ...]
    evidence: tuple[str, ...]        # "Author (lab, via paper-id)"


def suggest_labs(digest: Digest) -> list[LabSuggestion]:
    seen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for paper in digest.papers:
        for author in paper.authors:
            names.setdefault(author_key(author), author)
            for lab in paper.labs:
                seen[author_key(author)][lab].append(paper.id)
    suggestions = []
    for paper in digest.papers:
        if paper.labs_decided:
            continue
        labs: dict[str, list[str]] = defaultdict(list)
        for author in paper.authors:
            for lab, via in sorted(seen.get(author_key(author), {}).items()):
                labs[lab].append(f"{author} ({lab}, via {via[0]})")
        if labs:
            ordered = tuple(sorted(labs))
            evidence = tuple(e for lab in ordered for e in labs[lab])
            suggestions.append(LabSuggestion(paper.id, ordered, evidence))
    return suggestions


def write_suggestions(suggestions: list[LabSuggestion], content: Path) -> int:
    """Add `labs_inferred` to each suggested paper's file; returns how many files changed."""
    files = {path.stem: path for path in ContentPaths(content).paper_files()}
    for suggestion in suggestions:
        path = files[suggestion.paper_id]
        text = read_exactly(path)
        write_atomically(path, edit_paper_text(text, {"labs_inferred": list(suggestion.labs)}))
    return len(suggestions)
