"""What a feed is made of, as one key: a feed whose key is the one the last build wrote it under
need not be rendered again.

A year's root has about 5,000 feeds (an RSS and an Atom file for every author with a page, topic
and lab), and feedgen renders each item through lxml: about a tenth of a build's rendering. A
day changes the feeds of its papers' authors, topics and labs, and leaves the rest as they were.
The key holds everything `feeds.build_feed` reads (the spec, the site's name and address, the
papers' folder, every item's fields, highlight, topics and place) and the code and libraries that
write it, so two feeds with one key are the same bytes.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Callable

from generator.code_version import code_version as package_code_version
from generator.models import Paper
from generator.render.feeds import FeedSpec

_CODE = ("feeds.py", "feed_keys.py", "escape.py", "latex_text.py")
_SEP = "\x1f"                 # between fields: a unit separator, which no field of a paper holds


@cache
def code_version() -> str:
    return package_code_version("generator.render", _CODE, ("feedgen", "lxml"))


class FeedKeys:
    """Keys of one site's feeds; an item's part of a key is computed once per paper, since a paper
    is an item of its topics', labs', authors' and the main feed."""

    def __init__(self, site_name: str, site_url: str, papers_prefix: str,
                 topics_of: Callable[[Paper], list], highlight_of: Callable[[Paper], str]):
        self._site = _SEP.join((code_version(), site_name, site_url, papers_prefix))
        self._topics_of, self._highlight_of = topics_of, highlight_of
        self._items: dict[str, str] = {}

    def _item(self, paper: Paper) -> str:
        key = self._items.get(paper.id)
        if key is None:
            topics = [f"{t.slug}{_SEP}{t.name}" for t in self._topics_of(paper)]
            fields = (paper.id, paper.title, paper.abstract, paper.added.isoformat(), str(paper.authors_truncated),
                      str(paper.title_derived), paper.collaboration or "", self._highlight_of(paper),
                      str(len(paper.authors)), *paper.authors, str(len(topics)), *topics)
            key = hashlib.sha256(_SEP.join(fields).encode("utf-8", "surrogatepass")).hexdigest()
            self._items[paper.id] = key
        return key

    def key(self, spec: FeedSpec) -> str:
        """The key of both of `spec`'s files (RSS and Atom: their paths are in it)."""
        digest = hashlib.sha256(_SEP.join((self._site, spec.kind, spec.slug or "", spec.title,
                                           spec.description, spec.page, spec.rss, spec.atom)).encode())
        for paper in spec.papers:           # in order: an item's date depends on its place
            digest.update(self._item(paper).encode())
        return digest.hexdigest()
