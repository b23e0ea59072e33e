"""Reuse a page's HTML when nothing it is made from has changed (a MkDocs plugin).

A page of this site is a function of its Markdown, its front matter, its address and the site's
configuration and theme: the navigation is the fixed list in mkdocs.yml, and Material's footer
links (the only part that depends on other pages) are off. So a rebuild may take a page's HTML
from the previous build when all of those hash the same. A real field's day leaves almost every
page as it was, and MkDocs spends its time on Markdown and Material's templates (9 ms a page).

A reused page is recognised from its source file as written (front matter and Markdown), when
MkDocs lists the files (`on_files`), and is then not a page to MkDocs at all: its HTML is written
as a file (`ReusedPage`), with no front matter parsed, no Markdown, no template and no page
events; a day's build of a year's root reuses about 5,000. What such a page still costs is its
file (linked from the last build's site when that holds it: staging.link_or_write). Pages in
the navigation stay pages and are reused by `render`. Shares of many pages that miss the cache
are rendered by page workers beside this process (page_workers.py).

Nothing of MkDocs' checking is lost: a reused page's links to other pages are checked against
this build's files, and links to anchors in either direction (from a reused page, or into one)
against the anchors its facts recorded, each with MkDocs' own warning, so a strict build still
fails on a link to a page or anchor that is gone. The sitemap lists every page written
(`sitemap.py`), reused or not.

Relies on MkDocs 1.6's File and Page (`render`, `present_anchor_ids`, `links_to_anchors`); pinned below 2.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import sqlite3
import types
import zlib
from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.cache_db import keep_only, open_cache_db
from generator.publish.page_workers import PageWorkers, recast, worker_count
from generator.publish.site_theme import hash_theme
from generator.publish.staging import link_or_write

CACHED_TEMPLATE = "digest-cached.html"      # in overrides/: prints the stored HTML as it is
_FORMAT = "3"       # 2: pages minified (generator/publish/page_minifier.py); 3: keyed by the source file
_MD_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")
log = logging.getLogger("mkdocs.structure.pages")      # MkDocs' own logger for link warnings


def site_fingerprint(config_file: Path, site_url: str) -> str:
    """Everything besides the page that its HTML depends on: the configuration, MkDocs', Material's
    and the Markdown extensions' versions, and the site's address. The theme folders are added
    when the configuration is loaded (`PageCache.on_pre_build`)."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(config_file.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions"):
        digest.update(f"{package}=={version(package)}".encode())
    digest.update(site_url.encode())
    return digest.hexdigest()


class ReusedPage(File):
    """A page whose HTML the cache holds: MkDocs writes it as a file and does not build it; linked
    from the last build's site when that holds it already (staging.link_or_write)."""
    previous: Path | None = None

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_write(Path(self.abs_dest_path), self.content_bytes, self.previous)


