"""The site's Markdown pages, rendered from the analysis with Jinja2 templates (package data).

Templates escape by default: every `{{ value }}` passes through `md_text` unless it is
already Markup (made by the filters here, which escape what they embed).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from typing import Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.pipeline import Analysis
from generator.render.escape import html_rich_text, html_text, md_rich_text, md_text
from generator.render.feeds import FeedSpec
from generator.render.forked import Job, render_jobs
from generator.render.paging import PAPERS_PER_PAGE, paginate, paginate_by_age
from generator.render.site_info import MapScope
from generator.render.site_view import SiteInfo, SiteView
from generator.render.stats_view import StatsView
from generator.group.tag_index import OTHER


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
    env.filters["html_rich"] = html_rich_text
    env.filters["yaml"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
    env.filters["date"] = lambda value: Markup(value.isoformat()) if value else Markup("")
    env.filters["month_name"] = lambda key: Markup(_month_name(key))
    env.filters["letter_heading"] = lambda letter: Markup(_letter_heading(letter))
    return env


def render_pages(analysis: Analysis, info: SiteInfo, feeds: list[FeedSpec],
                 map_positions: Mapping[str, tuple[float, float]],
                 map_scope: MapScope | None = None, processes: int = 1) -> dict[str, str | bytes]:
    """docs-relative path -> Markdown text (or the map's data), for every page of the site.
    `map_positions`: every paper's place on the map (generator.group.map_layout); `map_scope`:
    the map's papers when they are more than the site's (the root of a digest in parts);
    `processes`: how many may render the templates (generator/render/forked.py)."""
    env = environment()
    site = SiteView(analysis, info, feeds, map_positions, map_scope)
    jobs: list[Job] = []

    def render(path: str, template: str, **context) -> None:
        root = Markup("../" * path.count("/"))
        jobs.append((path, partial(_render_template, env, template, site=site, root=root, url_root=url_root(path),
                                   info=info, **context)))

    def listing(base: str, items: list, template: str, heading: str, **context) -> None:
        """A list of papers, newest first, paged by age: its older pages never change."""
        for page in paginate_by_age(base, items, PAPERS_PER_PAGE):
            render(page.path, template, page=page, heading=heading, **context)

    render("index.md", "home.md.j2")
    for paper in site.papers:
        render(site.paper_doc(paper), "paper.md.j2", paper=paper)
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
    for letter, authors in site.authors_by_letter.items():          # by name: paged by count
        for page in paginate(f"authors/letter-{letter}", authors, NAMES_PER_PAGE):
            render(page.path, "authors_letter.md.j2", page=page, heading=_letter_heading(letter))
    for author in site.authors:
        listing(f"authors/{author.slug}", site.papers_of(author), "author.md.j2", author.name, author=author)
    render("map.md", "map.md.j2")
    render("stats.md", "stats.md.j2", stats=StatsView(site))
    render("tags/index.md", "tags.md.j2")
    for letter, tag_pages in site.keyphrases.pages.items():     # made once: paper pages link into them
        for page in tag_pages:
            render(page.path, "tags_letter.md.j2", page=page, pages=tag_pages, heading=_letter_heading(letter))
    render("feeds.md", "feeds.md.j2")
    render("search.md", "search.md.j2")
    render("about.md", "about.md.j2")
    pages: dict[str, str | bytes] = dict(render_jobs(jobs, processes))
    pages.update(site.map_files())
    return pages


def _render_template(env: Environment, template: str, **context) -> str:
    return env.get_template(template).render(**context)


def url_root(path: str) -> Markup:
    """From the page at docs `path`, the way up to the site's root by address (raw HTML links are
    not rewritten by MkDocs): with directory URLs, `topics/nerf.md` is `/topics/nerf/`."""
    in_own_folder = path != "index.md" and not path.endswith("/index.md")
    return Markup("../" * (path.count("/") + in_own_folder))


# Index pages list names or phrases, a few hundred bytes each: a page of 500 stays near 100 KB.
NAMES_PER_PAGE = 500


def _month_name(key: str) -> str:
    """'2026-11' -> 'November 2026'."""
    return dt.date.fromisoformat(key + "-01").strftime("%B %Y")


def _letter_heading(letter: str) -> str:
    return "Other" if letter == OTHER else letter.upper()
