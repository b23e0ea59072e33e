"""`digest deploy-plan`: the root and the changed parts of a built digest in parts, for the deploy
workflow (generator/publish/deploy_plan.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.commands.live_site import LiveSiteError, read_live
from generator.commands.options import EXIT_INVALID


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
        plan = plan_deploy(site_dir, read_live(live), out)
    except LiveSiteError as exc:
        raise click.ClickException(str(exc)) from None
    except DeployPlanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"root: {plan.root}; parts to publish: {', '.join(plan.changed) or 'none'}; "
               f"unchanged: {len(plan.unchanged)}", err=True)
    click.echo(json.dumps(plan.changed))
