"""What the page templates ask about the digest (`SiteView`), computed once a build: papers by
id and month, topics', labs' and authors' papers, the keyphrase index's pages, the weekly issues'
sections, the map's data and the stats page's charts."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cached_property
from typing import Iterable, Mapping
from urllib.parse import quote, urlencode

from markupsafe import Markup
from markupsafe import escape as html_escape

from generator.group.authors import Author, author_identity
from generator.group.tag_index import OTHER, letter_of
from generator.group.weeks import Issue, IssueSection, issue_sections, weekly_issues
from generator.models import Paper, newest_first
from generator.pipeline import Analysis
from generator.render import charts
from generator.render.bibtex import bibtex_entry
from generator.render.citation import PAPER_LINK_KINDS, citation_meta
from generator.render.escape import html_text, plain_text
from generator.render.feeds import ISSUE_SECTION_SHOWN, WEEKLY, FeedSpec, author_line
from generator.render.map_data import CHUNK, dense_core, points_file, title_files
from generator.render.keyphrase_pages import KeyphraseIndex
from generator.render.site_info import MapScope, PartLink, SiteInfo


def _by_letter(items: Iterable, letter) -> dict[str, list]:
    """letter -> items in their order, letters a-z then 'other'."""
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        groups[letter(item)].append(item)
    return dict(sorted(groups.items(), key=lambda i: (i[0] == OTHER, i[0])))


def _sort_name(name: str) -> tuple[str, str]:
    """Authors sort by surname, then the rest: 'Sun, Xinglong'."""
    words = name.split()
    return ((words[-1] if words else "").casefold(), name.casefold())


class SiteView:
    """What templates ask about the digest, computed once."""

    LIST_AUTHORS = 5              # authors named in a list of papers before "and N more"
    PAGE_AUTHORS = 10             # on a paper page, before the full list folded beneath
    COAUTHORS_SHOWN = 30
    HOME_SECTION_SHOWN = 3        # papers per topic of the latest issue on the home page
    HOME_LABS_SHOWN = 10
    # Papers per topic on an issue's page and in its feed item; the rest on the topic's page of the
    # week, which exists only past this many (the feed item links it).
    WEEK_SECTION_SHOWN = ISSUE_SECTION_SHOWN
    TAG_PAPERS_SHOWN = 10
    MAP_CHUNK = CHUNK
    WEEKLY_RSS = WEEKLY + ".rss.xml"
    WEEKLY_ATOM = WEEKLY + ".atom.xml"

    def __init__(self, analysis: Analysis, info: SiteInfo, feeds: list[FeedSpec],
                 map_positions: Mapping[str, tuple[float, float]], map_scope: MapScope | None = None):
        if analysis.grouping.topics_only:
            raise ValueError("a digest grouped by topics only is regrouped (pipeline.restrict) before it is rendered")
        self.analysis = analysis
        self.map_positions = map_positions
        self.map_scope = map_scope
        self.digest = analysis.digest
        self.grouping = analysis.grouping
        self.info = info
        self.papers = sorted(self.digest.papers, key=lambda p: p.id)
        self.by_id = {p.id: p for p in self.papers}
        self.newest_first = newest_first(self.papers)
        self.first_added = min((p.added for p in self.papers), default=None)
        self.last_added = max((p.added for p in self.papers), default=None)
        by_month: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.newest_first:
            by_month[paper.added.strftime("%Y-%m")].append(paper)
        self.by_month = dict(by_month)
        self.months = sorted(self.by_month, reverse=True)
        self.feeds = feeds
        self._feeds_by_kind: dict[tuple[str, str | None], FeedSpec] = {}
        for spec in feeds:                 # asked for on every page: a scan of 5,000 feeds cost 2 s a build
            self._feeds_by_kind.setdefault((spec.kind, spec.slug), spec)
        self.issues = weekly_issues(self.papers)
        self.colours = charts.topic_colours(list(self.digest.topics))
        self._sections: dict[str, list[IssueSection]] = {}
        self.author_count = len(self.grouping.authors)
        self.authors = sorted((a for a in self.grouping.authors.values() if a.has_page),
                              key=lambda a: (_sort_name(a.name), a.slug))
        self.authors_by_letter = _by_letter(self.authors, lambda a: letter_of(_sort_name(a.name)[0]))
        self.keyphrases = KeyphraseIndex({p.id: self.tags_of(p) for p in self.papers},
                                         [p.id for p in self.newest_first])

    def highlight(self, paper: Paper) -> str:
        return self.analysis.enrichments[paper.id].highlight

    def paper_doc(self, paper: Paper) -> str:
        """The paper page's path in the docs tree (links are made from it)."""
        return f"{self.info.papers_prefix}papers/{paper.id}.md"

    def paper_path(self, paper: Paper) -> str:     # the page's address below the site's (pages' `url_root`)
        return f"{self.info.papers_prefix}papers/{paper.id}/"

    def paper_url(self, paper: Paper) -> str:
        return f"{self.info.url}{self.paper_path(paper)}"

    def earlier_topic_parts(self, slug: str) -> list[tuple[PartLink, str]]:
        """The closed parts with papers in a topic, each with the address of its topic page there."""
        return [(part, f"{self.info.part_url(part)}topics/{slug}/") for part in self.info.parts
                if part.topics.get(slug)]

    def earlier_author_parts(self, author: Author) -> list[tuple[PartLink, str]]:
        return [(part, f"{self.info.part_url(part)}authors/{author.slug}/") for part in self.info.parts
                if part.authors.get(author.slug)]

    def author(self, name: str) -> Author:
        return self.grouping.authors[author_identity(name)]

    def papers_of(self, author: Author) -> list[Paper]:
        return [self.by_id[i] for i in author.papers]

    def coauthors(self, author: Author) -> tuple[list[tuple[Author, int]], int]:
        """The most frequent co-authors (at most COAUTHORS_SHOWN), and how many more there are."""
        counts = Counter(self.author(name).key for pid in author.papers for name in dict.fromkeys(self.by_id[pid].authors))
        counts.pop(author.key, None)
        ranked = sorted(counts.items(), key=lambda i: (-i[1], self.grouping.authors[i[0]].name))
        shown = [(self.grouping.authors[k], n) for k, n in ranked[:self.COAUTHORS_SHOWN]]
        return shown, len(ranked) - len(shown)

    def papers_by_ids(self, ids: Iterable[str]) -> list[Paper]:
        return [self.by_id[i] for i in ids]

    def tag_links(self, paper: Paper, root: str) -> list[tuple[str, str | None]]:
        """The paper's keyphrases as it spells them, each with its place in the keyphrase index when
        others share it (grouping.PaperTags: the index's names change as papers arrive)."""
        own = self.grouping.tag_spellings.get(paper.id, {})
        hrefs = ((own.get(tag, tag), self.keyphrases.href(tag)) for tag in self.tags_of(paper))
        return [(tag, f"{root}{href}" if href else None) for tag, href in hrefs]

    @staticmethod
    def search_href(query: str, url_root: str) -> str:
        """A link to /search/ with a query, from a page at `url_root` (pages.url_root)."""
        return f"{url_root}search/?q={quote(query)}"

    def section_link(self, issue: Issue, section: IssueSection) -> str:
        """From the home page: a section of an issue, on its own page when the issue page shows only part of it."""
        if len(section.papers) > self.WEEK_SECTION_SHOWN:
            return f"weeks/{issue.slug}/{section.key}.md"
        return f"weeks/{issue.slug}.md#{section.key}"

    def labs_by_size(self) -> list:
        return sorted(self.digest.labs.values(), key=lambda lab: (-len(self.grouping.labs[lab.slug].papers), lab.name))

    @staticmethod
    def has_paper_link(paper: Paper) -> bool:
        return any(paper.link(kind) for kind in PAPER_LINK_KINDS)

    @staticmethod
    def title_search(paper: Paper, where: str) -> str:
        title = " ".join(paper.title.split())
        if where == "arxiv":
            return "https://arxiv.org/search/?" + urlencode({"query": title, "searchtype": "title"})
        return "https://scholar.google.com/scholar?" + urlencode({"q": f'"{title}"'})

    def citation_meta(self, paper: Paper) -> list[list[str]]:
        return citation_meta(paper, self.info.name, self.paper_url(paper), self.highlight(paper))

    def author_labs(self, author: Author) -> list[tuple]:
        counts = Counter(s for pid in author.papers for s in self.by_id[pid].all_labs)
        return [(self.digest.labs[s], n) for s, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def author_topics(self, author: Author) -> list[tuple]:
        counts = Counter(s for pid in author.papers for s in self.grouping.assignments[pid].slugs)
        return [(self.digest.topics[s], n) for s, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def first_topic(self, paper_id: str) -> str | None:
        slugs = self.grouping.assignments[paper_id].slugs
        return slugs[0] if slugs else None

    @cached_property
    def map_papers(self) -> list[Paper]:
        return list(self.map_scope.papers) if self.map_scope else self.papers

    @cached_property
    def map_order(self) -> list[str]:
        """The map's papers in the order they were added (a new day changes only the last title file)."""
        return [p.id for p in sorted(self.map_papers, key=lambda p: (p.added, p.id))]

    def map_first_topic(self, paper_id: str) -> str | None:
        return self.map_scope.first_topics[paper_id] if self.map_scope else self.first_topic(paper_id)

    def map_files(self) -> dict[str, bytes | str]:
        """map/points.bin and map/papers-K.json (generator/render/map_data.py)."""
        order = self.map_order
        index = {slug: i for i, (slug, _) in enumerate(self.topics_by_name())}
        titles = {p.id: plain_text(p.title) + (" (title derived)" if p.title_derived else "") for p in self.map_papers}
        files: dict[str, bytes | str] = {"map/points.bin": points_file(
            order, self.map_positions, {pid: index[self.map_first_topic(pid)] for pid in order})}
        prefixes = self.map_scope.prefixes if self.map_scope else None
        files.update({f"map/{name}": text for name, text in title_files(order, titles, prefixes).items()})
        return files

    def map_topics_json(self) -> Markup:
        """map_topics as JSON for an HTML attribute."""
        return Markup(html_escape(json.dumps(self.map_topics, ensure_ascii=False, separators=(",", ":"))))

    @cached_property
    def map_topics(self) -> list[dict]:
        """The map's topics in legend order (Unsorted last): slug, name, colour, papers with it
        first, and where its label goes (its papers' densest spot), for digest-map.js."""
        members: dict[str | None, list[tuple[float, float]]] = defaultdict(list)
        for pid in self.map_order:
            members[self.map_first_topic(pid)].append(self.map_positions[pid])
        return [{"slug": slug or "unsorted", "name": name, "colour": self.colours[slug],
                 "count": len(members[slug]), "label": list(dense_core(members[slug])) if members[slug] else None}
                for slug, name in self.topics_by_name()]

    def topics_by_name(self) -> list[tuple[str | None, str]]:
        """(slug, name) of every topic by name, then (None, 'Unsorted'): the order of legends and series."""
        return [(s, t.name) for s, t in sorted(self.digest.topics.items(), key=lambda i: i[1].name)] + [
            (None, "Unsorted")]

    def issue_sections(self, issue: Issue) -> list[IssueSection]:
        """Asked for by the render loop, the issue's page and the home page: computed once an issue."""
        if issue.slug not in self._sections:
            self._sections[issue.slug] = issue_sections(issue, self.grouping.assignments, self.digest.topics)
        return self._sections[issue.slug]

    def topic_papers(self, slug: str) -> list[Paper]:
        return newest_first(self.by_id[i] for i in self.grouping.topic_members.get(slug, ()))

    def unsorted_papers(self) -> list[Paper]:
        return [self.by_id[i] for i in self.grouping.unsorted]

    def lab_papers(self, slug: str, inferred: bool = False) -> list[Paper]:
        group = self.grouping.labs[slug]
        ids = group.inferred if inferred else group.given
        return newest_first(self.by_id[i] for i in ids)

    def without_lab(self) -> list[Paper]:
        return [self.by_id[i] for i in self.grouping.without_lab]

    def topics_of(self, paper: Paper) -> list:
        return self.analysis.topics_of(paper)

    def lab_topics(self, slug: str) -> list[tuple]:
        counts = Counter(s for pid in self.grouping.labs[slug].papers
                         for s in self.grouping.assignments[pid].slugs)
        return [(self.digest.topics[s], n) for s, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def keyphrase_counts(self, ids: Iterable[str], n: int = 10) -> list[tuple[str, int]]:
        """The n tags most used by these papers, with how many use each (ties alphabetical)."""
        counts = Counter(tag for pid in ids for tag in self.grouping.tags[pid])
        return sorted(counts.items(), key=lambda i: (-i[1], i[0]))[:n]

    def top_keyphrases(self, ids: Iterable[str], n: int = 10) -> list[str]:
        return [tag for tag, _ in self.keyphrase_counts(ids, n)]

    def tags_of(self, paper: Paper) -> list[str]:
        return list(self.grouping.tags[paper.id])

    def related(self, paper: Paper) -> list[tuple[Paper, float]]:
        """Its related papers, those in another part's site too (`Analysis.elsewhere`)."""
        elsewhere = self.analysis.elsewhere
        return [(self.by_id[i] if i in self.by_id else elsewhere[i][0], s)
                for i, s in self.grouping.related.get(paper.id, ()) if i in self.by_id or i in elsewhere]

    def related_href(self, other: Paper, url_root: str) -> str:
        """A related paper's page from a page at `url_root`: relative here, its address in another part's."""
        return f"{url_root}{self.paper_path(other)}" if other.id in self.by_id else self.analysis.elsewhere[other.id][1]

    def bibtex(self, paper: Paper) -> Markup:
        return html_text(bibtex_entry(paper))

    def search_fields(self, paper: Paper) -> dict:
        """What Pagefind files a paper page under: filters for the search page's facets and
        meta for the result list (rendered as data-pagefind-filter/meta by overrides/main.html)."""
        topics = [t.name for t in self.topics_of(paper)] or ["Unsorted"]
        authors = author_line(paper, limit=self.PAGE_AUTHORS)
        has_code = paper.link("code") is not None
        return {"kind": "paper",
                "filters": {"topic": topics, "lab": [self.digest.labs[s].name for s in paper.all_labs],
                            "added": [str(paper.added.year)], "code": ["yes" if has_code else "no"]},
                "meta": {"authors": authors, "topics": " · ".join(topics)}}

    def feed(self, kind: str, slug: str | None = None) -> FeedSpec:
        return self._feeds_by_kind[(kind, slug)]

    @staticmethod
    def page_title(text: str, limit: int | None = None) -> Markup:
        """A front-matter title or description (the first `limit` characters): plain text, LaTeX
        and all (a browser tab, a search engine and a link preview show it as is), HTML-escaped,
        then JSON-quoted for YAML."""
        return Markup(json.dumps(str(html_text(plain_text(text)[:limit].rstrip())), ensure_ascii=False))
