"""Write the site: generated docs into build/docs, MkDocs into site/, each swapped in atomically.

This is the only module that writes output folders. A curation error stops the build before
anything is written; a failed MkDocs build or search index leaves the previous site/ and
build/docs untouched.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Mapping
from urllib.parse import urlsplit

from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import EnrichSettings, EnrichStats, shared_embedder
from generator.publish.output_folders import check_site_folder, docs_folder, is_built_site
from generator.publish.page_cache import PageCache, site_fingerprint
from generator.publish.mkdocs_run import SiteBuildError, quiet_mkdocs, run_mkdocs
from generator.publish.page_workers import PageWorkersFailed, render_processes
from generator.publish.part_sites import PartsReport, build_parts, move_reused, part_analysis, plan_part_work
from generator.publish.related_across_parts import RelatedAcrossParts
from generator.publish.parts import INDEX_FILE as PARTS_INDEX
from generator.publish.parts import PartsConfigError, line_of_key, parts_index, parts_scheme, plan_parts
from generator.publish.site_theme import add_theme, hash_theme
from generator.pipeline import Analysis, analyse
from generator.publish.site_files import map_positions, render_files, whole_map
from generator.render.site_info import SiteInfo, period_label
from generator.publish.prune import prune_unused_assets
from generator.publish.search_index import SearchIndexError, index_site
from generator.publish.sitemap import split_sitemap
from generator.publish.staging import Reused, link_or_copy, link_or_write, staging_folder, swap_in


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# From this many pages and feeds, the previous site and Markdown are removed by a process of their
# own after the swap (staging.remove_later); a small site's are removed at once.
REMOVE_IN_BACKGROUND_FROM = 2000


@dataclass
class BuildReport:
    site: Path
    pages: int = 0
    feeds: int = 0
    enrich: EnrichStats = field(default_factory=EnrichStats)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages_reused: int = 0           # pages whose HTML came from the previous build (page_cache)
    pages_by_workers: int = 0       # pages rendered by page workers beside the build (page_workers)
    parts: PartsReport = field(default_factory=PartsReport)     # closed parts built and reused


def build_site(content: Path, site_dir: Path, *, config_file: Path = Path("mkdocs.yml"),
               cache: EnrichmentCache | None = None, embedder_factory: Callable[[], Embedder] | None = None,
               settings: EnrichSettings = EnrichSettings(),
               progress: Callable[[int, int], None] | None = None,
               topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None,
               live_part: Callable[[str], str | None] | None = None) -> BuildReport:
    """`live_part(key)`: the deployed part's `part.json` (generator/publish/parts.py), or None; a
    closed part deployed with the same stamp is then neither built nor written."""
    config_file = config_file.resolve()
    docs_target = docs_folder(config_file.parent)
    check_site_folder(site_dir, content, config_file.parent)
    cache = cache or EnrichmentCache()
    report = BuildReport(site_dir)
    timer = _Timer(report.seconds)
    info, scheme, theme_hash = site_settings(config_file)
    try:
        processes = render_processes()        # this one and the spare cores (DIGEST_PAGE_WORKERS)
    except PageWorkersFailed as exc:
        raise SiteBuildError([str(exc)]) from None
    with timer("enrich+group"):
        # in parts, each site is grouped on its own: the whole digest only needs its topics
        analysis = analyse(content, cache, settings=settings,
                           embedder_factory=embedder_factory, progress=progress, stats=report.enrich,
                           topic_embedders=topic_embedders, topics_only=bool(scheme))
    if not analysis.digest.papers and is_built_site(site_dir):
        # A papers/ folder moved away (a branch switch, a rename) must not replace a site with an
        # empty one. A first build of an empty digest (a new project) is fine.
        raise SiteBuildError([f"{content / 'papers'}: no papers, so the earlier site is not replaced by an "
                              "empty one"])
    if urlsplit(info.url).hostname in _LOOPBACK:
        report.warnings.append(
            f"warning: site_url is {info.url}: feeds, the sitemap and citation links will point there; "
            "set DIGEST_SITE_URL to the published address when building for deployment")
    with timer("map layout"):
        positions = map_positions(analysis, cache.path.with_name("map-layouts.sqlite3"))
    root, work, scope = analysis, [], None
    if scheme:
        with timer("group parts"):       # each site grouped among its own papers, related papers across them
            plan = plan_parts(analysis.digest.papers, scheme)
            related = RelatedAcrossParts(analysis.digest.papers, analysis.enrichments, cache,
                                         shared_embedder(settings, embedder_factory)().identity)
            work = plan_part_work(analysis, plan, info, config_file, theme_hash, positions, site_dir, live_part,
                                  related)
            root = part_analysis(analysis, plan.papers.get(plan.current, ()), info.url, plan, related)
            info = replace(info, papers_prefix=f"{plan.current}/" if plan.current else "",
                           parts=tuple(part.link for part in work))
            scope = whole_map(analysis, scheme)
    with timer("render"):
        files = render_files(root, info, positions, scope, analysis if scheme else None, docs_target, processes)
        if scheme:
            files[PARTS_INDEX] = parts_index(info.parts, {part.link.key: part.stamp for part in work})
    report.pages = sum(1 for path in files if path.endswith(".md"))
    report.feeds = sum(1 for path in files if path.endswith(".xml"))
    with staging_folder(docs_target) as docs, staging_folder(site_dir) as site:
        with timer("write"):
            write_tree(docs, files, docs_target)
        with timer("mkdocs"):
            pages = PageCache(cache.path.with_name("pages.sqlite3"), site_fingerprint(config_file, info.url),
                              site_dir if site_dir.is_dir() else None)
            run_mkdocs(config_file, docs, site, newest_added(root), pages,
                       extra={"digest_home": "./"} if scheme else None)
            report.pages_reused, report.pages_by_workers = pages.reused, pages.by_workers
            report.warnings += pages.notes
            split_sitemap(site, info.url, [part.link.key for part in work])
            prune_unused_assets(site)
        with timer("search index"):
            _index(site)
        with timer("parts"):        # after the root's index, which must not take in the parts' pages
            def build_one(part: Analysis, part_info: SiteInfo, part_docs: Path, target: Path, cache: PageCache) -> None:
                write_tree(part_docs, render_files(part, part_info, positions, processes=processes))
                run_mkdocs(config_file, part_docs, target, newest_added(part), cache, site_url=part_info.url,
                           extra={"digest_home": "../", "digest_part_label": period_label(target.name)})
                split_sitemap(target, part_info.url)
                prune_unused_assets(target)
                _index(target)

            report.parts = build_parts(work, site, site_dir, cache.path.parent, config_file, build_one)
        move_reused(report.parts, site_dir, site)
        large = len(files) >= REMOVE_IN_BACKGROUND_FROM
        swap_in(site, site_dir, remove_in_background=large)
        swap_in(docs, docs_target, remove_in_background=large)
    return report


def site_info(config_file: Path) -> SiteInfo:
    return site_settings(config_file)[0]


def site_settings(config_file: Path) -> tuple[SiteInfo, str | None, str]:
    """The site's name and address, the parts scheme it asks for (generator/publish/parts.py) and,
    for a digest in parts, a hash of its theme folders (a part is built again when they change;
    "" for a site in one piece, whose page cache hashes them itself)."""
    from mkdocs.config import load_config

    with quiet_mkdocs(), tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "docs").mkdir()
        config = load_config(str(config_file), docs_dir=str(Path(scratch) / "docs"),
                             site_dir=str(Path(scratch) / "site"))
    try:
        scheme = parts_scheme(config.extra, config_file)
    except PartsConfigError as exc:
        raise SiteBuildError([str(exc)]) from None
    if not config.use_directory_urls:       # feeds, the map, lists and parts link pages as folders
        raise SiteBuildError([f"{config_file}:{line_of_key(config_file, 'use_directory_urls')}: use_directory_urls "
                              "is false; the digest links its pages by their folder addresses (papers/<id>/), so "
                              "it must be true (MkDocs' default)"])
    theme = ""
    if scheme:
        add_theme(config)
        digest = hashlib.sha256()
        hash_theme(digest, config.theme.dirs)
        theme = digest.hexdigest()
    url = config.site_url or "http://127.0.0.1:8000/"
    info = SiteInfo(config.site_name, url if url.endswith("/") else url + "/", config.site_description or "")
    return info, scheme, theme


def _index(site: Path) -> None:
    try:
        index_site(site)
    except SearchIndexError as exc:
        raise SiteBuildError(exc.messages) from None


def newest_added(analysis: Analysis) -> int:
    """SOURCE_DATE_EPOCH from the content: midnight UTC of the newest `added` date."""
    import calendar

    newest = max((p.added for p in analysis.digest.papers), default=None)
    return calendar.timegm(newest.timetuple()) if newest else 0


def write_tree(root: Path, files: Mapping[str, str | bytes | Reused], previous: Path | None = None) -> None:
    """Write `files` below `root`. One that `previous` (the last build's tree) holds byte for byte
    is linked from there instead (staging.link_or_write): a day changes few of them. A `Reused`
    file, one the render kept from the last build, is linked from its source."""
    made: set[Path] = set()
    for relative, data in sorted(files.items()):
        path = root / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if isinstance(data, Reused):
            link_or_copy(data.source, path)
        else:
            link_or_write(path, data if isinstance(data, bytes) else data.encode("utf-8"),
                          previous / relative if previous else None)


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
