"""Reuse a page's HTML when nothing it is made from has changed (a MkDocs plugin).

A page of this site is a function of its Markdown, its front matter, its address and the site's
configuration and theme: the navigation is the fixed list in mkdocs.yml, and Material's footer
links (the only part that depends on other pages) are off. So a rebuild may take a page's HTML
from the previous build when all of those hash the same. At a real field's scale almost every
page is unchanged from one day to the next, and MkDocs spends its time converting Markdown and
rendering Material's templates (9 ms a page): this is where a daily rebuild's time went.

A reused page is recognised from its source file as written (front matter and Markdown), before
MkDocs parses the front matter, which a reused page does not need (MkDocs alone on 4,769 reused
pages: 7.4 s → 6.6 s). It is not converted again, but nothing of MkDocs' checking is lost: its
anchors are restored (links from other pages are checked against them), its links to anchors are checked
as MkDocs checks them, and its links to other pages are checked against this build's pages,
with MkDocs' own warning, so a strict build still fails on a link to a page that is gone.

Relies on MkDocs 1.6's Page (`render`, `present_anchor_ids`, `links_to_anchors`); mkdocs is
pinned below 2 in pyproject.toml.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
import sqlite3
import types
import zlib
from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import BasePlugin

from generator.cache_db import keep_only, open_cache_db
from generator.publish.site_theme import hash_theme

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


class PageCache(BasePlugin):
    """Keyed by the page's address, its source file (front matter and Markdown) and the site fingerprint."""

    def __init__(self, path: Path, fingerprint: str):
        super().__init__()
        self.path = path
        self.site_fingerprint = fingerprint     # without the theme, which the loaded configuration names
        self.fingerprint = fingerprint
        self.reused = 0
        self._keys: dict[str, str] = {}          # src_uri -> key of the page as it is now
        self._hits: set[str] = set()
        self._db: sqlite3.Connection | None = None

    def on_pre_build(self, config) -> None:
        # the theme folders the loaded configuration searches, a custom_dir of any name among them
        digest = hashlib.sha256(self.site_fingerprint.encode())      # from the site's, each build alike
        hash_theme(digest, config.theme.dirs)
        self.fingerprint = digest.hexdigest()
        # No cache (see cache_db) costs a full render, never the build.
        self._db = open_cache_db(self.path, "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, html BLOB, facts TEXT)")

    def on_pre_page(self, page, config, files):
        try:
            source = page.file.content_string
        except (OSError, ValueError):
            return page         # MkDocs' own reading reports it
        key = hashlib.sha256("\0".join((self.fingerprint, page.file.src_uri, source)).encode()).hexdigest()
        self._keys[page.file.src_uri] = key
        try:
            row = self._db.execute("SELECT html, facts FROM pages WHERE key = ?", (key,)).fetchone() \
                if self._db else None
            html, facts = (zlib.decompress(row[0]).decode("utf-8"), json.loads(row[1])) if row else (None, None)
        except (sqlite3.Error, zlib.error, ValueError):
            html = None
        if html is not None:
            page.read_source = types.MethodType(_cached_source(source), page)
            page.render = types.MethodType(_cached_render(html, facts), page)
            self._hits.add(page.file.src_uri)
        return page

    def on_post_page(self, output: str, page, config):
        uri = page.file.src_uri
        if uri in self._hits:
            self.reused += 1
            return output
        if self._db is None:
            return output
        facts = {"anchors": sorted(page.present_anchor_ids or ()), "title": page._title_from_render,
                 "to_anchors": [[f.src_uri, anchor, link] for f, links in (page.links_to_anchors or {}).items()
                                for anchor, link in links.items()],
                 "links": _page_links(uri, page.markdown or "")}
        try:
            self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                             (self._keys[uri], zlib.compress(output.encode("utf-8"), 6), json.dumps(facts)))
        except sqlite3.Error:
            pass
        return output

    def on_post_build(self, config) -> None:
        """Keep only the pages of this build, so the cache does not grow with every edit."""
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
        if self._db is not None:
            self._db.rollback()
            self._db.close()
            self._db = None


def _page_links(src_uri: str, markdown: str) -> list[str]:
    """The pages a page's Markdown links to, as docs paths."""
    here = posixpath.dirname(src_uri)
    return sorted({posixpath.normpath(posixpath.join(here, target)) for target in _MD_LINK.findall(markdown)})


def _cached_source(source: str):
    def read_source(page, config) -> None:
        # the Markdown is kept for the links check (_page_links reads none of it: the facts hold them)
        page.markdown, page.meta = source, {"template": CACHED_TEMPLATE}
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
        for uri in facts["links"]:
            if files.get_file_from_path(uri) is None:
                log.warning(f"Doc file '{page.file.src_uri}' contains a link to '{uri}', "
                            "which is not found among documentation files.")
    return render
