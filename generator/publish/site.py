"""Write the site: generated docs into build/docs, MkDocs into site/, each swapped in atomically.

This is the only module that writes output folders. A curation error stops the build before
anything is written; a failed MkDocs build or search index leaves the previous site/ and
build/docs untouched.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping
from urllib.parse import urlsplit

from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import EnrichSettings, EnrichStats
from generator.files import default_mode
from generator.publish.output_folders import check_site_folder, docs_folder, is_built_site
from generator.publish.page_cache import PageCache, site_fingerprint
from generator.publish.page_minifier import PageMinifier
from generator.publish.site_theme import add_theme
from generator.pipeline import Analysis, analyse
from generator.group.map_layout import MapPaper, layout
from generator.group.weeks import issue_sections, weekly_issues
from generator.render.feeds import (FEEDS_SITEMAP, feed_specs, issue_html, render_feeds, render_opml,
                                    render_weekly_feeds)
from generator.render.pages import SiteInfo, render_pages
from generator.publish.prune import prune_unused_assets
from generator.publish.search_index import SearchIndexError, index_site
from generator.publish.sitemap import split_sitemap


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class SiteBuildError(Exception):
    """MkDocs refused the generated pages, or Pagefind could not index them; the messages say which."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages) or "mkdocs build failed")


@dataclass
class BuildReport:
    site: Path
    pages: int = 0
    feeds: int = 0
    enrich: EnrichStats = field(default_factory=EnrichStats)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages_reused: int = 0           # pages whose HTML came from the previous build (page_cache)


def build_site(content: Path, site_dir: Path, *, config_file: Path = Path("mkdocs.yml"),
               cache: EnrichmentCache | None = None, embedder_factory: Callable[[], Embedder] | None = None,
               settings: EnrichSettings = EnrichSettings(),
               progress: Callable[[int, int], None] | None = None,
               topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None) -> BuildReport:
    config_file = config_file.resolve()
    docs_target = docs_folder(config_file.parent)
    check_site_folder(site_dir, content, config_file.parent)
    cache = cache or EnrichmentCache()
    report = BuildReport(site_dir)
    timer = _Timer(report.seconds)
    with timer("enrich+group"):
        analysis = analyse(content, cache, settings=settings,
                           embedder_factory=embedder_factory, progress=progress, stats=report.enrich,
                           topic_embedders=topic_embedders)
    if not analysis.digest.papers and is_built_site(site_dir):
        # A papers/ folder moved away (a branch switch, a rename) must not replace a site with an
        # empty one. A first build of an empty digest (a new project) is fine.
        raise SiteBuildError([f"{content / 'papers'}: no papers, so the earlier site is not replaced by an "
                              "empty one"])
    info = site_info(config_file)
    if urlsplit(info.url).hostname in _LOOPBACK:
        report.warnings.append(
            f"warning: site_url is {info.url}: feeds, the sitemap and citation links will point there; "
            "set DIGEST_SITE_URL to the published address when building for deployment")
    with timer("map layout"):
        positions = map_positions(analysis, cache.path.with_name("map-layouts.sqlite3"))
    with timer("render"):
        files = render_files(analysis, info, positions)
    report.pages = sum(1 for path in files if path.endswith(".md"))
    report.feeds = sum(1 for path in files if path.endswith(".xml"))
    with _staging(docs_target) as docs, _staging(site_dir) as site:
        with timer("write"):
            write_tree(docs, files)
        with timer("mkdocs"):
            pages = PageCache(cache.path.with_name("pages.sqlite3"), site_fingerprint(config_file, info.url))
            run_mkdocs(config_file, docs, site, newest_added(analysis), pages)
            report.pages_reused = pages.reused
            split_sitemap(site, info.url)
            prune_unused_assets(site)
        with timer("search index"):
            try:
                index_site(site)
            except SearchIndexError as exc:
                raise SiteBuildError(exc.messages) from None
        swap_in(site, site_dir)
        swap_in(docs, docs_target)
    return report


