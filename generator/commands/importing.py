"""`digest import`: raw dumps and reference exports turned into paper files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.console import exit_with_problems
from generator.commands.options import content_option


# The names of generator.importers.formats.FORMATS, spelled out so that `digest --help` does not
# import the parsers (a test keeps the two equal).
IMPORT_FORMATS = ("auto", "abstract-lines", "arxiv-atom", "bibtex", "daily-papers", "lab-listing", "ris")


@click.command("import")
@content_option
@click.option("--format", "format_name", default="auto", show_default=True,
              type=click.Choice(IMPORT_FORMATS),
              help="The dumps' format; auto detects each file's own.")
@click.option("--added", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The 'added' date of new papers (YYYY-MM-DD); default today.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--keep-going", is_flag=True,
              help="When a dump has broken entries, import the rest anyway (exit 2 still).")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_(content: Path, format_name: str, added, dry_run: bool, keep_going: bool, files: tuple[Path, ...]) -> None:
    """Turn raw dumps into paper files under content/papers/.

    Six formats are read: one abstract a line (abstract-lines), a lab listing of
    titles glued to authors with optional ' · lab' slugs (lab-listing), a copied
    daily-papers page (daily-papers), BibTeX (bibtex), RIS (ris) and an arXiv API
    response (arxiv-atom). The same paper in several sources (same DOI, arXiv id,
    abstract or near-identical title) becomes one file listing every source.
    References without an abstract only fill in papers the digest has. Existing files are only filled in (missing fields, new
    sources); a value a curator changed is never overwritten: differences are listed
    as conflicts. New lab slugs get an entry in labs.yaml to complete. Nothing is
    written when any dump has a problem (exit 2), unless --keep-going: then the
    entries that read cleanly are imported, the broken ones listed (exit 2 still;
    importing the mended dump again adds only what was left out).
    """
    import datetime as dt

    from generator.curation.loader import display_path
    from generator.importers.dumps import read_dumps_keeping
    from generator.importers.plan import apply_plan, plan_import
    from generator.importers.records import DumpError
    from generator.importers.report import print_import_summary
    from generator.problems import CurationError

    added_date = added.date() if added else dt.date.today()
    raws, dump_problems = read_dumps_keeping(list(files), format_name)
    if dump_problems and not (keep_going and raws):
        exit_with_problems(dump_problems, "nothing imported"
                            + ("; mend the entries above, or import the others with --keep-going" if raws else ""))
    try:
        plan = plan_import(raws, content, added_date)
    except DumpError as exc:                      # what the import would write is itself refused
        exit_with_problems(exc.problems + dump_problems, "nothing imported")
    except CurationError as exc:
        # An import matches every incoming paper against every paper file, so one it cannot read
        # could be the same paper: it would be written twice. Say that this is why.
        exit_with_problems(exc.problems, f"nothing imported{' (dry run)' if dry_run else ''}: "
                                          f"{display_path(content)}/ has "
                                          f"{len(exc.problems)} error(s) above, in files this import may not touch; "
                                          "an import reads every paper file to find the ones it updates, so fix "
                                          "them first (`digest validate` lists them) and import again")
    for conflict in [*plan.conflicts, *plan.skipped]:
        click.echo(str(conflict))
    for change in plan.changes:
        click.echo(f"{'new' if change.is_new else 'updated'}: {display_path(change.path)}"
                   + (f"  (from {change.source})" if change.source else ""))
    if not dry_run:
        try:
            apply_plan(plan, content)
        except OSError as exc:
            click.echo(f"error: cannot write {exc.filename or content}: {exc.strerror or exc}; nothing imported", err=True)
            sys.exit(1)
    print_import_summary(plan, dry_run)
    if dump_problems:
        exit_with_problems(dump_problems, f"{len(dump_problems)} problem(s) in the dumps, above: those entries "
                                           + ("would not be imported, the others would" if dry_run else
                                              "were not imported, the others were"))
