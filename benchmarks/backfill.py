"""Enrichment on a Dask cluster against the local path: papers a second per worker, and what a
backfill of 300,000 papers costs on N workers.

    .venv/bin/python benchmarks/backfill.py [--workers 2]

The seed papers (content/, without the exemplars, whose 4,607 vectors would dominate) are
enriched from an empty cache twice in this process, with both models (keyphrases and the main
embedding; the topic model's vectors of the papers and of the reference abstracts): first on the
local path (the baseline: one process using every core), then with `digest enrich --cluster
local:N` (N worker processes on this machine, then the local path, which finds everything
cached). The ONNX exports are shared (.cache/onnx), so neither run exports a model. The two
caches must hold the same rows. On one 2-core machine the workers share the cores, so the local
path's rate is the better estimate of one 2-core worker of a real cluster.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.backfill import backfill, open_client  # noqa: E402
from generator.curation.loader import load_digest  # noqa: E402
from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings, enrich_digest  # noqa: E402
from generator.group.topics import topic_spaces  # noqa: E402

BACKFILL = 300_000


def local_enrich(digest, cache: EnrichmentCache, settings: EnrichSettings) -> float:
    start = time.perf_counter()
    enrichments = enrich_digest(digest, cache, settings=settings)
    topic_spaces(digest, enrichments, cache, settings)
    return time.perf_counter() - start


def rows(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY key").fetchall() for t in ("enrichment", "vectors")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="digest-backfill-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("exemplars.jsonl"))
        digest = load_digest(content)
        settings = replace(EnrichSettings(), exports=ROOT / ".cache" / "onnx")
        local_cache = EnrichmentCache(Path(tmp) / "local.sqlite3")
        local_seconds = local_enrich(digest, local_cache, settings)
        papers = len(digest.papers)
        print(f"local path: {papers} papers in {local_seconds:.1f} s: {papers / local_seconds:.2f} papers a second "
              "(one process, every core)", flush=True)
        cluster_cache = EnrichmentCache(Path(tmp) / "cluster.sqlite3")
        with open_client(f"local:{args.workers}") as client:
            client.submit(sum, [0]).result()                       # the workers are up
            report = backfill(digest, cluster_cache, settings, client)
        after = local_enrich(digest, cluster_cache, settings)
        total = report.seconds + after
        print(f"cluster of {report.workers} local workers: {report.papers} papers and {report.vectors} vectors in "
              f"{report.seconds:.1f} s, then {after:.1f} s locally: {papers / total:.2f} papers a second in all, "
              f"{report.papers_per_second_per_worker:.2f} a worker "
              f"({local_seconds / total:.2f}x the local path's speed)")
        same = rows(Path(tmp) / "local.sqlite3") == rows(Path(tmp) / "cluster.sqlite3")
        print(f"cache rows identical to the local path's: {same}")
        rate = papers / local_seconds            # one 2-core worker, as the local path ran here
        print(f"\n{BACKFILL:,} papers at {rate:.2f} papers a second a 2-core worker (both models; no exemplars):")
        for workers in (1, 8, 32, 128):
            hours = BACKFILL / rate / workers / 3600
            print(f"  {workers:>4} workers: {hours:8.1f} h")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
