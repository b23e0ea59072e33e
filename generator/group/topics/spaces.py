"""Each model's view of the topics (`TopicSpace`): the papers', the taxonomy's, the reference
abstracts' and the exemplars' embeddings, all from that model, through the enrichment cache."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Mapping

import numpy as np

from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import EnrichSettings, document_text, embed_texts, shared_embedder
from generator.group.reference import reference_papers
from generator.group.topics.texts import TopicVectors, topic_texts
from generator.models import Digest, Enrichment, Exemplar, Paper


@dataclass(frozen=True)
class TopicSpace:
    """One model's view of the topics: the papers' and the taxonomy's embeddings, both from it,
    the reference abstracts' (papers x dim; see `generator.group.reference`) and the digest's
    exemplars' (exemplars x dim, in `Digest.exemplars` order)."""

    paper_vectors: Mapping[str, np.ndarray]
    topic_vectors: TopicVectors
    reference_vectors: np.ndarray | None = None
    exemplar_vectors: np.ndarray | None = None


def topic_spaces(digest: Digest, enrichments: Mapping[str, Enrichment], cache: EnrichmentCache,
                 settings: EnrichSettings, embedder_factory: Callable[[], Embedder] | None = None,
                 topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None,
                 ) -> tuple[TopicSpace, ...]:
    """The main model's view of the topics (over the enrichments' embeddings), then the view of
    each of `settings.topic_models`."""
    embedder = shared_embedder(settings, embedder_factory)
    main = TopicSpace({pid: e.embedding for pid, e in enrichments.items()},
                      _topic_vectors(digest, cache, settings, embedder),
                      _papers_vectors(reference_papers(), cache, settings, embedder),
                      _exemplar_vectors(digest.exemplars, cache, settings, embedder))
    others = [model for model in dict.fromkeys(settings.topic_models) if model != settings.model]
    return (main, *(model_space(digest, cache, replace(settings, model=model), (topic_embedders or {}).get(model))
                    for model in others))


def model_space(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings,
                embedder_factory: Callable[[], Embedder] | None = None) -> TopicSpace:
    """`settings.model`'s view, the papers read as the main embedding reads them."""
    embedder = shared_embedder(settings, embedder_factory)
    texts = {p.id: document_text(p) for p in digest.papers}
    vectors = embed_texts(list(texts.values()), cache, settings, embedder,
                          max_tokens=settings.keyphrases.doc_max_tokens)
    return TopicSpace({pid: vectors[text] for pid, text in texts.items()},
                      _topic_vectors(digest, cache, settings, embedder),
                      _papers_vectors(reference_papers(), cache, settings, embedder),
                      _exemplar_vectors(digest.exemplars, cache, settings, embedder))


def _exemplar_vectors(exemplars: tuple[Exemplar, ...], cache: EnrichmentCache, settings: EnrichSettings,
                      embedder_factory: Callable[[], Embedder]) -> np.ndarray | None:
    if not exemplars:
        return None
    return _papers_vectors([Paper(id="", title=e.title, abstract=e.abstract, added=None) for e in exemplars],
                           cache, settings, embedder_factory)


def _papers_vectors(papers, cache: EnrichmentCache, settings: EnrichSettings,
                    embedder_factory: Callable[[], Embedder]) -> np.ndarray:
    """These papers in this model, read as the digest's papers are (their first tokens)."""
    texts = [document_text(p) for p in papers]
    vectors = embed_texts(texts, cache, settings, embedder_factory, max_tokens=settings.keyphrases.doc_max_tokens)
    return np.stack([vectors[t] for t in texts])


def _topic_vectors(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings,
                   embedder_factory: Callable[[], Embedder]) -> TopicVectors:
    return TopicVectors.from_texts(digest.topics, embed_texts(topic_texts(digest.topics), cache, settings,
                                                              embedder_factory))


def document_lists(digest: Digest, settings: EnrichSettings) -> list[tuple[EnrichSettings, list[str]]]:
    """The document texts `topic_spaces` embeds (at the documents' length), model by model, in
    the order it embeds them: what generator/enrich/cluster.py computes on a cluster beforehand."""
    reference = [document_text(p) for p in reference_papers()]
    exemplars = [document_text(Paper(id="", title=e.title, abstract=e.abstract, added=None))
                 for e in digest.exemplars]
    lists = [(settings, reference), (settings, exemplars)]
    for model in dict.fromkeys(settings.topic_models):
        if model != settings.model:
            other = replace(settings, model=model)
            lists += [(other, [document_text(p) for p in digest.papers]), (other, reference), (other, exemplars)]
    return [(model_settings, texts) for model_settings, texts in lists if texts]
