"""Build time and size: the seed content cold, then synthetic digests of 1,000 and 10,000 papers.

    .venv/bin/python benchmarks/build_scale.py [--sizes 1000 10000] [--no-seed]

First the seed content (content/) is built with each embedder backend, PyTorch (how builds ran
before issue 15) and ONNX Runtime, and on ONNX Runtime without the topic model
(all-mpnet-base-v2), each in its own process: cold (an empty enrichment cache; the ONNX
exports already made) and then with one new paper added to the warm cache, timing
`digest build` from its start until its first embeddings are computed (on PyTorch that includes
importing torch and loading the model; on ONNX Runtime, loading the exported model).

Synthetic papers reuse the seed abstracts of content/ under new ids (a variant number makes
each title and abstract unique) with `added` dates spread over a year (so about 52 weekly
issues) and 3-8 authors each from a pool that grows with the digest, heavy-tailed (an author
with two or more papers gets a page and two feeds). Enrichment is pre-cached: each synthetic paper gets its
seed's real keyphrases and embeddings, the main model's and the topic model's (plus a little
deterministic noise, so related papers are not all ties), so the figures measure the build, not
the model. (Peak memory is the child's ru_maxrss, which on Linux can keep the parent's high
mark from before exec: run with the seed cache warm.) Each size is built in its own process, so
peak memory is that build's own.
The child builds twice: the second, unchanged, rebuild shows what the page cache saves.
Prints seconds per paper, peak memory, site size and search-index size per paper (the whole
Pagefind bundle, of which a visitor fetches only the fragments a query needs), and the
ratio of seconds per paper at the largest size to the smallest (1.0 = linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.curation.loader import load_digest  # noqa: E402
from generator.enrich.cache import EnrichmentCache, cache_key  # noqa: E402
from generator.enrich.pipeline import EnrichSettings, document_text, embed_texts, enrich_digest  # noqa: E402
from generator.enrich.embedder import SentenceTransformerEmbedder  # noqa: E402
from generator.group.topics import topic_texts  # noqa: E402
from generator.curation.paper_writer import new_paper_text  # noqa: E402
from generator.models import Enrichment  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.enrich.cache import EnrichmentCache
from generator.publish.site import build_site
project = Path({project!r})
start = time.perf_counter()
report = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                    cache=EnrichmentCache(project / "cache.sqlite3"))
seconds = time.perf_counter() - start
start = time.perf_counter()
again = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                   cache=EnrichmentCache(project / "cache.sqlite3"))
print(json.dumps({{"seconds": seconds, "stages": report.seconds, "computed": report.enrich.computed,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rebuild": time.perf_counter() - start, "rebuild_stages": again.seconds,
                  "reused": again.pages_reused, "pages": again.pages}}))
"""


SEED_CHILD = """
started = time.perf_counter()
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.enrich import embedder as torch_side, onnx_session as onnx_side
first = []
def timed(cls):
    encode = cls.encode
    def wrapper(self, *args, **kwargs):
        vectors = encode(self, *args, **kwargs)
        if not first:
            first.append(time.perf_counter() - started)
        return vectors
    cls.encode = wrapper
timed(torch_side.SentenceTransformerEmbedder)
timed(onnx_side.OnnxSession)
import generator.pipeline as analysis
enrich_seconds = []
enrich_digest = analysis.enrich_digest
def timed_enrich(*args, **kwargs):
    start = time.perf_counter()
    try:
        return enrich_digest(*args, **kwargs)
    finally:
        enrich_seconds.append(time.perf_counter() - start)
analysis.enrich_digest = timed_enrich
from generator.enrich.cache import EnrichmentCache
from generator.enrich.pipeline import EnrichSettings
from generator.publish.site import build_site
project = Path({project!r})
report = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                    cache=EnrichmentCache(project / "cache.sqlite3"),
                    settings=EnrichSettings(backend={backend!r}, exports=Path({exports!r}),
                                            topic_models={topic_models!r}))
print(json.dumps({{"seconds": time.perf_counter() - started, "stages": report.seconds,
                  "computed": report.enrich.computed, "first_embedding": first[0] if first else None,
                  "enrich": enrich_seconds[0],
                  "torch": "torch" in sys.modules}}))
"""

NEW_PAPER = """---
title: Sparse mixtures of experts for long-context retrieval
added: 2026-11-23
---
We propose a sparse mixture of experts that routes each passage of a long document to a retrieval
expert, and show on two long-context benchmarks that it matches dense retrievers at a third of the cost.
"""


