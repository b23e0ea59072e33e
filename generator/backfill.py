"""Enrichment on a Dask cluster, for backfills: a year of a field (75,000 papers) or an archive is
hours of model time on one 2-core machine.

The work a cold build would do with the models (each paper's keyphrases and embedding; each
topic model's vectors of the papers, the reference abstracts and the exemplars) is cut into the
very chunks the local path cuts it into (`CHUNK` texts, in the same order), sent to the workers,
and the results are written here, into the local cache, as the same content-addressed rows: a
text's vector depends in its last bits on the batch it is padded with, so the same chunks give
the same bytes on the same kind of machine. The build that follows finds everything cached.

Only this process writes the cache (SQLite, one writer). Each worker loads the models once
(`_worker_embedder`) and needs them where the settings say: the packaged models installed, and
the ONNX exports at `settings.exports` (made there on first use if missing).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import (CHUNK, EnrichSettings, cached_papers, cached_vectors, document_text,
                                       make_embedder)
from generator.group.topics.spaces import document_lists
from generator.models import Digest, Enrichment


@dataclass
class BackfillReport:
    workers: int = 0
    papers: int = 0                 # papers enriched (keyphrases and embedding) on the cluster
    vectors: int = 0                # document vectors computed for the topic models
    seconds: float = 0.0
    chunks: dict[str, int] = field(default_factory=dict)

    @property
    def papers_per_second_per_worker(self) -> float:
        return self.papers / self.seconds / self.workers if self.seconds and self.workers else 0.0


def open_client(address: str):
    """A Dask client: `local:N` starts a cluster of N worker processes on this machine, anything
    else is a scheduler's address (tcp://host:8786)."""
    from dask.distributed import Client, LocalCluster

    if address.startswith("local:"):
        cluster = LocalCluster(n_workers=int(address.split(":", 1)[1]), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster)
    return Client(address, timeout="30s")


@dataclass(frozen=True)
class _Task:
    kind: str                       # "paper": keyphrases and embedding; "vector": a document vector
    settings: EnrichSettings
    identity: str
    texts: tuple[str, ...]
    keys: tuple[str, ...]


def backfill(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings, client,
             progress: Callable[[int, int], None] | None = None) -> BackfillReport:
    """Compute on the cluster what the cache lacks for `digest`, and write it into `cache`."""
    settings = replace(settings, exports=Path(settings.exports).resolve())    # workers may start elsewhere
    tasks = list(_tasks(digest, cache, settings))
    report = BackfillReport(workers=len(client.scheduler_info()["workers"]))
    start = time.perf_counter()
    from dask.distributed import as_completed

    futures = {client.submit(_run, task, pure=False): task for task in tasks}
    for done, future in enumerate(as_completed(futures), 1):
        task = futures[future]
        result = future.result()
        if task.kind == "paper":
            keyphrases, vectors = result
            cache.put_many({key: Enrichment(tuple(ks), vector, "")
                            for key, ks, vector in zip(task.keys, keyphrases, vectors)}, task.identity)
            report.papers += len(task.keys)
        else:
            cache.put_vectors(dict(zip(task.keys, result)), task.identity)
            report.vectors += len(task.keys)
        report.chunks[task.kind] = report.chunks.get(task.kind, 0) + 1
        if progress:
            progress(done, len(tasks))
    report.seconds = time.perf_counter() - start
    return report


def _tasks(digest: Digest, cache: EnrichmentCache, settings: EnrichSettings) -> Iterator[_Task]:
    """The chunks the local path would compute, in its order (generator/enrich/pipeline.py)."""
    identity = make_embedder(settings).identity
    keys, _, missing = cached_papers(digest.papers, cache, identity, settings)
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start:start + CHUNK]
        yield _Task("paper", settings, identity, tuple(document_text(p) for p in chunk),
                    tuple(keys[p.id] for p in chunk))
    claimed: dict[str, set[str]] = {}           # a text embedded by an earlier list is cached by then
    for model_settings, texts in document_lists(digest, settings):
        model_identity = make_embedder(model_settings).identity
        text_keys, _, lacking = cached_vectors(texts, cache, model_identity, model_settings.keyphrases.doc_max_tokens)
        done = claimed.setdefault(model_identity, set())
        missing = [t for t in lacking if text_keys[t] not in done]
        done.update(text_keys[t] for t in missing)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            yield _Task("vector", model_settings, model_identity, tuple(chunk), tuple(text_keys[t] for t in chunk))


# On the workers ---------------------------------------------------------------------------------

@functools.cache
def _worker_embedder(settings: EnrichSettings) -> Embedder:
    return make_embedder(settings)


@functools.cache
def _worker_extractor(settings: EnrichSettings):
    from generator.enrich.keyphrases import KeyphraseExtractor

    return KeyphraseExtractor(_worker_embedder(settings), settings.keyphrases)


def _run(task: _Task):
    if task.kind == "paper":
        results, vectors = _worker_extractor(task.settings).extract(list(task.texts))
        return [tuple(ks) for ks in results], np.asarray(vectors)
    return _worker_embedder(task.settings).encode(list(task.texts),
                                                  max_tokens=task.settings.keyphrases.doc_max_tokens)
