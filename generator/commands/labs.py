"""`digest labs`: the lab registry and the papers' labs."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.loading import digest_or_exit
from generator.commands.options import content_option


@click.group()
def labs() -> None:
    """Work with the lab registry and the papers' labs."""


@labs.command("suggest")
@content_option
@click.option("--write", is_flag=True, help="Write the proposals into the paper files as labs_inferred.")
def labs_suggest(content: Path, write: bool) -> None:
    """Propose labs for papers that name none, from co-authors seen elsewhere with a lab.

    Lists each proposal with its evidence. Only --write changes files, and then only
    papers whose file names neither labs nor labs_inferred (an empty list counts: the curator
    has decided), adding `labs_inferred: [...]`.
    """
    from rich.console import Console
    from rich.table import Table

    from generator.importers.lab_suggestions import suggest_labs, write_suggestions

    digest = digest_or_exit(content)
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
