"""The `digest` command line: one group gathering the commands of `generator/commands/`, each of
which parses its options and calls one stage.

Heavy imports (torch, sentence-transformers, KeyBERT, MkDocs) happen inside the commands
that need them, so `digest validate` starts in a fraction of a second.
"""

from __future__ import annotations

import sys

import click

from generator import __version__
from generator.commands import build, deploy, diff, enrichment, importing, init, labs, topics, validate
from generator.commands.options import EXIT_INVALID


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digest")
def cli() -> None:
    """Build and curate a research-paper digest.

    Curators keep one file per paper under content/papers/; `digest validate` checks
    them, and later stages turn them into a searchable static site with feeds.
    """


for command in (validate.validate, init.init, importing.import_, labs.labs, enrichment.keyphrases, enrichment.enrich,
                enrichment.cache, diff.diff, build.build, build.serve, deploy.deploy_plan, topics.topics):
    cli.add_command(command)


def main() -> None:
    from generator.enrich.cache import CacheError
    from generator.enrich.embedder import ModelLoadError

    try:
        cli()
    except OSError as exc:          # a folder or file the process may not write, a full disk
        if exc.filename is None:
            raise
        click.echo(f"error: {exc.filename}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except (ModelLoadError, CacheError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
