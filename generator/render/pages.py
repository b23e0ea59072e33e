"""The site's Markdown pages, rendered from the analysis with Jinja2 templates (package data).

Templates escape by default: every `{{ value }}` passes through `md_text` unless it is
already Markup (made by the filters here, which escape what they embed).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.models import Paper, newest_first
from generator.pipeline import Analysis
from generator.group.authors import Author, author_identity
from generator.group.weeks import Issue, issue_sections, weekly_issues
from generator.group.projection import project
from generator.render import charts
from generator.render.bibtex import bibtex_entry
from generator.render.escape import html_text, md_rich_text, md_text
from generator.render.feeds import FeedSpec



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
    env.filters["month_name"] = lambda key: Markup(dt.date.fromisoformat(key + "-01").strftime("%B %Y"))
    return env


def render_pages(analysis: Analysis, info: SiteInfo, about: str, feeds: list[FeedSpec]) -> dict[str, str]:
    """docs-relative path -> Markdown text, for every page of the site."""
    env = environment()
    site = _SiteView(analysis, info, feeds)
    pages: dict[str, str] = {}

    def render(path: str, template: str, **context) -> None:
        root = Markup("../" * path.count("/"))
        pages[path] = env.get_template(template).render(site=site, root=root, info=info, **context)

    render("index.md", "home.md.j2")
    for paper in site.papers:
        render(f"papers/{paper.id}.md", "paper.md.j2", paper=paper)
    render("topics/index.md", "topics.md.j2")
    for slug in analysis.digest.topics:
        render(f"topics/{slug}.md", "topic.md.j2", topic=analysis.digest.topics[slug])
    render("topics/unsorted.md", "unsorted.md.j2")
    render("labs/index.md", "labs.md.j2")
    for slug in analysis.digest.labs:
        render(f"labs/{slug}.md", "lab.md.j2", lab=analysis.digest.labs[slug])
    render("labs/without-lab.md", "without_lab.md.j2")
    render("archive/index.md", "archive.md.j2")
    for month in site.months:
        render(f"archive/{month}.md", "month.md.j2", month=month)
    render("weeks/index.md", "weeks.md.j2")
    for index, issue in enumerate(site.issues):
        newer = site.issues[index - 1] if index > 0 else None
        older = site.issues[index + 1] if index + 1 < len(site.issues) else None
        render(f"weeks/{issue.slug}.md", "week.md.j2", issue=issue, newer=newer, older=older)
    render("authors/index.md", "authors.md.j2")
    for author in site.authors:
        render(f"authors/{author.slug}.md", "author.md.j2", author=author)
    render("map.md", "map.md.j2")
    render("stats.md", "stats.md.j2")
    render("tags.md", "tags.md.j2")
    render("feeds.md", "feeds.md.j2")
    render("search.md", "search.md.j2")
    pages["about.md"] = about
    return pages


def _sort_name(name: str) -> tuple[str, str]:
    """Authors sort by surname, then the rest: 'Sun, Xinglong'."""
    words = name.split()
    return ((words[-1] if words else "").casefold(), name.casefold())


class _SiteView:
    """What templates ask about the digest, computed once."""

    def __init__(self, analysis: Analysis, info: SiteInfo, feeds: list[FeedSpec]):
        self.analysis = analysis
        self.digest = analysis.digest
        self.grouping = analysis.grouping
        self.info = info
        self.papers = sorted(self.digest.papers, key=lambda p: p.id)
        self.by_id = {p.id: p for p in self.papers}
        self.newest_first = newest_first(self.papers)
        by_month: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.newest_first:
            by_month[paper.added.strftime("%Y-%m")].append(paper)
        self.by_month = dict(by_month)
        self.months = sorted(self.by_month, reverse=True)
        self.feeds = feeds
        self.issues = weekly_issues(self.papers)
        self.colours = charts.topic_colours(list(self.digest.topics))
        self.authors = sorted(self.grouping.authors.values(), key=lambda a: (_sort_name(a.name), a.slug))

    def highlight(self, paper: Paper) -> str:
        return self.analysis.enrichments[paper.id].highlight

    def author(self, name: str) -> Author:
        return self.grouping.authors[author_identity(name)]

    def papers_of(self, author: Author) -> list[Paper]:
        return [self.by_id[i] for i in author.papers]

    def coauthors(self, author: Author) -> list[tuple[Author, int]]:
        counts = Counter(self.author(name).key for pid in author.papers for name in dict.fromkeys(self.by_id[pid].authors))
        counts.pop(author.key, None)
        return [(self.grouping.authors[k], n) for k, n in sorted(counts.items(),
                                                                 key=lambda i: (-i[1], self.grouping.authors[i[0]].name))]

    def author_labs(self, author: Author) -> list[tuple]:
        counts = Counter(s for pid in author.papers for s in self.by_id[pid].all_labs)
        return [(self.digest.labs[s], n) for s, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def author_topics(self, author: Author) -> list[tuple]:
        counts = Counter(s for pid in author.papers for s in self.grouping.assignments[pid].slugs)
        return [(self.digest.topics[s], n) for s, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]

    def first_topic(self, paper_id: str) -> str | None:
        slugs = self.grouping.assignments[paper_id].slugs
        return slugs[0] if slugs else None

    def map_svg(self, root: str) -> Markup:
        points = project({pid: e.embedding for pid, e in self.analysis.enrichments.items()})
        return Markup(charts.map_svg(points, {p.id: p.title for p in self.papers},
                                     {p.id: self.first_topic(p.id) for p in self.papers},
                                     {s: t.name for s, t in self.digest.topics.items()},
                                     self.colours, f"{root}papers/"))

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

    def map_legend(self) -> list[tuple[str, str, int]]:
        counts = Counter(self.first_topic(p.id) for p in self.papers)
        return [(name, self.colours[slug], counts[slug]) for slug, name in self._topics_by_name() if counts[slug]]

    def stats_topics(self) -> tuple[Markup, list[tuple[str, int]]]:
        rows = sorted(((t.name, len(self.grouping.topic_members.get(s, ())), s) for s, t in self.digest.topics.items()),
                      key=lambda r: (-r[1], r[0]))
        rows.append(("Unsorted", len(self.grouping.unsorted), None))
        svg = charts.bar_chart([r[0] for r in rows], [r[1] for r in rows], [self.colours[r[2]] for r in rows],
                               "Papers per topic", "How many papers each topic holds; a paper can be in up to three.")
        return Markup(svg), [(name, count) for name, count, _ in rows]

    def stats_months(self) -> tuple[Markup, list[str], list[tuple[str, list[int]]]]:
        months = sorted(self.by_month)
        series = self._first_topic_series([[p.id for p in self.by_month[m]] for m in months])
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

    def issue_sections(self, issue: Issue) -> list[tuple[str, str | None, list[Paper]]]:
        return issue_sections(issue, self.grouping.assignments, self.digest.topics)

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
        return list(dict.fromkeys([*paper.tags, *self.grouping.tags[paper.id]]))

    def related(self, paper: Paper) -> list[tuple[Paper, float]]:
        return [(self.by_id[i], s) for i, s in self.grouping.related.get(paper.id, ())]

    def bibtex(self, paper: Paper) -> Markup:
        return html_text(bibtex_entry(paper))

    def search_fields(self, paper: Paper) -> dict:
        """What Pagefind files a paper page under: filters for the search page's facets and
        meta for the result list (rendered as data-pagefind-filter/meta by overrides/main.html)."""
        topics = [t.name for t in self.topics_of(paper)] or ["Unsorted"]
        authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
        has_code = any(kind.split("-")[0] == "code" for kind in paper.links)
        return {"kind": "paper",
                "filters": {"topic": topics, "lab": [self.digest.labs[s].name for s in paper.all_labs],
                            "added": [str(paper.added.year)], "code": ["yes" if has_code else "no"]},
                "meta": {"authors": authors, "topics": " · ".join(topics)}}

    def feed(self, kind: str, slug: str | None = None) -> FeedSpec:
        return next(f for f in self.feeds if f.kind == kind and f.slug == slug)

    def page_title(self, text: str) -> Markup:
        """A front-matter title: HTML-escaped, then JSON-quoted for YAML."""
        return Markup(json.dumps(str(html_text(" ".join(text.split()))), ensure_ascii=False))
