"""RSS 2.0 and Atom feeds (feedgen) for everything, each topic and each lab; an OPML list.

Item ids are `urn:uuid:` values derived from the paper id alone, so they never change even
if the site moves. Dates come from `added` (midnight UTC), and a feed's lastBuildDate /
updated is its newest item's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from generator.models import Paper, newest_first
from generator.render.escape import plain_text

if TYPE_CHECKING:
    from generator.pipeline import Analysis

FEED_ITEMS = 50
_NAMESPACE = uuid.UUID("6f1c3b5e-2d4a-5b8c-9e0f-1a2b3c4d5e6f")


@dataclass(frozen=True)
class FeedSpec:
    kind: str                  # "all", "topic" or "lab"
    slug: str | None
    title: str
    description: str
    page: str                  # site-relative page path ("topics/x/")
    papers: tuple[Paper, ...]  # newest first, at most FEED_ITEMS

    @property
    def base(self) -> str:
        # Feeds live at the site root: Material fetches `sitemap.xml` beside every
        # <link rel="alternate"> (zensical/zensical#908), which 404s for a feed in a folder.
        return "feed" if self.kind == "all" else f"feed-{self.kind}-{self.slug}"

    @property
    def rss(self) -> str:
        return f"{self.base}.rss.xml"

    @property
    def atom(self) -> str:
        return f"{self.base}.atom.xml"


def paper_uuid(paper_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'paper/' + paper_id)}"


def _newest(papers) -> tuple[Paper, ...]:
    return tuple(newest_first(papers)[:FEED_ITEMS])


def feed_specs(analysis: "Analysis", site_url: str) -> list[FeedSpec]:
    digest, grouping = analysis.digest, analysis.grouping
    by_id = {p.id: p for p in digest.papers}
    specs = [FeedSpec("all", None, "all papers", "Every paper added to the digest, newest first.",
                      "", _newest(digest.papers))]
    for slug, topic in sorted(digest.topics.items()):
        members = (by_id[i] for i in grouping.topic_members.get(slug, ()))
        specs.append(FeedSpec("topic", slug, topic.name, topic.description, f"topics/{slug}/", _newest(members)))
    for slug, lab in sorted(digest.labs.items()):
        members = (by_id[i] for i in grouping.labs[slug].papers)
        specs.append(FeedSpec("lab", slug, lab.name, f"Papers from {lab.name}.", f"labs/{slug}/", _newest(members)))
    return specs


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def build_feed(spec: FeedSpec, site_name: str, site_url: str, topics_of, self_path: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(f"{site_url}{spec.base}")
    feed.title(f"{site_name}: {spec.title}")
    # feedgen gives RSS the last link added: the page, not the feed itself.
    feed.link(href=f"{site_url}{self_path}", rel="self")
    feed.link(href=f"{site_url}{spec.page}", rel="alternate")
    feed.description(spec.description)
    feed.language("en")
    newest = spec.papers[0].added if spec.papers else dt.date(1970, 1, 1)
    feed.updated(_when(newest))
    feed.lastBuildDate(_when(newest))
    # feedgen prepends entries; add oldest first so the feed lists newest first.
    for paper in reversed(spec.papers):
        entry = feed.add_entry()
        entry.id(paper_uuid(paper.id))
        entry.guid(paper_uuid(paper.id), permalink=False)
        entry.title(plain_text(paper.title))
        entry.link(href=f"{site_url}papers/{paper.id}/")
        # Readers render an RSS description (and an Atom html summary) as HTML: escape the
        # abstract so that markup in it stays text.
        entry.description(html.escape(plain_text(paper.abstract), quote=False))
        entry.published(_when(paper.added))
        entry.updated(_when(paper.added))
        for author in paper.authors:
            entry.author(name=author)
        for topic in topics_of(paper):
            entry.category(term=topic.slug, label=topic.name)
    return feed


def render_feeds(specs: list[FeedSpec], site_name: str, site_url: str, topics_of) -> dict[str, bytes]:
    """docs-relative path -> feed bytes, RSS and Atom for every spec."""
    files = {}
    for spec in specs:
        files[spec.rss] = build_feed(spec, site_name, site_url, topics_of, spec.rss).rss_str(pretty=True)
        files[spec.atom] = build_feed(spec, site_name, site_url, topics_of, spec.atom).atom_str(pretty=True)
    return files


def render_opml(specs: list[FeedSpec], site_name: str, site_url: str) -> bytes:
    """An OPML subscription list of every RSS feed, to subscribe to all at once."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = f"{site_name} feeds"
    body = ET.SubElement(opml, "body")
    for spec in specs:
        ET.SubElement(body, "outline", type="rss", text=f"{site_name}: {spec.title}",
                      title=f"{site_name}: {spec.title}", xmlUrl=f"{site_url}{spec.rss}",
                      htmlUrl=f"{site_url}{spec.page}")
    ET.indent(opml)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, encoding="utf-8") + b"\n"
