"""`digest init`: a digest of one's own in a new folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.options import EXIT_INVALID


@click.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", prompt="The site's name", help="The site's name, shown in every page's header and feed.")
@click.option("--url", prompt="The address it will be published at (https://.../)",
              help="Where the site will be published, e.g. https://OWNER.github.io/REPOSITORY/; the deploy "
                   "workflow sets the real one.")
@click.option("--generator", "requirement", default=None, metavar="REQUIREMENT",
              help="How the new digest installs this generator, a pip requirement such as "
                   "'paper-digest @ git+https://github.com/OWNER/paper-digest@COMMIT'. Default: as it is "
                   "installed here (its Git URL and commit when installed from Git).")
def init(target: Path, name: str, url: str, requirement: str | None) -> None:
    """Start a digest of your own in TARGET (a new or empty folder).

    Writes content/ (an example taxonomy, labs file and paper), mkdocs.yml with the site's name
    and address, the generator pinned (requirements.txt, requirements.lock), a Makefile (make site,
    make check), the check and deploy workflows, a pre-commit hook, a .gitignore and a README for
    its curators. Refuses, writing nothing, when TARGET holds any of these files already (exit 2).
    """
    from generator.scaffold import Generator, ScaffoldError, init_digest, installed_generator

    generator = Generator(requirement) if requirement else installed_generator()
    try:
        written = init_digest(target, name, url, generator)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    for path in written:
        click.echo(f"wrote {path}")
    if "file:" in generator.requirement:
        click.echo(f"warning: requirements.txt installs the generator from this machine ({generator.requirement}); "
                   "before the workflows can run on GitHub, put the generator's Git URL and commit there: "
                   "paper-digest @ git+https://github.com/OWNER/paper-digest@COMMIT (or run init with --generator)",
                   err=True)
    click.echo(f"\nNext: cd {target} && git init && make site   (then see README.md; the example topics, lab and "
               "paper are there to be replaced by your own)", err=True)
