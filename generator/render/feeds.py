"""RSS 2.0 and Atom feeds (feedgen) for everything, each topic and each lab; an OPML list.

Item ids are `urn:uuid:` values derived from the paper id alone, so they never change even
if the site moves. Dates come from `added` (noon UTC: see `_when`), and a feed's lastBuildDate /
updated is its newest item's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Mapping, TYPE_CHECKING

from feedgen.feed import FeedGenerator

from generator.models import Paper, newest_first
from generator.render.escape import plain_text

if TYPE_CHECKING:
    from generator.pipeline import Analysis

FEED_ITEMS = 50               # at least; and always every paper of the newest day (see `_newest`)
WEEKLY_ITEMS = 12             # a quarter of issues: at 1,500 papers a week an issue is ~100 KB of HTML
FEED_AUTHORS = 10             # authors named in an item; a collaboration paper's full list is on its page
ISSUE_SECTION_SHOWN = 10      # papers per topic in an issue (its page and its item), the rest linked
FEEDS_DIR = "feeds"
FEEDS_SITEMAP = (f"{FEEDS_DIR}/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
_NAMESPACE = uuid.UUID("6f1c3b5e-2d4a-5b8c-9e0f-1a2b3c4d5e6f")


@dataclass(frozen=True)
class FeedSpec:
    kind: str                  # "all", "topic", "lab" or "author"
    slug: str | None
    title: str
    description: str
    page: str                  # site-relative page path ("topics/x/")
    papers: tuple[Paper, ...]  # newest first: the newest day whole, at least FEED_ITEMS

    @property
    def base(self) -> str:
        # The main feed keeps its address at the root; the others live in feeds/, so that an
        # author's, topic's or lab's feeds do not crowd the site root. (Material fetches
        # `sitemap.xml` beside every <link rel="alternate">, zensical/zensical#908: feeds/ has a
        # tiny one, see FEEDS_SITEMAP.)
        return "feed" if self.kind == "all" else f"{FEEDS_DIR}/{self.kind}-{self.slug}"

    @property
    def feed_id(self) -> str:
        """The Atom feed id: the name the feed had at the site root, kept when it moved to feeds/,
        since readers identify a subscription by it."""
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
    """The FEED_ITEMS newest papers, or more: every paper of the newest day they hold. A field
    brings up to 662 papers a day (arXiv cs.CV/CL/AI, November 2025), so a feed of the newest 50
    lost most of a day for a subscriber who polls once a day."""
    ordered = newest_first(papers)
    if not ordered:
        return ()
    newest_day = ordered[0].added
    return tuple(p for i, p in enumerate(ordered) if i < FEED_ITEMS or p.added == newest_day)


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
    for author in sorted((a for a in grouping.authors.values() if a.has_page), key=lambda a: a.slug):
        specs.append(FeedSpec("author", author.slug, author.name, f"Papers by {author.name}.",
                              f"authors/{author.slug}/", tuple(by_id[i] for i in author.papers[:FEED_ITEMS])))
    return specs


def _when(day: dt.date, rank: int = 0) -> dt.datetime:
    """A date the digest knows only as a day, at noon UTC: every reader's time zone from UTC-11
    to UTC+11 then shows that day (at midnight UTC, America saw the day before). The `rank`-th
    paper of its day in the digest's order is `rank` seconds earlier, so that readers, which sort
    by date, list a day's papers as the digest does (sharing one time, they were shuffled)."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc) - dt.timedelta(seconds=rank)


def _ranks(papers: tuple[Paper, ...]) -> list[int]:
    """Each paper's place among the papers of its day before it (papers newest first)."""
    seen: dict[dt.date, int] = {}
    ranks = []
    for paper in papers:
        ranks.append(seen.get(paper.added, 0))
        seen[paper.added] = ranks[-1] + 1
    return ranks


def _new_feed(feed_id: str, title: str, description: str, site_url: str, page: str, self_path: str,
              newest: dt.date) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    # feedgen gives RSS the last link added: the page, not the feed itself.
    feed.link(href=f"{site_url}{self_path}", rel="self")
    feed.link(href=f"{site_url}{page}", rel="alternate")
    feed.description(description)
    feed.language("en")
    feed.updated(_when(newest))
    feed.lastBuildDate(_when(newest))
    return feed