def seed_builds() -> list[tuple[str, dict, dict]]:
    """(label, cold build, one-new-paper build) for PyTorch and ONNX Runtime with the topic
    model, and ONNX Runtime without it (the main model's view of topics alone)."""
    from generator.enrich.onnx_embedder import DEFAULT_EXPORTS, OnnxEmbedder

    exports = ROOT / DEFAULT_EXPORTS
    topic_models = EnrichSettings().topic_models
    for model in ("all-MiniLM-L6-v2", *topic_models):
        OnnxEmbedder(model, exports).encode(["made once, before timing"])   # the exports
    results = []
    for label, backend, models in (("torch", "torch", topic_models), ("onnx", "onnx", topic_models),
                                   ("onnx, no topic model", "onnx", ())):
        with tempfile.TemporaryDirectory(prefix=f"digest-seed-{backend}-") as tmp:
            project = Path(tmp)
            for name in ("mkdocs.yml", "README.md"):
                shutil.copy(ROOT / name, project / name)
            shutil.copytree(ROOT / "overrides", project / "overrides")
            shutil.copytree(ROOT / "content", project / "content")
            script = SEED_CHILD.format(root=str(ROOT), project=str(project), backend=backend, exports=str(exports),
                                       topic_models=models)
            runs = []
            for step in ("cold", "one new paper"):
                if step == "one new paper":
                    (project / "content" / "papers" / "sparse-moe-long-context-retrieval.md").write_text(NEW_PAPER)
                child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
                if child.returncode != 0:
                    raise RuntimeError(child.stderr[-3000:])
                runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
            results.append((label, *runs))
    return results


def print_seed_builds(results) -> None:
    papers = results[0][1]["computed"]
    print(f"seed content ({papers} papers), each build in its own process:")
    print(f"{'backend':21} {'cold build s':>13} {'enrich s':>9} {'ms/paper':>9} {'+1 paper build s':>17} "
          f"{'to 1st embedding s':>19} {'torch imported':>15}")
    for backend, cold, added in results:
        enrich = cold["enrich"]
        print(f"{backend:21} {cold['seconds']:13.1f} {enrich:9.1f} {1000 * enrich / cold['computed']:9.1f} "
              f"{added['seconds']:17.1f} {added['first_embedding']:19.2f} {str(added['torch']):>15}")
    (_, torch_cold, torch_added), (_, onnx_cold, onnx_added), (_, alone_cold, _) = results
    print(f"ONNX / PyTorch: enrichment {onnx_cold['enrich'] / torch_cold['enrich']:.2f}, "
          f"time to first embedding {onnx_added['first_embedding'] / torch_added['first_embedding']:.2f}; "
          f"cold build with / without the topic model {onnx_cold['seconds'] / alone_cold['seconds']:.2f}\n",
          flush=True)


FIRST = ("Wei Yu Jun Li Ana Maria Jose Luis Anna Olga Ivan Sara Omar Fatima Ravi Priya Kenji Yuki Min Ji "
         "Lucas Emma Noah Mia Leon Lena Hugo Chloe Marco Giulia Pablo Lucia Tomas Eva Arjun Neha Daniel Rachel").split()
LAST = ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Kim Park Lee Tanaka Sato Suzuki Garcia Martinez Lopez "
        "Silva Santos Mueller Schmidt Schneider Rossi Russo Dubois Martin Bernard Smith Johnson Brown Davis Miller "
        "Wilson Patel Singh Kumar Sharma Ivanov Petrov Novak Horvat Nielsen Hansen Andersen Kowalski Nowak").split()


