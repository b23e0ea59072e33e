"""`digest serve`: a live preview for curators, on MkDocs' own live-reload server."""

from __future__ import annotations

import shutil
import socket
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from generator.curation.loader import load_content
from generator.enrich.cache import EnrichmentCache
from generator.enrich.pipeline import EnrichSettings, shared_embedder
from generator.problems import CurationError
from generator.publish.site import SiteBuildError, build_site


def serve_site(content: Path, config_file: Path, cache_path: Path, port: int,
               settings: EnrichSettings = EnrichSettings(), echo: Callable[[str], None] = print) -> None:
    from mkdocs.livereload import LiveReloadServer

    _check_port(port)
    workdir = Path(tempfile.mkdtemp(prefix="digest-serve-"))
    site = workdir / "site"
    cache = EnrichmentCache(cache_path)
    embedder = shared_embedder(settings)          # each model loaded once, kept across rebuilds
    topic_embedders = {model: shared_embedder(replace(settings, model=model)) for model in settings.topic_models}

    def kept() -> str:
        return ("the last good site is still served" if (site / "index.html").exists()
                else "nothing is served until they are fixed")

    def rebuild() -> None:
        # strict, unlike `digest build`: a paper mid-edit stays on the preview as it last was,
        # rather than vanishing from it
        errors = load_content(content).errors
        if errors:
            for problem in errors:
                echo(str(problem))
            echo(f"not rebuilt: fix the problems above; {kept()}")
            return
        try:
            report = build_site(content, site, config_file=config_file, cache=cache, settings=settings,
                                embedder_factory=embedder, topic_embedders=topic_embedders)
        except (CurationError, SiteBuildError) as exc:
            for message in exc.problems if isinstance(exc, CurationError) else exc.messages:
                echo(str(message))
            echo(f"not rebuilt: fix the problems above; {kept()}")
            return
        echo(f"rebuilt: {report.pages} pages ({report.enrich.computed} papers enriched)")

    try:
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
    finally:
        shutil.rmtree(workdir, ignore_errors=True)      # the preview is rebuilt on every start


class ServeError(Exception):
    """The preview cannot be served (its port is taken)."""


def _check_port(port: int) -> None:
    """Before a build of minutes: a port another process holds fails now, with a message."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise ServeError(f"port {port} on 127.0.0.1 is taken ({exc.strerror}); give another with --port") from None