def author_line(paper: Paper, limit: int = FEED_AUTHORS) -> str:
    """'A, B, C', 'A, B et al.' or, past `limit` names, 'A, B, … and 564 more'; a collaboration
    first ('NVIDIA: A, B')."""
    if len(paper.authors) > limit:
        names = ", ".join(paper.authors[:limit]) + f" and {len(paper.authors) - limit:,} more"
    else:
        names = ", ".join(paper.authors) + (" et al." if paper.authors_truncated and paper.authors else "")
    if paper.collaboration:
        return f"{paper.collaboration}: {names}" if names else paper.collaboration
    return names


def item_html(paper: Paper, highlight: str, topics: list) -> str:
    """An item's description: the highlight, the authors, the topics, then the abstract; every
    piece escaped, since readers render it as HTML."""
    def esc(text: str) -> str:
        return html.escape(plain_text(text), quote=False)

    parts = [f"<p><strong>{esc(highlight)}</strong></p>"] if highlight else []
    if paper.title_derived:
        parts.append("<p><em>Title derived from the abstract by the importer, not yet checked.</em></p>")
    if paper.authors or paper.collaboration:
        parts.append(f"<p>{esc(author_line(paper))}</p>")
    if topics:
        parts.append(f"<p>Topics: {esc(', '.join(t.name for t in topics))}</p>")
    parts.append(f"<p>{esc(paper.abstract)}</p>")
    return "\n".join(parts)


def build_feed(spec: FeedSpec, site_name: str, site_url: str, topics_of, self_path: str,
               highlight_of=lambda paper: "", atom: bool = True, papers_prefix: str = "") -> FeedGenerator:
    """One feed, for Atom or for RSS: the two carry the item's HTML and its authors differently.
    `papers_prefix`: the folder of the paper pages below the site's root (generator/publish/parts.py)."""
    newest = spec.papers[0].added if spec.papers else dt.date(1970, 1, 1)
    feed = _new_feed(f"{site_url}{spec.feed_id}", f"{site_name}: {spec.title}", spec.description, site_url,
                     spec.page, self_path, newest)
    if not atom:
        feed.load_extension("dc", atom=False, rss=True)
    # feedgen prepends entries; add oldest first so the feed lists newest first.
    for paper, rank in reversed(list(zip(spec.papers, _ranks(spec.papers)))):
        entry = feed.add_entry()
        entry.id(paper_uuid(paper.id))
        entry.guid(paper_uuid(paper.id), permalink=False)
        entry.title(plain_text(paper.title))
        entry.link(href=f"{site_url}{papers_prefix}papers/{paper.id}/")
        body = item_html(paper, highlight_of(paper), topics_of(paper))
        if atom:
            # Typed, or readers show the markup as text (RFC 4287 §3.1.1: untyped means text).
            entry.content(body, type="html")
            if highlight_of(paper):
                # Escaped HTML rather than text: lax readers render either as HTML.
                entry.summary(html.escape(plain_text(highlight_of(paper)), quote=False), type="html")
            for author in paper.authors[:FEED_AUTHORS]:
                entry.author(name=author)
        else:
            entry.description(body)
            # RSS's <author> must be an e-mail address; Dublin Core's creator is what readers show.
            for author in paper.authors[:FEED_AUTHORS]:
                entry.dc.dc_creator(author)
        entry.published(_when(paper.added, rank))
        entry.updated(_when(paper.added, rank))
        for topic in topics_of(paper):
            entry.category(term=topic.slug, label=topic.name)
    return feed


def render_feeds(specs: list[FeedSpec], site_name: str, site_url: str, topics_of,
                 highlight_of=lambda paper: "", papers_prefix: str = "") -> dict[str, bytes]:
    """docs-relative path -> feed bytes, RSS and Atom for every spec."""
    files = {}
    for spec in specs:
        for path, atom in ((spec.rss, False), (spec.atom, True)):
            feed = build_feed(spec, site_name, site_url, topics_of, path, highlight_of, atom=atom,
                              papers_prefix=papers_prefix)
            files[path] = feed.atom_str(pretty=True) if atom else feed.rss_str(pretty=True)
    return files


WEEKLY = f"{FEEDS_DIR}/weekly"


