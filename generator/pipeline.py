"""Load, enrich and group: everything a report or a build needs before rendering."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping

import numpy as np

from generator.curation.loader import load_content
from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import (EnrichSettings, EnrichStats, document_text, embed_texts, enrich_digest,
                                       shared_embedder)
from generator.group.grouping import Grouping, group
from generator.group.reference import reference_papers
from generator.group.topics import TopicSettings, TopicSpace, TopicVectors, topic_texts
from generator.models import Digest, Enrichment, Paper, Topic
from generator.problems import CurationError, Problem


@dataclass(frozen=True)
class Analysis:
    digest: Digest
    enrichments: Mapping[str, Enrichment]
    grouping: Grouping
    topic_spaces: tuple[TopicSpace, ...]        # the main model's first
    skipped: tuple[Problem, ...] = ()           # the errors of papers left out (see `analyse`)

    def topics_of(self, paper: Paper) -> list[Topic]:
        return [self.digest.topics[slug] for slug in self.grouping.assignments[paper.id].slugs]


def analyse(content: Path, cache: EnrichmentCache, *, settings: EnrichSettings = EnrichSettings(),
            topic_settings: TopicSettings = TopicSettings(),
            embedder_factory: Callable[[], Embedder] | None = None,
            progress: Callable[[int, int], None] | None = None,
            stats: EnrichStats | None = None,
            topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None,
            strict: bool = False) -> Analysis:
    """A paper file with errors is left out, its errors in `skipped`: one bad paper does not stop
    the digest. Raises CurationError for errors outside paper files (the registries), and with
    `strict` for any error. `embedder_factory` is the main model's embedder, `topic_embedders`
    the topic models' (model -> factory); each is made when missing."""
    loaded = load_content(content, skip_invalid=not strict)
    if loaded.digest is None:
        raise CurationError(loaded.errors)
    digest = loaded.digest
    embedder = shared_embedder(settings, embedder_factory)      # papers and topics share one model
    enrichments = enrich_digest(digest, cache, settings=settings, embedder_factory=embedder,
                                progress=progress, stats=stats)
    spaces = topic_spaces(digest, enrichments, cache, settings, embedder, topic_embedders)
    return Analysis(digest, enrichments, group(digest, enrichments, spaces, topic_settings), spaces, loaded.errors)


def topic_spaces(digest: Digest, enrichments: Mapping[str, Enrichment], cache: EnrichmentCache,
                 settings: EnrichSettings, embedder_factory: Callable[[], Embedder] | None = None,
                 topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None,
                 ) -> tuple[TopicSpace, ...]:
    """The main model's view of the topics (over the enrichments' embeddings), then the view of
    each of `settings.topic_models`."""
    embedder = shared_embedder(settings, embedder_factory)
    main = TopicSpace({pid: e.embedding for pid, e in enrichments.items()},
                      _topic_vectors(digest, cache, settings, embedder), _reference_vectors(cache, settings, embedder))
    others = [model for model in dict.fromkeys(settings.topic_models) if model != settings.model]
    return (main, *(_model_space(digest, cache, replace(settings, model=model), (topic_embedders or {}).get(model))
                    for model in others))


def _model_space(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings,
                 embedder_factory: Callable[[], Embedder] | None) -> TopicSpace:
    embedder = shared_embedder(settings, embedder_factory)
    texts = {p.id: document_text(p) for p in digest.papers}
    vectors = embed_texts(list(texts.values()), cache, settings, embedder,
                          max_tokens=settings.keyphrases.doc_max_tokens)    # as the main embedding reads
    return TopicSpace({pid: vectors[text] for pid, text in texts.items()},
                      _topic_vectors(digest, cache, settings, embedder), _reference_vectors(cache, settings, embedder))


def _reference_vectors(cache: EnrichmentCache, settings: EnrichSettings,
                       embedder_factory: Callable[[], Embedder]) -> np.ndarray:
    """The reference abstracts in this model, read as papers are (their first tokens)."""
    texts = [document_text(p) for p in reference_papers()]
    vectors = embed_texts(texts, cache, settings, embedder_factory, max_tokens=settings.keyphrases.doc_max_tokens)
    return np.stack([vectors[t] for t in texts])


def _topic_vectors(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings,
                   embedder_factory: Callable[[], Embedder]) -> TopicVectors:
    return TopicVectors.from_texts(digest.topics, embed_texts(topic_texts(digest.topics), cache, settings,
                                                              embedder_factory))
