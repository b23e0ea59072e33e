"""`digest build` and `digest serve`: the site, once or on every change."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.console import exit_with_problems, progress
from generator.commands.loading import check_before_build
from generator.commands.options import EXIT_INVALID, cache_option, content_option, enrich_settings, model_options


@click.command()
@content_option
@cache_option
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Where the built site goes (replaced atomically).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("--strict", is_flag=True,
              help="Stop at any curation error (exit 2, nothing written) instead of leaving the papers "
                   "with errors out of the site. CI uses it.")
@click.option("--reuse-parts-from", "live_site", metavar="URL",
              help="A digest in parts: the deployed site's address. A closed part deployed there from "
                   "the same papers, topics and code is neither built nor written; the root links to it "
                   "as it is (the deploy workflow uses it, so a build costs the current period only).")
@model_options
def build(content: Path, cache_path: Path, site_dir: Path, config_file: Path, model: str, embedder: str,
          topic_models: str, strict: bool, live_site: str | None) -> None:
    """Build the site: validate, enrich (cached), group, render pages and feeds, run MkDocs.

    Pages go to build/docs and the site to --site; both are replaced only when the whole
    build succeeds. A paper file with errors is left out of the site, each error printed as
    path:line: message and the papers named (exit 0), so one bad paper does not stop the
    digest; with --strict any curation error stops the build before anything is written
    (exit 2), as does an error in labs.yaml or topics.yaml. A MkDocs or search-index error
    leaves the previous site untouched (exit 1).
    """
    from generator.enrich.cache import EnrichmentCache
    from generator.publish.output_folders import OutputFolderError
    from generator.publish.page_workers import WORKERS_ENV
    from generator.problems import CurationError
    from generator.publish.site import SiteBuildError, build_site
    from generator.commands.live_site import part_reader

    check_before_build(content, strict)
    if not cache_path.exists():
        click.echo(f"first build with {cache_path}: the models are exported and the topics' reference abstracts "
                   "embedded once, a few minutes on two cores; later builds reuse them", err=True)
    try:
        with progress("enriching") as report:
            result = build_site(content, site_dir, config_file=config_file, cache=EnrichmentCache(cache_path),
                                settings=enrich_settings(model, embedder, topic_models, cache_path, content),
                                progress=report, live_part=part_reader(live_site) if live_site else None)
    except CurationError as exc:
        exit_with_problems(exc.problems, "build stopped: nothing was written")
    except OutputFolderError as exc:        # checked before anything is enriched or written
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except SiteBuildError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        click.echo(f"site build failed: {site_dir} is unchanged", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(warning, err=True)
    timings = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result.seconds.items())
    click.echo(f"built {site_dir}: {result.pages} pages, {result.feeds} feeds "
               f"({result.enrich.cached} papers cached, {result.enrich.computed} computed; {timings})", err=True)
    if result.pages_by_workers:
        click.echo(f"page workers rendered {result.pages_by_workers} pages beside the build "
                   f"({WORKERS_ENV} sets how many; 0: none)", err=True)
    parts = result.parts
    if parts.built or parts.reused or parts.live:
        click.echo(f"parts: {', '.join(parts.built) or 'none'} built; {len(parts.reused)} unchanged, kept from the "
                   f"last build; {len(parts.live)} unchanged and deployed, left out", err=True)


@click.command()
@content_option
@cache_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@model_options
def serve(content: Path, cache_path: Path, config_file: Path, port: int, model: str, embedder: str,
          topic_models: str) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild when a file under content/ changes.

    The browser reloads by itself after each rebuild. A curation error is printed and the
    last good site stays up until the content is fixed. Stop with Ctrl-C.
    """
    import os

    from generator.publish.serve import ServeError, serve_site

    os.environ.setdefault("DIGEST_SITE_URL", f"http://127.0.0.1:{port}/")
    try:
        serve_site(content, config_file, cache_path, port,
                   settings=enrich_settings(model, embedder, topic_models, cache_path, content),
                   echo=lambda m: click.echo(m, err=True))
    except ServeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
