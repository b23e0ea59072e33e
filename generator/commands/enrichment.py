"""`digest enrich`, `digest keyphrases` and `digest cache`: the enrichment stage and its cache."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.console import exit_with_problems, progress
from generator.commands.loading import digest_or_exit
from generator.commands.options import EXIT_INVALID, cache_option, content_option, enrich_settings, model_options


@click.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL: one object a line with id, title (may be empty) and abstract.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help='JSONL written in input order: {"id": ..., "keyphrases": [...]} a line.')
@click.option("--top-n", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Keyphrases per document.")
@click.option("--model", default="all-MiniLM-L6-v2", show_default=True,
              help="A sentence-transformers model name or path.")
def keyphrases(input_path: Path, output_path: Path, top_n: int, model: str) -> None:
    """Extract keyphrases from any JSONL file of abstracts (for benchmarks and outside data).

    The text of each document is title + ". " + abstract (the abstract alone when the
    title is empty). Input errors name the file and line; the output is written only
    when every line is good.
    """
    from generator.enrich.jsonl import JsonlError, extract_jsonl

    if output_path.exists() and output_path.resolve() == input_path.resolve():
        raise click.BadParameter("is the input file; writing it would replace the abstracts with their "
                                 "keyphrases", param_hint="'--output'")
    try:
        count = extract_jsonl(input_path, output_path, top_n, model)
    except JsonlError as exc:
        exit_with_problems(exc.problems)
    click.echo(f"{count} document(s) -> {output_path}", err=True)


@click.command()
@content_option
@cache_option
@model_options
@click.option("--cluster", metavar="ADDRESS",
              help="Compute what the cache lacks on a Dask cluster first: a scheduler's address "
                   "(tcp://host:8786), or local:N for N worker processes here. Needs the cluster extra "
                   "(pip install 'paper-digest[cluster]'); the rows written are those a local run writes.")
def enrich(content: Path, cache_path: Path, model: str, embedder: str, topic_models: str,
           cluster: str | None) -> None:
    """Compute (or fetch from the cache) every paper's keyphrases and embedding.

    `digest build` does this too; running it alone warms the cache, for instance in CI, or
    with --cluster for a backfill too large for one machine.
    """
    import time

    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.pipeline import EnrichStats, enrich_digest
    from generator.group.topics import topic_spaces

    digest = digest_or_exit(content)
    stats = EnrichStats()
    start = time.perf_counter()
    settings, cache = enrich_settings(model, embedder, topic_models, cache_path, content), EnrichmentCache(cache_path)
    if cluster:
        _backfill(digest, cache, settings, cluster)
    with progress("enriching") as report:
        enrichments = enrich_digest(digest, cache, settings=settings, progress=report, stats=stats)
    topic_spaces(digest, enrichments, cache, settings)     # the topic models' vectors, cached too
    click.echo(f"{len(digest.papers)} papers: {stats.cached} cached, {stats.computed} computed "
               f"in {time.perf_counter() - start:.2f}s", err=True)


@click.group()
def cache() -> None:
    """Inspect or clear the enrichment cache."""


@cache.command("info")
@cache_option
def cache_info(cache_path: Path) -> None:
    """Where the cache is, how many entries it holds, for which models."""
    from generator.enrich.cache import EnrichmentCache

    info = EnrichmentCache(cache_path).info()
    click.echo(f"path: {info['path']}\nentries: {info['entries']}\nsize: {info['bytes']:,} bytes")
    if "problem" in info:
        click.echo(f"problem: {info['problem']} (this command changes nothing)")
    for model, count in info["models"].items():
        click.echo(f"model {model}: {count}")
    from generator.enrich.onnx_session import exports_in

    for folder, manifest in exports_in(cache_path.parent / "onnx"):
        size = sum(p.stat().st_size for p in folder.iterdir())
        click.echo(f"ONNX export of {manifest.get('model', '?')}: {folder} ({size / 2**20:.0f} MB, "
                   f"largest difference from PyTorch {manifest.get('max_abs_difference', float('nan')):.1e})")


@cache.command("clear")
@cache_option
def cache_clear(cache_path: Path) -> None:
    """Delete the cache; the next build recomputes what it needs."""
    from generator.enrich.cache import EnrichmentCache

    removed = EnrichmentCache(cache_path).clear()
    click.echo(f"removed {removed} entries from {cache_path}")


def _backfill(digest, cache, settings, address: str) -> None:
    """digest enrich --cluster: the cache filled on a Dask cluster (generator/backfill.py)."""
    try:
        from generator.backfill import backfill, open_client
        client = open_client(address)
    except ImportError:
        click.echo("error: --cluster needs Dask's distributed scheduler: pip install 'paper-digest[cluster]'",
                   err=True)
        sys.exit(EXIT_INVALID)
    except (OSError, TimeoutError, ValueError) as exc:
        click.echo(f"error: no Dask cluster at {address}: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    with client, progress("chunks on the cluster") as report:
        done = backfill(digest, cache, settings, client, progress=report)
    click.echo(f"cluster: {done.workers} workers; {done.papers} papers enriched and {done.vectors} document "
               f"vectors computed in {done.seconds:.1f}s ({done.papers_per_second_per_worker:.2f} papers a second "
               "a worker)", err=True)