class LinkedFile(File):
    """A file of the generated docs (a feed, the map's data) linked into the site, not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        try:
            os.link(self.abs_src_path, self.abs_dest_path)
        except OSError:
            super().copy_file(dirty)


class PageCache(BasePlugin):
    """Keyed by the page's address, its source file (front matter and Markdown) and the site fingerprint."""

    def __init__(self, path: Path, fingerprint: str, previous_site: Path | None = None):
        super().__init__()
        self.path = path
        self.previous_site = previous_site      # the last build's site, which reused pages are linked from
        self.site_fingerprint = fingerprint     # without the theme, which the loaded configuration names
        self.fingerprint = fingerprint
        self.reused = self.by_workers = 0
        self._keys: dict[str, str] = {}          # src_uri -> key of the page as it is now
        self._hits: set[str] = set()             # pages in the navigation rendered from the cache
        self._in_nav: dict[str, tuple[str, dict]] = {}      # such pages' HTML and facts, until MkDocs reads them
        self._reused: dict[str, dict] = {}       # src_uri -> facts of a page written as a ReusedPage
        self._files: Files | None = None
        self._db: sqlite3.Connection | None = None
        self.worker_request: dict | None = None     # set by mkdocs_run.run_mkdocs: what a page worker builds
        self.workers_allowed, self.notes = True, []     # notes: why they were not used, for the build's report
        self._workers = PageWorkers()               # rendering a share of the pages beside this process

    def without_workers(self, why: str) -> None:
        self.workers_allowed = False
        self.notes.append(f"page workers: {why}; the pages were rendered in the build's process")

    def on_pre_build(self, config) -> None:
        # the theme folders the loaded configuration searches, a custom_dir of any name among them
        self._keys, self._hits, self._in_nav, self._reused = {}, set(), {}, {}     # a build run again starts anew
        self._workers, self._files = PageWorkers(), None
        digest = hashlib.sha256(self.site_fingerprint.encode())      # from the site's, each build alike
        hash_theme(digest, config.theme.dirs)
        self.fingerprint = digest.hexdigest()
        self._db = open_cache_db(self.path,       # no cache (see cache_db) costs a full render, never the build
                                 "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, html BLOB, facts TEXT)")

    def on_files(self, files: Files, config) -> Files:
        in_nav = _nav_pages(config.nav) if config.nav else None      # no nav: MkDocs lists every page in it
        to_render = []
        for file in list(files.documentation_pages()):
            found = self._look_up(file)
            if found is None:
                if in_nav is not None and file.src_uri not in in_nav:
                    to_render.append(file)
                continue
            if in_nav is None or file.src_uri in in_nav:
                self._in_nav[file.src_uri] = found
            else:
                files.remove(file)
                files.append(_reused_page(file, found[0], self.previous_site))
                self._reused[file.src_uri] = found[1]
        docs = os.path.abspath(config.docs_dir) + os.sep
        for file in [f for f in files if f.abs_src_path and f.abs_src_path.startswith(docs)
                     and not f.is_documentation_page() and not isinstance(f, ReusedPage)]:
            files.remove(file)
            files.append(recast(file, LinkedFile))
        for uri, facts in self._reused.items():
            _check_links(uri, facts["links"], files)
        count = worker_count(len(to_render)) if self.workers_allowed and self.worker_request else 0
        if count:           # a share of the pages to render for each page worker (page_workers.py)
            self._workers.start(to_render, count, files, self.worker_request, Path(config.site_dir))
        self._files = files
        return files

    def _look_up(self, file: File) -> tuple[str, dict] | None:
        """The page's HTML and facts from the cache, or None; its key is kept for storing it."""
        try:
            source = file.content_string
        except (OSError, ValueError):
            return None         # MkDocs' own reading reports it
        key = hashlib.sha256("\0".join((self.fingerprint, file.src_uri, source)).encode()).hexdigest()
        self._keys[file.src_uri] = key
        try:
            row = self._db.execute("SELECT html, facts FROM pages WHERE key = ?", (key,)).fetchone() \
                if self._db else None
            return (zlib.decompress(row[0]).decode("utf-8"), json.loads(row[1])) if row else None
        except (sqlite3.Error, zlib.error, ValueError):
            return None

    def on_pre_page(self, page, config, files):
        found = self._in_nav.pop(page.file.src_uri, None)
        if found is not None:
            page.read_source = types.MethodType(_cached_source(), page)
            page.render = types.MethodType(_cached_render(*found), page)
            self._hits.add(page.file.src_uri)
        return page

    def on_post_page(self, output: str, page, config):
        uri = page.file.src_uri
        if uri not in self._hits:
            self._store(uri, output, page_facts(page))
        return output

    def _store(self, uri: str, html: str, facts: dict) -> None:
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                             (self._keys[uri], zlib.compress(html.encode("utf-8"), 6), json.dumps(facts)))
        except sqlite3.Error:
            pass

    def on_post_build(self, config) -> None:
        """Check the links to anchors MkDocs could not see, and keep only the pages of this build in
        the cache, so that it does not grow with every edit."""
        self.reused = len(self._hits) + len(self._reused)
        self.by_workers = 0
        for uri, html, facts in self._workers.collect(Path(config.site_dir)):    # checked as a reused page is
            self._store(uri, html, facts)
            self._reused[uri] = facts
            self.by_workers += 1
        if self._files is not None:
            _check_anchors(self._files, self._reused, config.validation.links.anchors)
        if self._db is None:
            return
        try:
            keep_only(self._db, "pages", self._keys.values())
            self._db.commit()
        except sqlite3.Error:
            self._db.rollback()
        self._db.close()
        self._db = None

    def on_build_error(self, error) -> None:
        self._workers.stop()
        if self._db is not None:
            self._db.rollback()
            self._db.close()
            self._db = None


