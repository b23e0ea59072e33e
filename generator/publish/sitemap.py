"""The site's sitemap as an index: a tiny sitemap.xml naming the pages' sitemap.

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
from xml.sax.saxutils import escape

PAGES = "sitemap-pages.xml"


def split_sitemap(site: Path, site_url: str, parts: Sequence[str] = ()) -> None:
    """Move MkDocs' sitemap.xml(.gz) to sitemap-pages.xml(.gz) and write an index in its place;
    at the root of a digest in parts the index names each part's pages' sitemap too (the index is
    at the root of the host's path, so it may name sitemaps below it)."""
    full = site / "sitemap.xml"
    if not full.is_file():
        return
    full.replace(site / PAGES)
    compressed = site / "sitemap.xml.gz"
    if compressed.is_file():
        compressed.replace(site / f"{PAGES}.gz")
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "".join(f"  <sitemap><loc>{escape(site_url + folder + PAGES)}</loc></sitemap>\n"
                       for folder in ("", *(f"{key}/" for key in parts)))
             + "</sitemapindex>\n")
    full.write_text(index, encoding="utf-8")
    compressed.write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))
