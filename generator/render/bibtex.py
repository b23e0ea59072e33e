"""A BibTeX entry for a paper, to copy from its page."""

from __future__ import annotations

import re

from generator.models import Paper


def _braced(text: str) -> str:
    """BibTeX-safe: braces and backslashes escaped, whitespace collapsed."""
    text = " ".join(text.split())
    return re.sub(r"([{}\\%&#$_])", r"\\\1", text)


def bibtex_entry(paper: Paper, url: str) -> str:
    year = (paper.published or paper.added).year
    key = re.sub(r"[^a-z0-9]", "", paper.id) + str(year)
    authors = " and ".join(_braced(a) for a in paper.authors)
    if paper.authors_truncated or not authors:
        authors = f"{authors} and others" if authors else "others"
    fields = [("title", "{" + _braced(paper.title) + "}"), ("author", authors), ("year", str(year)),
              ("url", url)]
    if "arxiv" in paper.links:
        fields.append(("eprint", paper.links["arxiv"]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