def synthetic_authors(number: int, size: int, rng: np.random.Generator) -> list[str]:
    """3 to 8 names from a pool that grows with the digest (about 1.5 names a paper), drawn with a
    heavy tail, so some authors have many papers and most have one or two, as in a real field."""
    pool = max(50, int(1.5 * size))
    count = int(rng.integers(3, 9))
    picks = (rng.pareto(1.2, size=count) * pool / 20).astype(int) % pool
    names = []
    for pick in dict.fromkeys(int(p) for p in picks):
        first, last = FIRST[pick % len(FIRST)], LAST[(pick // len(FIRST)) % len(LAST)]
        names.append(f"{first} {last}" + (f" {chr(65 + pick // (len(FIRST) * len(LAST)) % 26)}." if pick >= len(FIRST) * len(LAST) else ""))
    return names


def synthesise(project: Path, size: int, seeds, seed_enrichment, topic_vectors, settings,
               topic_model_vectors=None) -> dict:
    """Write the synthetic digest and its cache; returns paper id -> embedding. The topic models'
    vectors (model -> text -> vector: the seeds' documents and the topic texts) are cached too,
    each synthetic paper's from its seed's with the same noise."""
    for name in ("mkdocs.yml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "content", project / "content", ignore=shutil.ignore_patterns("papers"))
    papers_dir = project / "content" / "papers"
    papers_dir.mkdir()
    cache = EnrichmentCache(project / "cache.sqlite3")
    identity = SentenceTransformerEmbedder(settings.model).identity
    rng = np.random.default_rng(0)
    author_rng = np.random.default_rng(1)
    entries = {}
    embeddings = {}
    model_papers: dict[str, dict] = {}
    start = dt.date(2026, 11, 22)
    for number in range(size):
        seed = seeds[number % len(seeds)]
        title = f"{seed.title} (variant {number})"
        abstract = f"{seed.abstract} Variant {number}."
        fields = {"title": title, "added": start - dt.timedelta(days=number % 365),
                  "authors": synthetic_authors(number, size, author_rng)}
        if seed.labs:
            fields["labs"] = list(seed.labs)
        paper_id = f"{seed.id[:40].rstrip('-')}-{number:05d}"
        (papers_dir / f"{paper_id}.md").write_text(new_paper_text(fields, abstract), encoding="utf-8")
        source = seed_enrichment[seed.id]
        vector = source.embedding + rng.normal(scale=0.02, size=source.embedding.shape).astype(np.float32)
        text = f"{title}. {abstract}"
        embeddings[paper_id] = vector / np.linalg.norm(vector)
        entries[cache_key(text, identity, settings.params())] = Enrichment(
            source.keyphrases, embeddings[paper_id], source.highlight)
        for model, vectors in (topic_model_vectors or {}).items():
            seed_vector = vectors[document_text(seed)]
            noisy = seed_vector + rng.normal(scale=0.02, size=seed_vector.shape).astype(np.float32)
            model_papers.setdefault(model, {})[text] = noisy / np.linalg.norm(noisy)
    cache.put_many(entries, identity)
    cache.put_vectors({cache_key(t, identity, {"kind": "text-vector"}): v for t, v in topic_vectors.items()}, identity)
    for model, vectors in (topic_model_vectors or {}).items():
        model_identity = SentenceTransformerEmbedder(model).identity
        documents = {"kind": "text-vector", "max_tokens": settings.keyphrases.doc_max_tokens}
        cache.put_vectors({cache_key(t, model_identity, documents): v for t, v in model_papers[model].items()},
                          model_identity)
        cache.put_vectors({cache_key(t, model_identity, {"kind": "text-vector"}): v for t, v in vectors.items()
                           if t in topic_vectors}, model_identity)
    cache.close()
    return embeddings


def seed_topic_model_vectors(digest, cache, settings) -> dict:
    """model -> text -> vector for each topic model: the seed documents (as the build reads them)
    and the topic texts, computed with the real model when not cached yet."""
    result = {}
    for model in settings.topic_models:
        model_settings = replace(settings, model=model)
        documents = embed_texts([document_text(p) for p in digest.papers], cache, model_settings,
                                max_tokens=settings.keyphrases.doc_max_tokens)
        result[model] = {**documents, **embed_texts(topic_texts(digest.topics), cache, model_settings)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-seed", action="store_true", help="Skip the seed-content builds.")
    args = parser.parse_args()
    if not args.no_seed:
        print_seed_builds(seed_builds())
    settings = EnrichSettings()
    digest = load_digest(ROOT / "content")
    seed_cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    seed_enrichment = enrich_digest(digest, seed_cache)                 # real model if not cached yet
    topic_vectors = embed_texts(topic_texts(digest.topics), seed_cache, settings)
    topic_model_vectors = seed_topic_model_vectors(digest, seed_cache, settings)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"digest-scale-{size}-") as tmp:
            project = Path(tmp)
            synthesise(project, size, list(digest.papers), seed_enrichment, topic_vectors, settings,
                                    topic_model_vectors)
            child = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), project=str(project))],
                                   capture_output=True, text=True)
            if child.returncode != 0:
                print(child.stderr[-3000:])
                return 1
            result = json.loads(child.stdout.strip().splitlines()[-1])
            site = project / "site"
            site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            index_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
            rows.append((size, result, site_bytes, index_bytes))
            stages = ", ".join(f"{k} {v:.1f}s" for k, v in result["stages"].items())
            print(f"{size:>6} papers: {result['seconds']:.1f}s ({stages}); {result['computed']} enriched", flush=True)
            again = ", ".join(f"{k} {v:.1f}s" for k, v in result["rebuild_stages"].items())
            print(f"        unchanged rebuild: {result['rebuild']:.1f}s ({result['rebuild'] * 1000 / size:.1f} ms a paper, "
                  f"{result['rebuild'] / result['seconds']:.2f}x the first build; {again}); "
                  f"{result['reused']:,} of {result['pages']:,} pages reused", flush=True)
    print(f"\n{'papers':>7} {'s/paper':>9} {'peak MB':>8} {'site MB':>8} {'site KB/paper':>14} {'index KB/paper':>15}")
    for size, result, site_bytes, index_bytes in rows:
        print(f"{size:>7} {result['seconds'] / size:9.4f} {result['peak_kb'] / 1024:8.0f} {site_bytes / 2**20:8.1f} "
              f"{site_bytes / size / 1024:14.1f} {index_bytes / size / 1024:15.2f}")
    if len(rows) > 1:
        (small, a, *_), (large, b, *_) = rows[0], rows[-1]
        ratio = (b["seconds"] / large) / (a["seconds"] / small)
        print(f"\nseconds per paper at {large:,} / at {small:,}: {ratio:.2f} (1.0 = linear; target at most 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