def issue_html(issue, sections, site_url: str, highlight_of, papers_prefix: str | Mapping[str, str] = "",
               issue_folder: str = "") -> str:
    """A weekly issue as the HTML of a newsletter: a section per topic, each paper's linked
    title, authors and highlight; every text escaped. A digest in parts: `papers_prefix` maps
    each paper to the folder of its page, and the issue's page is in `issue_folder`."""
    def esc(text: str) -> str:
        return html.escape(plain_text(text), quote=True)

    def folder(paper) -> str:
        return papers_prefix if isinstance(papers_prefix, str) else papers_prefix[paper.id]

    week = f"{site_url}{issue_folder}weeks/{issue.slug}/"
    parts = [f"<p>{len(issue.papers)} new paper{'s' if len(issue.papers) != 1 else ''}: "
             f"<a href=\"{week}\">{esc(issue.title)}</a></p>"]
    for section in sections:
        parts.append(f"<h2>{esc(section.name)} ({len(section.papers):,})</h2>\n<ul>")
        for paper in section.papers[:ISSUE_SECTION_SHOWN]:
            authors = author_line(paper, limit=5)
            parts.append(f"<li><a href=\"{site_url}{folder(paper)}papers/{paper.id}/\"><strong>{esc(paper.title)}</strong></a>"
                         + (" <em>(title derived)</em>" if paper.title_derived else "")
                         + (f"<br>{esc(authors)}" if authors else "")
                         + (f"<br>{esc(highlight_of(paper))}" if highlight_of(paper) else "") + "</li>")
        parts.append("</ul>")
        more = len(section.papers) - ISSUE_SECTION_SHOWN
        if more > 0:
            link = f"{week}{section.key}/"
            parts.append(f"<p><a href=\"{link}\">{more:,} more on {esc(section.name)} this week</a></p>")
    return "\n".join(parts)


def render_weekly_feeds(issues, site_name: str, site_url: str, issue_html,
                        issue_folder=lambda issue: "") -> dict[str, bytes]:
    """One item per weekly issue, its content the whole issue as HTML (`issue_html(issue)`), so
    readers and RSS-to-email services show it as a newsletter; `issue_folder(issue)`: where its
    page is below the root (a digest in parts)."""
    files = {}
    for suffix, render in ((".rss.xml", "rss_str"), (".atom.xml", "atom_str")):
        newest = issues[0].newest if issues else dt.date(1970, 1, 1)
        feed = _new_feed(f"{site_url}feed-weekly", f"{site_name}: weekly issues",
                         "Every week's new papers in one issue, grouped by topic.", site_url, "weeks/",
                         WEEKLY + suffix, newest)
        for issue in reversed(issues[:WEEKLY_ITEMS]):
            entry = feed.add_entry()
            entry.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'week/' + issue.slug)}")
            entry.guid(f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'week/' + issue.slug)}", permalink=False)
            entry.title(f"{site_name}: {issue.title}")
            entry.link(href=f"{site_url}{issue_folder(issue)}weeks/{issue.slug}/")
            if render == "atom_str":
                entry.summary(f"{len(issue.papers)} new paper{'s' if len(issue.papers) != 1 else ''}.")
                entry.content(issue_html(issue), type="html")
            else:
                # RSS readers show <description>: the whole issue, not only how many papers it has.
                entry.description(issue_html(issue))
            entry.published(_when(issue.newest))
            entry.updated(_when(issue.newest))
        files[WEEKLY + suffix] = getattr(feed, render)(pretty=True)
    return files


def render_opml(specs: list[FeedSpec], site_name: str, site_url: str) -> bytes:
    """An OPML subscription list of the digest's own RSS feeds (everything, weekly, topics,
    labs; authors' feeds are on their pages), to subscribe to all at once."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = f"{site_name} feeds"
    body = ET.SubElement(opml, "body")
    ET.SubElement(body, "outline", type="rss", text=f"{site_name}: weekly issues",
                  title=f"{site_name}: weekly issues", xmlUrl=f"{site_url}{WEEKLY}.rss.xml", htmlUrl=f"{site_url}weeks/")
    for spec in specs:
        if spec.kind == "author":
            continue
        ET.SubElement(body, "outline", type="rss", text=f"{site_name}: {spec.title}",
                      title=f"{site_name}: {spec.title}", xmlUrl=f"{site_url}{spec.rss}",
                      htmlUrl=f"{site_url}{spec.page}")
    ET.indent(opml)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, encoding="utf-8") + b"\n"
