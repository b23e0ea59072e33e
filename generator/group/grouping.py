"""All grouping of a digest in one value: what pages and feeds are rendered from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from generator.enrich.canonical import canonical_forms, paper_tags
from generator.group.authors import Author, author_index
from generator.group.labs import LabGroup, group_labs
from generator.group.related import related_papers
from generator.group.topics import TopicAssignment, TopicSettings, TopicSpace, classify, members, unsorted
from generator.models import Digest, Enrichment


@dataclass(frozen=True)
class Grouping:
    assignments: Mapping[str, TopicAssignment]
    topic_members: Mapping[str, tuple[str, ...]]
    unsorted: tuple[str, ...]
    labs: Mapping[str, LabGroup]
    without_lab: tuple[str, ...]
    related: Mapping[str, tuple[tuple[str, float], ...]]
    authors: Mapping[str, Author]
    tags: Mapping[str, tuple[str, ...]]          # paper id -> canonical keyphrase tags


def group(digest: Digest, enrichments: Mapping[str, Enrichment], topic_spaces: Sequence[TopicSpace],
          settings: TopicSettings = TopicSettings()) -> Grouping:
    """`topic_spaces`: the views topics are assigned from, the main model's (over the
    enrichments' embeddings) first."""
    papers = sorted(digest.papers, key=lambda p: p.id)
    vectors = {pid: e.embedding for pid, e in enrichments.items()}
    assignments = classify(papers, digest.topics, topic_spaces, settings, digest.exemplars)
    labs, without = group_labs(digest)
    canonical = canonical_forms(enrichments)
    return Grouping(
        assignments=assignments,
        topic_members=members(assignments, sorted(digest.topics)),
        unsorted=unsorted(assignments),
        labs=labs,
        without_lab=without,
        related=related_papers(vectors),
        authors=author_index(digest),
        tags={p.id: paper_tags(enrichments[p.id], canonical) for p in papers},
    )
