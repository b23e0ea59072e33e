"""`digest diff BASE`: what a change does to the digest, for a pull request."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.console import exit_with_problems, warn_left_out
from generator.commands.options import EXIT_INVALID, cache_option, content_option, enrich_settings, model_options


@click.command("diff")
@click.argument("base")
@content_option
@cache_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration (the site's name and address).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: for a pull request's summary (append it to $GITHUB_STEP_SUMMARY).")
@click.option("--jobs", type=click.IntRange(1, 2), default=2, show_default=True,
              help="2: BASE and the working tree analysed at once, in two processes (twice the memory); "
                   "1: one after the other, in this process.")
@model_options
def diff(base: str, content: Path, cache_path: Path, config_file: Path, output_format: str, jobs: int, model: str,
         embedder: str, topic_models: str) -> None:
    """What the content in the working tree changes against BASE, a Git revision (origin/main,
    HEAD~1): papers added, changed and removed; each new or changed paper's topics (how sure
    the classifier is of the first, flagged when at most 50%), labs (given or inferred) and
    highlight; derived titles left to check; pages and feeds added, changed and removed; and
    the change in size of what MkDocs would compile. Runs no MkDocs. Papers with errors are
    left out, as the build leaves them out; an error in labs.yaml or topics.yaml stops it (exit 2).
    """
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    from generator.publish.change_report import RevisionError, analysed_side, compare, content_at, revision_of
    from generator.publish.change_text import as_markdown, as_text
    from generator.problems import CurationError
    from generator.publish.site import site_info

    settings = enrich_settings(model, embedder, topic_models, cache_path, content)   # a cache in content/: refused
    layouts = cache_path.with_name("map-layouts.sqlite3")
    info = site_info(config_file)
    try:
        revision = revision_of(base, content)
    except RevisionError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"analysing {base} and the working tree, each as the build would, without MkDocs", err=True)
    with tempfile.TemporaryDirectory(prefix="digest-diff-") as tmp:
        try:
            if jobs == 1:
                base_content = content_at(revision, Path(tmp))
                base_side, head_side = (analysed_side(folder, cache_path, settings, info, layouts)
                                        for folder in (base_content, content))
            else:
                # both sides at once, each in a process of its own ("spawn": ONNX Runtime's threads
                # and fork do not mix), the working tree's started while BASE is read out of Git;
                # each sends back only paper summaries and file hashes
                with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
                    head = pool.submit(analysed_side, content, cache_path, settings, info, layouts)
                    base_content = content_at(revision, Path(tmp))
                    base_side = pool.submit(analysed_side, base_content, cache_path, settings, info, layouts).result()
                    head_side = head.result()
        except CurationError as exc:
            exit_with_problems(exc.problems)
        warn_left_out(head_side.skipped)                  # papers left out named for the working tree only
        result = compare(base_side, head_side, base_content, content, base)
    click.echo(as_markdown(result) if output_format == "markdown" else as_text(result), nl=False)
