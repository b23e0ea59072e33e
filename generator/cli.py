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


@cli.command("import")
@content_option
@click.option("--format", "format_name", default="auto", show_default=True,
              type=click.Choice(["auto", "abstract-lines", "lab-listing", "daily-papers"]),
              help="The dumps' format; auto detects each file's own.")
@click.option("--added", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The 'added' date of new papers (YYYY-MM-DD); default today.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_(content: Path, format_name: str, added, dry_run: bool, files: tuple[Path, ...]) -> None:
    """Turn raw dumps into paper files under content/papers/.

    Three formats are read: one abstract a line (abstract-lines), a lab listing of
    titles glued to authors with optional ' · lab' slugs (lab-listing), and a copied
    daily-papers page (daily-papers). The same paper in several dumps becomes one file
    listing every source. Existing files are only filled in (missing fields, new
    sources); a value a curator changed is never overwritten: differences are listed
    as conflicts. New lab slugs get an entry in labs.yaml to complete. Nothing is
    written when any dump has a problem (exit 2).
    """
    import datetime as dt

    from generator.importers.plan import apply_plan, plan_import, read_dumps
    from generator.importers.records import DumpError
    from generator.importers.report import print_import_summary
    from generator.problems import CurationError

    added_date = added.date() if added else dt.date.today()
    try:
        raws = read_dumps(list(files), format_name)
        plan = plan_import(raws, content, added_date)
    except (DumpError, CurationError) as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("nothing imported", err=True)
        sys.exit(EXIT_INVALID)
    for conflict in plan.conflicts:
        click.echo(str(conflict))
    if not dry_run:
        apply_plan(plan, content)
    print_import_summary(plan, dry_run)


@cli.group()
def labs() -> None:
    """Work with the lab registry and the papers' labs."""


@labs.command("suggest")
@content_option
@click.option("--write", is_flag=True, help="Write the proposals into the paper files as labs_inferred.")
def labs_suggest(content: Path, write: bool) -> None:
    """Propose labs for papers that name none, from co-authors seen elsewhere with a lab.

    Lists each proposal with its evidence. Only --write changes files, and then only
    papers without labs or labs_inferred, adding `labs_inferred: [...]`.
    """
    from rich.console import Console
    from rich.table import Table

    from generator.importers.lab_suggestions import suggest_labs, write_suggestions

    digest = _digest_or_exit(content)
    suggestions = suggest_labs(digest)
    table = Table(title=f"{len(suggestions)} lab suggestion(s)")
    for column in ("paper", "labs", "because"):
        table.add_column(column)
    for s in suggestions:
        table.add_row(s.paper_id, ", ".join(s.labs), "; ".join(s.evidence))
    Console(width=160).print(table)
    if write:
        changed = write_suggestions(suggestions, content)
        click.echo(f"wrote labs_inferred into {changed} file(s)", err=True)


def _digest_or_exit(content: Path):
    """The loaded digest, or every error printed and exit 2."""
    from generator.curation.loader import load_digest
    from generator.problems import CurationError

    try:
        return load_digest(content)
    except CurationError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_INVALID)


def main() -> None:
    cli()
