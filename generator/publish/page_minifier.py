"""Every built page without the indentation Material's templates leave in it (a MkDocs plugin).

Material indents its HTML for people reading the templates, not the pages: a sixth to a fifth of
a paper or author page is indentation and blank lines, and at a year's flow that is most of a
gigabyte (benchmarks/site_size.py). A run of whitespace that holds a line break is one line break
here: HTML shows both as one space, so the page reads and renders the same. Inside `<pre>`,
`<textarea>`, `<script>` and `<style>` nothing changes.

Written here rather than with an HTML minifier: minify-html (tried, 23% off instead of 18%)
also unquotes and reorders attributes, so the pages no longer hold the markup Material writes,
and anything reading them as text (a regular expression in a test over `href="…"`, a scraper)
silently finds less; htmlmin, which can keep quotes, has been unmaintained since 2017.

Registered before the page cache (generator/publish/page_cache.py), so the cache stores the output; a
page the cache reuses is not passed through again.
"""

from __future__ import annotations

import re

from mkdocs.plugins import BasePlugin

from generator.publish.page_cache import CACHED_TEMPLATE

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BREAKS = re.compile(r"[ \t]*\n\s*")


def minify(html: str) -> str:
    """`html` with every whitespace run that holds a line break made one line break, outside the
    elements whose whitespace is their content."""
    pieces = _KEPT.split(html)
    # split() gives text, then (whole kept element, its tag name) pairs, then text again
    out = []
    for index in range(0, len(pieces), 3):
        out.append(_BREAKS.sub("\n", pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


class PageMinifier(BasePlugin):
    def on_post_page(self, output: str, page, config) -> str:
        if (page.meta or {}).get("template") == CACHED_TEMPLATE:
            return output
        return minify(output)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """Material's 404.html, the one page that is a template of its own."""
        return minify(output_content) if template_name.endswith(".html") else output_content
