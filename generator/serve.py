"""`digest serve`: a live preview for curators, on MkDocs' own live-reload server."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator.curation.loader import load_content
from generator.enrich.cache import EnrichmentCache
from generator.enrich.pipeline import EnrichSettings, shared_embedder
from generator.problems import CurationError
from generator.site import SiteBuildError, build_site


def serve_site(content: Path, config_file: Path, cache_path: Path, port: int,
               settings: EnrichSettings = EnrichSettings(), echo: Callable[[str], None] = print) -> None:
    from mkdocs.livereload import LiveReloadServer

    workdir = Path(tempfile.mkdtemp(prefix="digest-serve-"))
    site = workdir / "site"
    cache = EnrichmentCache(cache_path)
    embedder = shared_embedder(settings)          # each model loaded once, kept across rebuilds
    topic_embedders = {model: shared_embedder(replace(settings, model=model)) for model in settings.topic_models}

    def rebuild() -> None:
        # strict, unlike `digest build`: a paper mid-edit stays on the preview as it last was,
        # rather than vanishing from it
        errors = load_content(content).errors
        if errors:
            for problem in errors:
                echo(str(problem))
            echo("not rebuilt: fix the problems above; the last good site is still served")
            return
        try:
            report = build_site(content, site, config_file=config_file, cache=cache, settings=settings,
                                embedder_factory=embedder, topic_embedders=topic_embedders)
        except CurationError as exc:
            for problem in exc.problems:
                echo(str(problem))
            echo("not rebuilt: fix the problems above; the last good site is still served")
            return
        except SiteBuildError as exc:
            for message in exc.messages:
                echo(message)
            echo("not rebuilt: mkdocs failed; the last good site is still served")
            return
        echo(f"rebuilt: {report.pages} pages ({report.enrich.computed} papers enriched)")

    rebuild()
    site.mkdir(exist_ok=True)
    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=port, root=str(site))
    server.watch(str(content))
    echo(f"serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.shutdown()
