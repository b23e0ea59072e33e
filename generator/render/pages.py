"""The site's Markdown pages, rendered from the analysis with Jinja2 templates (package data).

Templates escape by default: every `{{ value }}` passes through `md_text` unless it is
already Markup (made by the filters here, which escape what they embed).
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote, urlencode
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as html_escape

from generator.models import Paper, newest_first
from generator.pipeline import Analysis
from generator.group.authors import Author, author_identity
from generator.group.weeks import Issue, IssueSection, issue_sections, weekly_issues
from generator.render import charts
from generator.render.bibtex import bibtex_entry
from generator.render.map_data import CHUNK, dense_core, points_file, title_files
from generator.render.citation import PAPER_LINK_KINDS, citation_meta
from generator.render.escape import html_text, md_rich_text, md_text, plain_text
from generator.render.feeds import ISSUE_SECTION_SHOWN, WEEKLY, FeedSpec, author_line
from generator.render.paging import PAPERS_PER_PAGE, paginate
from generator.group.tag_index import OTHER, letter_of, phrase_key, tag_index



@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str               # site_url, ending in '/'
    description: str


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator.render", "templates"), finalize=_finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["rich"] = md_rich_text
    env.filters["html"] = html_text
    env.filters["yaml"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    env.filters["date"] = lambda value: Markup(value.isoformat()) if value else Markup("")
    env.filters["month_name"] = lambda key: Markup(_month_name(key))
    env.filters["letter_heading"] = lambda letter: Markup(_letter_heading(letter))
    return env


def render_pages(analysis: Analysis, info: SiteInfo, feeds: list[FeedSpec],
                 map_positions: Mapping[str, tuple[float, float]]) -> dict[str, str | bytes]:
    """docs-relative path -> Markdown text (or the map's data), for every page of the site.
    `map_positions`: every paper's place on the map (generator.group.map_layout)."""
    env = environment()
    site = _SiteView(analysis, info, feeds, map_positions)
    pages: dict[str, str | bytes] = {}

    def render(path: str, template: str, **context) -> None:
        root = Markup("../" * path.count("/"))
        pages[path] = env.get_template(template).render(site=site, root=root, info=info, **context)

    def listing(base: str, items: list, template: str, heading: str, per_page: int = PAPERS_PER_PAGE,
                **context) -> None:
        for page in paginate(base, items, per_page):
            render(page.path, template, page=page, heading=heading, **context)

    render("index.md", "home.md.j2")
    for paper in site.papers:
        render(f"papers/{paper.id}.md", "paper.md.j2", paper=paper)
    render("topics/index.md", "topics.md.j2")
    for slug, topic in analysis.digest.topics.items():
        listing(f"topics/{slug}", site.topic_papers(slug), "topic.md.j2", topic.name, topic=topic)
    listing("topics/unsorted", site.unsorted_papers(), "unsorted.md.j2", "Unsorted")
    render("labs/index.md", "labs.md.j2")
    for slug, lab in analysis.digest.labs.items():
        listing(f"labs/{slug}", site.lab_papers(slug), "lab.md.j2", lab.name, lab=lab, inferred=False)
        if site.grouping.labs[slug].inferred:
            listing(f"labs/{slug}/inferred", site.lab_papers(slug, inferred=True), "lab.md.j2",
                    f"{lab.name}: inferred from co-authors", lab=lab, inferred=True)
    listing("labs/without-lab", site.without_lab(), "without_lab.md.j2", "Without a lab")
    render("archive/index.md", "archive.md.j2")
    for month in site.months:
        listing(f"archive/{month}", site.by_month[month], "month.md.j2", "Added in " + _month_name(month))
    render("weeks/index.md", "weeks.md.j2")
    for index, issue in enumerate(site.issues):
        newer = site.issues[index - 1] if index > 0 else None
        older = site.issues[index + 1] if index + 1 < len(site.issues) else None
        render(f"weeks/{issue.slug}.md", "week.md.j2", issue=issue, newer=newer, older=older)
        for section in site.issue_sections(issue):
            if len(section.papers) > site.WEEK_SECTION_SHOWN:
                listing(f"weeks/{issue.slug}/{section.key}", section.papers, "week_topic.md.j2",
                        f"{section.name}, {issue.title}", issue=issue, section=section)
    render("authors/index.md", "authors.md.j2")
    for letter, authors in site.authors_by_letter.items():
        listing(f"authors/letter-{letter}", authors, "authors_letter.md.j2", _letter_heading(letter),
                per_page=NAMES_PER_PAGE)
    for author in site.authors:
        listing(f"authors/{author.slug}", site.papers_of(author), "author.md.j2", author.name, author=author)
    render("map.md", "map.md.j2")
    pages.update(site.map_files())
    render("stats.md", "stats.md.j2")
    render("tags/index.md", "tags.md.j2")
    for letter, tag_pages in site.tag_pages.items():           # paginated once: paper pages link into them
        for page in tag_pages:
            render(page.path, "tags_letter.md.j2", page=page, heading=_letter_heading(letter))
    render("feeds.md", "feeds.md.j2")
    render("search.md", "search.md.j2")
    render("about.md", "about.md.j2")
    return pages


# Index pages list names or phrases, a few hundred bytes each: a page of 500 stays near 100 KB.
NAMES_PER_PAGE = 500
PHRASES_PER_PAGE = 150


def _every_month(keys: list[str]) -> list[str]:
    """Every "YYYY-MM" from the first of `keys` to the last, those between included."""
    if not keys:
        return []
    year, month = map(int, keys[0].split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= keys[-1]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_name(key: str) -> str:
    """'2026-11' -> 'November 2026'."""
    return dt.date.fromisoformat(key + "-01").strftime("%B %Y")


def _letter_heading(letter: str) -> str:
    return "Other" if letter == OTHER else letter.upper()


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


class _SiteView:
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
                 map_positions: Mapping[str, tuple[float, float]]):
        self.analysis = analysis
        self.map_positions = map_positions
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
        self.issues = weekly_issues(self.papers)
        self.colours = charts.topic_colours(list(self.digest.topics))
        self._sections: dict[str, list[IssueSection]] = {}
        self.author_count = len(self.grouping.authors)
        self.authors = sorted((a for a in self.grouping.authors.values() if a.has_page),
                              key=lambda a: (_sort_name(a.name), a.slug))
        self.authors_by_letter = _by_letter(self.authors, lambda a: letter_of(_sort_name(a.name)[0]))
        self.tags_by_letter = tag_index({p.id: self.tags_of(p) for p in self.papers}, [p.id for p in self.newest_first])
        self.tag_count = sum(len(phrases) for phrases in self.tags_by_letter.values())
        self.tag_pages = {letter: paginate(f"tags/letter-{letter}", phrases, PHRASES_PER_PAGE)
                          for letter, phrases in self.tags_by_letter.items()}
        self._tag_hrefs = {phrase_key(entry.phrase): f"{page.path}#{entry.anchor}"
                           for pages in self.tag_pages.values() for page in pages for entry in page.items}

    def highlight(self, paper: Paper) -> str:
        return self.analysis.enrichments[paper.id].highlight

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
        """The paper's keyphrases, each with its place in the keyphrase index when others share it."""
        hrefs = ((tag, self._tag_hrefs.get(phrase_key(tag))) for tag in self.tags_of(paper))
        return [(tag, f"{root}{href}" if href else None) for tag, href in hrefs]

    @staticmethod
    def search_href(query: str, root: str) -> str:
        """A link to /search/ with a query, from a page at docs depth `root` (not an index page)."""
        return f"{root}../search/?q={quote(query)}"

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
        return citation_meta(paper, self.info.name, f"{self.info.url}papers/{paper.id}/", self.highlight(paper))

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
    def map_order(self) -> list[str]:
        """The map's papers in the order they were added (a new day changes only the last title file)."""
        return [p.id for p in sorted(self.papers, key=lambda p: (p.added, p.id))]

    def map_files(self) -> dict[str, bytes | str]:
        """map/points.bin and map/papers-K.json (generator/render/map_data.py)."""
        order = self.map_order
        index = {slug: i for i, (slug, _) in enumerate(self._topics_by_name())}
        titles = {p.id: plain_text(p.title) + (" (title derived)" if p.title_derived else "") for p in self.papers}
        files: dict[str, bytes | str] = {"map/points.bin": points_file(
            order, self.map_positions, {pid: index[self.first_topic(pid)] for pid in order})}
        files.update({f"map/{name}": text for name, text in title_files(order, titles).items()})
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
            members[self.first_topic(pid)].append(self.map_positions[pid])
        return [{"slug": slug or "unsorted", "name": name, "colour": self.colours[slug],
                 "count": len(members[slug]), "label": list(dense_core(members[slug])) if members[slug] else None}
                for slug, name in self._topics_by_name()]

    def _topics_by_name(self) -> list[tuple[str | None, str]]:
        """(slug, name) of every topic by name, then (None, 'Unsorted'): the order of legends and series."""
        return [(s, t.name) for s, t in sorted(self.digest.topics.items(), key=lambda i: i[1].name)] + [
            (None, "Unsorted")]

    def _first_topic_series(self, groups: list[Iterable[str]]) -> dict[str, tuple[str | None, list[int]]]:
        """topic name -> (slug, how many papers of each group have it first); empty topics left out."""
        counted = [Counter(self.first_topic(pid) for pid in ids) for ids in groups]
        series = {}
        for slug, name in self._topics_by_name():
            values = [counts[slug] for counts in counted]
            if any(values):
                series[name] = (slug, values)
        return series

    def _stacked_chart(self, categories: list[str], series: dict[str, tuple[str | None, list[int]]], title: str,
                       description: str, horizontal: bool = False) -> Markup:
        return Markup(charts.stacked_bar_chart(categories, {n: v for n, (_, v) in series.items()},
                                               {n: self.colours[s] for n, (s, _) in series.items()},
                                               title, description, horizontal=horizontal))

    def stats_topics(self) -> tuple[Markup, list[tuple[str, int]]]:
        rows = sorted(((t.name, len(self.grouping.topic_members.get(s, ())), s) for s, t in self.digest.topics.items()),
                      key=lambda r: (-r[1], r[0]))
        rows.append(("Unsorted", len(self.grouping.unsorted), None))
        svg = charts.bar_chart([r[0] for r in rows], [r[1] for r in rows], [self.colours[r[2]] for r in rows],
                               "Papers per topic", "How many papers each topic holds; a paper can be in up to three.")
        return Markup(svg), [(name, count) for name, count, _ in rows]

    def stats_months(self) -> tuple[Markup, list[str], list[tuple[str, list[int]]]]:
        months = _every_month(sorted(self.by_month))      # months with no additions shown as such
        series = self._first_topic_series([[p.id for p in self.by_month.get(m, ())] for m in months])
        svg = self._stacked_chart(months, series, "Papers added per month, by first topic",
                                  "Each bar is a month of additions, stacked by each paper's first topic.")
        return svg, months, [(n, v) for n, (_, v) in series.items()]

    def stats_labs(self) -> tuple[Markup, list[tuple[str, int, list[tuple[str, int]]]]]:
        labs = sorted(self.digest.labs.values(), key=lambda lab: (-len(self.grouping.labs[lab.slug].given), lab.name))
        series = self._first_topic_series([self.grouping.labs[lab.slug].given for lab in labs])
        svg = self._stacked_chart([lab.name for lab in labs], series, "Papers per lab, by first topic",
                                  "Each bar is a lab's papers (the labs their files name), stacked by first topic.",
                                  horizontal=True)
        rows = [(lab.name, len(self.grouping.labs[lab.slug].given),
                 [(n, v[i]) for n, (_, v) in series.items() if v[i]]) for i, lab in enumerate(labs)]
        return svg, rows

    def stats_keyphrases(self, n: int = 5) -> list[tuple[str, list[tuple[str, int]]]]:
        rows = [(topic.name, self.keyphrase_counts(self.grouping.topic_members.get(slug, ()), n))
                for slug, topic in sorted(self.digest.topics.items(), key=lambda i: i[1].name)]
        return [(name, counts) for name, counts in rows if counts]

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
        return [(self.by_id[i], s) for i, s in self.grouping.related.get(paper.id, ())]

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
        return next(f for f in self.feeds if f.kind == kind and f.slug == slug)

    @staticmethod
    def page_title(text: str, limit: int | None = None) -> Markup:
        """A front-matter title or description (the first `limit` characters): plain text, LaTeX
        and all (a browser tab, a search engine and a link preview show it as is), HTML-escaped,
        then JSON-quoted for YAML."""
        return Markup(json.dumps(str(html_text(plain_text(text)[:limit].rstrip())), ensure_ascii=False))
