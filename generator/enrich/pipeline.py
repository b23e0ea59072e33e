"""The enrich stage: every paper's keyphrases and embedding, from the cache when it can be."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping, Sequence

from generator.enrich.cache import EnrichmentCache, key_maker
from generator.enrich.embedder import DEFAULT_MODEL, Embedder, SentenceTransformerEmbedder
from generator.enrich.onnx_embedder import DEFAULT_EXPORTS, OnnxEmbedder
from generator.enrich.keyphrases import KeyphraseSettings
from generator.enrich.packaged_models import MPNET
from generator.models import Digest, Enrichment, Paper

CHUNK = 256    # documents embedded together: distinct candidates are embedded once per chunk


@dataclass(frozen=True)
class EnrichSettings:
    model: str = DEFAULT_MODEL
    keyphrases: KeyphraseSettings = KeyphraseSettings()
    # How the model runs; not part of any cache key, since both give the same embeddings.
    backend: str = "onnx"
    exports: Path = DEFAULT_EXPORTS
    # Further models whose view of the topics is averaged with the main model's (group.topics).
    # Not part of the enrichment: their paper vectors are cached as text vectors.
    topic_models: tuple[str, ...] = (MPNET,)

    def params(self) -> dict:
        return {"keyphrases": self.keyphrases.as_dict(), "extractor": "np-keybert-8", "highlight": "contribution-2"}


def document_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}"


@dataclass
class EnrichStats:
    cached: int = 0
    computed: int = 0


def enrich(papers: Sequence[Paper], cache: EnrichmentCache, settings: EnrichSettings = EnrichSettings(),
           embedder_factory: Callable[[], Embedder] | None = None,
           progress: Callable[[int, int], None] | None = None,
           stats: EnrichStats | None = None) -> dict[str, Enrichment]:
    """paper id -> Enrichment. Only papers missing from the cache load the model."""
    embedder = shared_embedder(settings, embedder_factory)
    identity = embedder().identity
    keys, found, missing = cached_papers(papers, cache, identity, settings)
    if stats is not None:
        stats.cached, stats.computed = len(papers) - len(missing), len(missing)
    if missing:
        from generator.enrich.keyphrases import KeyphraseExtractor

        extractor = KeyphraseExtractor(embedder(), settings.keyphrases)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            results, vectors = extractor.extract([document_text(p) for p in chunk])
            computed = {keys[p.id]: Enrichment(tuple(ks), vec, "")
                        for p, ks, vec in zip(chunk, results, vectors)}
            cache.put_many(computed, identity)      # committed per chunk: a crash keeps what was done
            found.update(computed)
            if progress:
                progress(min(start + CHUNK, len(missing)), len(missing))
    return with_highlights(papers, {p.id: found[keys[p.id]] for p in papers}, cache, settings, embedder)


def with_highlights(papers: Sequence[Paper], enrichments: Mapping[str, Enrichment], cache: EnrichmentCache,
                    settings: EnrichSettings, embedder: Callable[[], Embedder]) -> dict[str, Enrichment]:
    """The enrichments with each paper's highlight (generator/enrich/highlights.py), kept in the
    cache apart from the keyphrases, by the abstract, the model and the rule's own code: a better
    rule must not cost a digest its cached keyphrases and embeddings (hours at a year's size),
    and an unchanged one costs a lookup, not regular expressions over every abstract each build
    (4 s at 15,000 papers). Abstracts that state no contribution need their sentences' vectors,
    from the cache too (rows cached before issue 35 hold an older highlight, which is ignored)."""
    from generator.enrich.highlights import highlights

    identity = embedder().identity
    key = key_maker(identity, {"kind": "highlight", "rule": highlight_rule()})
    keys = {p.id: key(p.abstract) for p in papers}
    found = cache.get_texts(keys.values())
    missing = [p for p in papers if keys[p.id] not in found]

    def encode(texts: Sequence[str]) -> list:
        vectors = embed_texts(texts, cache, settings, embedder)
        return [vectors[text] for text in texts]

    if missing:
        chosen = dict(zip((keys[p.id] for p in missing), highlights([p.abstract for p in missing], encode)))
        cache.put_texts(chosen)
        found.update(chosen)
    return {p.id: replace(enrichments[p.id], highlight=found[keys[p.id]]) for p in papers}


@functools.cache
def highlight_rule() -> str:
    """A hash of the highlight rule's code: a changed rule chooses every highlight again."""
    from generator.enrich import highlights

    return hashlib.sha256(Path(highlights.__file__).read_bytes()).hexdigest()[:16]


def embed_texts(texts: Sequence[str], cache: EnrichmentCache, settings: EnrichSettings = EnrichSettings(),
                embedder_factory: Callable[[], Embedder] | None = None,
                max_tokens: int | None = None) -> dict[str, "np.ndarray"]:
    """text -> embedding (of its first `max_tokens` tokens, if given), through the cache."""
    embedder = shared_embedder(settings, embedder_factory)
    identity = embedder().identity
    keys, found, missing = cached_vectors(texts, cache, identity, max_tokens)
    for start in range(0, len(missing), CHUNK):
        # In chunks, as generator/backfill.py sends them to workers: a text's vector depends
        # (in its last bits) on the batch it is padded with, and both paths must write the same rows.
        chunk = missing[start:start + CHUNK]
        computed = dict(zip((keys[t] for t in chunk), embedder().encode(chunk, max_tokens=max_tokens)))
        cache.put_vectors(computed, identity)
        found.update(computed)
    return {text: found[keys[text]] for text in texts}


def cached_papers(papers: Sequence[Paper], cache: EnrichmentCache, identity: str, settings: EnrichSettings
                  ) -> tuple[dict[str, str], dict, list[Paper]]:
    """Each paper's cache key, the enrichments the cache holds, and the papers it lacks, in order."""
    key = key_maker(identity, settings.params())
    keys = {p.id: key(document_text(p)) for p in papers}
    found = cache.get_many(keys.values())
    return keys, found, [p for p in papers if keys[p.id] not in found]


def cached_vectors(texts: Sequence[str], cache: EnrichmentCache, identity: str, max_tokens: int | None = None
                   ) -> tuple[dict[str, str], dict, list[str]]:
    """Each text's cache key, the vectors the cache holds, and the texts it lacks, each once, in order."""
    params = {"kind": "text-vector", **({"max_tokens": max_tokens} if max_tokens else {})}
    key = key_maker(identity, params)
    keys = {text: key(text) for text in texts}
    found = cache.get_vectors(keys.values())
    return keys, found, list(dict.fromkeys(text for text in texts if keys[text] not in found))


def enrich_digest(digest: Digest, cache: EnrichmentCache, **options) -> dict[str, Enrichment]:
    return enrich(digest.papers, cache, **options)


def shared_embedder(settings: EnrichSettings,
                    factory: Callable[[], Embedder] | None = None) -> Callable[[], Embedder]:
    """A factory that makes one embedder on first call and returns it after: pass it to every
    stage of a build (and to every rebuild of `digest serve`) so the model loads at most once.
    Making the embedder loads nothing; the model loads when it first encodes."""
    return functools.cache(factory or (lambda: make_embedder(settings)))


def make_embedder(settings: EnrichSettings) -> Embedder:
    if settings.backend == "torch":
        return SentenceTransformerEmbedder(settings.model)
    return OnnxEmbedder(settings.model, settings.exports)
