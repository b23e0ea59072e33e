"""One MkDocs build of generated docs into a site folder, with the digest's plugins and theme.

Shared by the build (generator/publish/site.py) and the page workers that render a share of a
large build's pages in processes of their own (generator/publish/page_worker.py): both must load
the configuration the same way, or the pages they render would differ.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from generator.publish.page_cache import PageCache
from generator.publish.page_minifier import PageMinifier
from generator.publish.page_workers import PageWorkersFailed
from generator.publish.site_theme import add_theme


class SiteBuildError(Exception):
    """MkDocs refused the generated pages, or Pagefind could not index them; the messages say which."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages) or "mkdocs build failed")


def run_mkdocs(config_file: Path, docs: Path, site: Path, source_date_epoch: int,
               page_cache: PageCache | None = None, *, site_url: str | None = None,
               extra: Mapping[str, str] | None = None, strict: bool = True,
               plugins: Sequence[tuple[str, object]] = ()) -> list[tuple[int, str]]:
    """`site_url` and `extra` override the configuration's (a part is built at its own address).
    Returns the warnings MkDocs logged (a strict build raises on any); `plugins` come after the
    digest's own."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    def configure():
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site), strict=strict, **overrides)
        config.extra.update(extra or {})
        add_theme(config)
        config.theme.static_templates.discard("sitemap.xml")    # written from every page (sitemap.py)
        config.plugins["digest-minify"] = PageMinifier()     # before the cache, which stores its output
        if page_cache is not None:
            page_cache.worker_request = {"config_file": str(config_file), "docs": str(docs), "site_url": site_url,
                                         "extra": dict(extra or {})}
            config.plugins["digest-page-cache"] = page_cache
        for name, plugin in plugins:
            config.plugins[name] = plugin
        return config

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    collector = WarningCollector()
    try:
        with quiet_mkdocs(collector):
            try:
                build(configure())
            except PageWorkersFailed as failed:     # rendered here instead, as a build without workers is
                page_cache.without_workers(str(failed))
                collector.records.clear()
                build(configure())
    except (Abort, MkDocsException, SystemExit) as exc:
        raise SiteBuildError(collector.messages or [str(exc)]) from None
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return collector.records


class WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    @property
    def messages(self) -> list[str]:
        return [f"{logging.getLevelName(level)}: {message}" for level, message in self.records]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@contextmanager
def quiet_mkdocs(collector: logging.Handler | None = None) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    logger.handlers = [collector] if collector else []
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)
