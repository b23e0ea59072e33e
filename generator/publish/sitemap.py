"""The site's sitemap as an index: a tiny sitemap.xml naming the pages' sitemap.

The pages' sitemap lists every page the build wrote (every `.html` but the 404 page), so a page
the page cache wrote as a file (page_cache.py `ReusedPage`) is in it like any other; MkDocs' own
sitemap, which knows only the pages it built, is not rendered (`mkdocs_run.run_mkdocs`). No `<lastmod>`:
a build knows when it ran, not when a page last changed.

Material's JavaScript fetches `sitemap.xml` beside every `<link rel="alternate">` of a page (it
takes them for language versions), and every page links the feeds that way. MkDocs' sitemap
lists every page, so at 10,000 papers each first page view would download about 1.5 MB for
nothing. A sitemap index (sitemaps.org) keeps search engines served, and Material, finding no
`<url>` in it, simply navigates normally.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape

PAGES = "sitemap-pages.xml"


def split_sitemap(site: Path, site_url: str, parts: Sequence[str] = ()) -> None:
    """Write the pages' sitemap, sitemap-pages.xml(.gz), and an index of it as sitemap.xml(.gz);
    at the root of a digest in parts the index names each part's pages' sitemap too (the index is
    at the root of the host's path, so it may name sitemaps below it)."""
    pages = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "".join(f"  <url><loc>{escape(site_url + address)}</loc></url>\n" for address in page_addresses(site))
             + "</urlset>\n")
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "".join(f"  <sitemap><loc>{escape(site_url + folder + PAGES)}</loc></sitemap>\n"
                       for folder in ("", *(f"{key}/" for key in parts)))
             + "</sitemapindex>\n")
    for name, text in ((PAGES, pages), ("sitemap.xml", index)):
        (site / name).write_text(text, encoding="utf-8")
        (site / f"{name}.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def page_addresses(site: Path) -> list[str]:
    """Every page's address below the site's, sorted: `papers/x/index.html` is `papers/x/`."""
    addresses = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        if relative.rpartition("/")[2] == "index.html":
            relative = relative[:-len("index.html")]         # a folder's address: '' or 'papers/x/'
        addresses.append(quote(relative))
    return sorted(addresses)
