"""Papers grouped by lab: the labs a source gave kept apart from the inferred ones."""

from __future__ import annotations

from dataclasses import dataclass

from generator.models import Digest


@dataclass(frozen=True)
class LabGroup:
    slug: str
    given: tuple[str, ...]       # paper ids, sorted
    inferred: tuple[str, ...]

    @property
    def papers(self) -> tuple[str, ...]:
        return self.given + self.inferred


def group_labs(digest: Digest) -> tuple[dict[str, LabGroup], tuple[str, ...]]:
    """lab slug -> its papers (every registered lab, even one with none); and the ids of papers
    with no lab at all, given or inferred."""
    given: dict[str, list[str]] = {slug: [] for slug in digest.labs}
    inferred: dict[str, list[str]] = {slug: [] for slug in digest.labs}
    without = []
    for paper in sorted(digest.papers, key=lambda p: p.id):
        for slug in paper.labs:
            given[slug].append(paper.id)
        for slug in paper.labs_inferred:
            if slug not in paper.labs:
                inferred[slug].append(paper.id)
        if not paper.labs and not paper.labs_inferred:
            without.append(paper.id)
    groups = {slug: LabGroup(slug, tuple(given[slug]), tuple(inferred[slug])) for slug in sorted(digest.labs)}
    return groups, tuple(without)
