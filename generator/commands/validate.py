"""`digest validate`: every curation file checked, problems as text or GitHub annotations."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.options import EXIT_INVALID, cache_option, content_option


@click.command()
@content_option
@cache_option
@click.option("--errors-only", is_flag=True, help="List errors only; warnings are still counted.")
@click.option("--output-format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github: each problem as a GitHub Actions annotation (::error file=...,line=...::), "
                   "shown on the pull request's changed lines.")
def validate(content: Path, cache_path: Path, errors_only: bool, output_format: str) -> None:
    """Check every curation file and report each problem as path:line: message.

    Reads content/papers/*.md, content/labs.yaml, content/topics.yaml and content/exemplars.jsonl;
    never writes them. Paper files are parsed once: what they parse to is kept beside --cache
    (curation.sqlite3, shared with import and build), so a later run pays only for their bytes.
    Exits 0 when there are no errors (warnings, such as titles derived from the abstract, are
    listed but do not fail) and 2 when there are. The last line always reads
    'N paper file(s): E error(s), W warning(s)'.
    """
    from generator.curation.loader import load_content
    from generator.curation.parse_cache import ParseCache

    result = load_content(content, parse_cache=ParseCache.beside(cache_path))
    for problem in result.problems:
        if errors_only and not problem.is_error:
            continue
        click.echo(_annotation(problem) if output_format == "github" else str(problem))
    if not result.files and not result.errors:
        click.echo(f"note: {content}/papers/ holds no paper files yet (one Markdown file a paper; "
                   "`digest import` writes them from dumps)", err=True)
    click.echo(f"{len(result.files)} paper file(s): {len(result.errors)} error(s), {len(result.warnings)} warning(s)",
               err=True)
    if result.errors:
        sys.exit(EXIT_INVALID)


def _annotation(problem) -> str:
    """A GitHub Actions workflow command for one problem (its data escaped as the runner expects)."""
    def escaped(text: str, property_: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_ else text
    kind = "error" if problem.is_error else "warning"
    return f"::{kind} file={escaped(problem.path, True)},line={problem.line}::{escaped(problem.message)}"