def map_positions(analysis: Analysis, cache_path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Every paper's place on the map, from its embedding (generator/group/map_layout.py)."""
    return layout([MapPaper(p.id, p.added, analysis.enrichments[p.id].embedding) for p in analysis.digest.papers],
                  cache_path)


def render_files(analysis: Analysis, info: SiteInfo,
                 positions: Mapping[str, tuple[float, float]] | None = None) -> dict[str, str | bytes]:
    specs = feed_specs(analysis, info.url)
    if positions is None:
        positions = map_positions(analysis)
    files: dict[str, str | bytes] = dict(render_pages(analysis, info, specs, positions))

    def highlight_of(paper) -> str:
        return analysis.enrichments[paper.id].highlight

    files.update(render_feeds(specs, info.name, info.url, analysis.topics_of, highlight_of))
    files.update(render_weekly_feeds(
        weekly_issues(analysis.digest.papers), info.name, info.url,
        lambda issue: issue_html(issue, issue_sections(issue, analysis.grouping.assignments, analysis.digest.topics),
                                 info.url, highlight_of)))
    files["feeds.opml"] = render_opml(specs, info.name, info.url)
    files[FEEDS_SITEMAP[0]] = FEEDS_SITEMAP[1]
    return files


def site_info(config_file: Path) -> SiteInfo:
    from mkdocs.config import load_config

    with _quiet_mkdocs(), tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "docs").mkdir()
        config = load_config(str(config_file), docs_dir=str(Path(scratch) / "docs"),
                             site_dir=str(Path(scratch) / "site"))
    url = config.site_url or "http://127.0.0.1:8000/"
    return SiteInfo(config.site_name, url if url.endswith("/") else url + "/", config.site_description or "")


def newest_added(analysis: Analysis) -> int:
    """SOURCE_DATE_EPOCH from the content: midnight UTC of the newest `added` date."""
    import calendar

    newest = max((p.added for p in analysis.digest.papers), default=None)
    return calendar.timegm(newest.timetuple()) if newest else 0


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    for relative, data in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


def run_mkdocs(config_file: Path, docs: Path, site: Path, source_date_epoch: int,
               page_cache: PageCache | None = None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    collector = _WarningCollector()
    try:
        with _quiet_mkdocs(collector):
            config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site), strict=True)
            add_theme(config)
            config.plugins["digest-minify"] = PageMinifier()     # before the cache, which stores its output
            if page_cache is not None:
                config.plugins["digest-page-cache"] = page_cache
            build(config)
    except (Abort, MkDocsException, SystemExit) as exc:
        raise SiteBuildError(collector.messages or [str(exc)]) from None
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


_ABANDONED_AFTER = 3600      # seconds: a staging folder named by no process id is someone's after that


def remove_abandoned(target: Path) -> None:
    """Remove the staging and old folders a killed build left beside `target` (`.site-new-PID-*`,
    `.site-old-PID`): those whose process is gone, or, named by no process, an hour old. A
    running build's folders are left to it."""
    for folder in target.parent.glob(f".{target.name}-*"):
        match = re.fullmatch(rf"\.{re.escape(target.name)}-(?:new|old)-(\d+)?\D?.*", folder.name)
        if not match or not folder.is_dir():
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid is None:
            abandoned = time.time() - folder.stat().st_mtime > _ABANDONED_AFTER
        else:
            abandoned = pid != os.getpid() and not _running(pid)
        if abandoned:
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):   # no such process (or no such number)
        return False
    except PermissionError:                       # another user's process
        return True
    return True


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames on one file system; the old tree is removed after."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():         # the new tree is in place: a file that will not go waits for the next build
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target`, removed if the build fails before it is swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-{os.getpid()}-"))
    staging.chmod(default_mode(folder=True))         # mkdtemp's 0700 would hide the site from a web server
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _quiet_mkdocs(collector: logging.Handler | None = None) -> Iterator[None]:
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


class _Timer:
    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - start
