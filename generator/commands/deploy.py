"""`digest deploy-plan`: the root and the changed parts of a built digest in parts, for the deploy
workflow (generator/publish/deploy_plan.py)."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import click

from generator.commands.options import EXIT_INVALID


def _read_live(live: str) -> str | None:
    """The live `parts.json`, from a URL or a file; None when there is none yet (a first deploy)."""
    if "://" not in live:
        path = Path(live)
        return path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        with urllib.request.urlopen(live, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise click.ClickException(f"{live}: HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError) as exc:
        raise click.ClickException(f"{live}: {getattr(exc, 'reason', exc)}") from None


@click.command("deploy-plan")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("site"), show_default=True, help="The built site.")
@click.option("--live", required=True, metavar="URL|FILE",
              help="The live site's parts.json (a URL, or a file); missing means nothing is live yet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("deploy"),
              show_default=True, help="Where the root's files are linked to (OUT/root).")
def deploy_plan(site_dir: Path, live: str, out: Path) -> None:
    """Split a built digest in parts for deployment.

    Writes OUT/root, the site without its parts' folders, and OUT/parts/KEY for each part to
    publish: those the live site lacks or holds with another stamp; prints their keys on
    standard output as a JSON list.
    A digest in one piece gives [] and its whole site as the root.
    """
    from generator.publish.deploy_plan import DeployPlanError, plan_deploy

    try:
        plan = plan_deploy(site_dir, _read_live(live), out)
    except DeployPlanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"root: {plan.root}; parts to publish: {', '.join(plan.changed) or 'none'}; "
               f"unchanged: {len(plan.unchanged)}", err=True)
    click.echo(json.dumps(plan.changed))
