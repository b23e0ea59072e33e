"""Load, enrich and group: everything a report or a build needs before rendering."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from generator.curation.loader import load_digest
from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import EnrichSettings, EnrichStats, embed_texts, enrich_digest, shared_embedder
from generator.group.grouping import Grouping, group
from generator.group.topics import TopicSettings, TopicVectors, topic_texts
from generator.models import Digest, Enrichment, Paper, Topic


@dataclass(frozen=True)
class Analysis:
    digest: Digest
    enrichments: Mapping[str, Enrichment]
    grouping: Grouping
    topic_vectors: TopicVectors

    def topics_of(self, paper: Paper) -> list[Topic]:
        return [self.digest.topics[slug] for slug in self.grouping.assignments[paper.id].slugs]


def analyse(content: Path, cache: EnrichmentCache, *, settings: EnrichSettings = EnrichSettings(),
            topic_settings: TopicSettings = TopicSettings(),
            embedder_factory: Callable[[], Embedder] | None = None,
            progress: Callable[[int, int], None] | None = None,
            stats: EnrichStats | None = None) -> Analysis:
    """Raises CurationError when the content has errors."""
    digest = load_digest(content)
    embedder = shared_embedder(settings, embedder_factory)      # papers and topics share one model
    enrichments = enrich_digest(digest, cache, settings=settings, embedder_factory=embedder,
                                progress=progress, stats=stats)
    vectors = embed_texts(topic_texts(digest.topics), cache, settings, embedder)
    topic_vectors = TopicVectors.from_texts(digest.topics, vectors)
    return Analysis(digest, enrichments, group(digest, enrichments, topic_vectors, topic_settings), topic_vectors)
