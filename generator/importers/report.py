"""The summary an import prints."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from generator.importers.changes import ImportPlan

ROWS = ("new", "updated", "unchanged", "merged", "conflicts", "derived titles", "new labs",
        "skipped (no abstract)")


def print_import_summary(plan: ImportPlan, dry_run: bool) -> None:
    counts = dict(plan.counts, conflicts=len(plan.conflicts), **{"new labs": len(plan.new_labs)})
    table = Table(title="import (dry run: nothing written)" if dry_run else "import")
    table.add_column("papers")
    table.add_column("count", justify="right")
    for row in ROWS:
        table.add_row(row, str(counts.get(row, 0)))
    console = Console(stderr=True, width=100)
    console.print(table)
    if plan.new_labs:
        console.print(f"new labs in labs.yaml, to complete: {', '.join(plan.new_labs)}")
