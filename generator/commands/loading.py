"""The content a command works on: loaded, or analysed as the build does, or its errors printed
and exit 2."""

from __future__ import annotations

from pathlib import Path


from generator.commands.console import exit_with_problems, progress, warn_left_out
from generator.commands.options import enrich_settings


def analysis_or_exit(content: Path, cache_path: Path, model: str, embedder: str, topic_models: str):
    """The content's analysis; an error outside paper files exits 2, and the paper files left out
    for their errors are named."""
    from generator.enrich.cache import EnrichmentCache
    from generator.pipeline import analyse
    from generator.problems import CurationError

    try:
        with progress("enriching") as report:
            analysis = analyse(content, EnrichmentCache(cache_path),
                               settings=enrich_settings(model, embedder, topic_models, cache_path, content),
                               progress=report)
    except CurationError as exc:
        exit_with_problems(exc.problems)
    warn_left_out(analysis.skipped)
    return analysis


def check_before_build(content: Path, strict: bool) -> None:
    """Print the content's errors; exit 2 when the build cannot go on (any error under --strict,
    or one outside paper files), else name the papers the site will leave out."""
    from generator.curation.loader import load_content

    checked = load_content(content, skip_invalid=True)
    if checked.errors and (strict or checked.digest is None):
        exit_with_problems(checked.errors, "build stopped: nothing was written")
    warn_left_out(checked.errors)


def digest_or_exit(content: Path):
    """The loaded digest, or every error printed and exit 2."""
    from generator.curation.loader import load_digest
    from generator.problems import CurationError

    try:
        return load_digest(content)
    except CurationError as exc:
        exit_with_problems(exc.problems)