def page_facts(page) -> dict:
    """What a rendered page's links and anchors are checked with when it is not rendered again."""
    return {"anchors": sorted(page.present_anchor_ids or ()), "title": page._title_from_render,
            "to_anchors": [[f.src_uri, anchor, link] for f, links in (page.links_to_anchors or {}).items()
                           for anchor, link in links.items()],
            "links": _page_links(page.file.src_uri, page.markdown or "")}


def _page_links(src_uri: str, markdown: str) -> list[str]:
    """The pages a page's Markdown links to, as docs paths."""
    here = posixpath.dirname(src_uri)
    return sorted({posixpath.normpath(posixpath.join(here, target)) for target in _MD_LINK.findall(markdown)})


def _nav_pages(nav: list) -> set[str]:
    """The docs paths the navigation names (`- Title: path.md`, nested sections, bare paths)."""
    found: set[str] = set()
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            if isinstance(value, list):
                found |= _nav_pages(value)
            elif isinstance(value, str):
                found.add(value)
    return found


def _reused_page(file: File, html: str, previous_site: Path | None) -> ReusedPage:
    page = recast(file, ReusedPage)
    page.content_bytes = html.encode("utf-8")
    page.previous = previous_site / file.dest_uri if previous_site else None
    return page


def _check_links(uri: str, links: list[str], files: Files) -> None:
    for target in links:
        if files.get_file_from_path(target) is None:
            log.warning(f"Doc file '{uri}' contains a link to '{target}', "
                        "which is not found among documentation files.")


def _check_anchors(files: Files, reused: dict[str, dict], level: int) -> None:
    """Links to anchors into a reused page, and from one, as MkDocs checks those between pages."""
    def anchors_of(uri: str) -> set[str] | None:
        if uri in reused:
            return set(reused[uri]["anchors"])
        target = files.get_file_from_path(uri)
        return target.page.present_anchor_ids if target is not None and target.page is not None else None

    links = [(f.src_uri, target.src_uri, anchor, link) for f in files.documentation_pages() if f.page is not None
             for target, by_anchor in (f.page.links_to_anchors or {}).items() if target.src_uri in reused
             for anchor, link in by_anchor.items()]
    links += [(uri, target, anchor, link) for uri, facts in reused.items()
              for target, anchor, link in facts["to_anchors"]]
    for source, target, anchor, link in links:
        anchors = anchors_of(target)
        if anchors is not None and anchor not in anchors:
            problem = ("there is no such anchor on this page" if source == target
                       else f"the doc '{target}' does not contain an anchor '#{anchor}'")
            log.log(level, f"Doc file '{source}' contains a link '{link}', but {problem}.")


def _cached_source():
    def read_source(page, config) -> None:
        page.markdown, page.meta = "", {"template": CACHED_TEMPLATE}
    return read_source


def _cached_render(html: str, facts: dict):
    def render(page, config, files) -> None:
        page.content = html
        page.toc = []
        page._title_from_render = facts["title"]
        page.present_anchor_ids = set(facts["anchors"])
        page.links_to_anchors = {}
        for uri, anchor, link in facts["to_anchors"]:
            target = files.get_file_from_path(uri)
            if target is not None:
                page.links_to_anchors.setdefault(target, {})[anchor] = link
        _check_links(page.file.src_uri, facts["links"], files)
    return render
