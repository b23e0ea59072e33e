"""The `digest` command line. Thin: each command parses options and calls one stage.

Heavy imports (torch, sentence-transformers, KeyBERT, MkDocs) happen inside the commands
that need them, so `digest validate` starts in a fraction of a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__

EXIT_INVALID = 2

content_option = click.option(
    "--content", "content", type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"), show_default=True,
    help="The content tree: papers/, labs.yaml, topics.yaml.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digest")
def cli() -> None:
    """Build and curate a research-paper digest.

    Curators keep one file per paper under content/papers/; `digest validate` checks
    them, and later stages turn them into a searchable static site with feeds.
    """


@cli.command()
@content_option
def validate(content: Path) -> None:
    """Check every curation file and report each problem as path:line: message.

    Reads content/papers/*.md, content/labs.yaml and content/topics.yaml; never writes.
    Exits 0 when there are no errors (warnings, such as titles derived from the
    abstract, are listed but do not fail) and 2 when there are.
    """
    from generator.curation.loader import load_content

    result = load_content(content)
    for problem in result.problems:
        click.echo(str(problem))
    papers = len(result.digest.papers) if result.digest else 0
    summary = (f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
               if result.problems else "no problems")
    if result.digest:
        summary = f"{papers} papers: {summary}"
    click.echo(summary, err=True)
    if result.errors:
        sys.exit(EXIT_INVALID)


def main() -> None:
    cli()
