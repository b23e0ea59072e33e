"""What a site is made of before MkDocs: every page, feed and map file rendered from the analysis,
and, at the root of a digest in parts, the map and the weekly feeds of the whole digest."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from generator.group.map_layout import MapPaper, layout
from generator.group.weeks import issue_sections, weekly_issues
from generator.pipeline import Analysis
from generator.publish.parts import period_of
from generator.render.feeds import (FEEDS_SITEMAP, WEEKLY_ITEMS, feed_specs, issue_html, render_feeds,
                                    render_opml, render_weekly_feeds)
from generator.render.pages import SiteInfo, render_pages
from generator.render.site_info import MapScope


def map_positions(analysis: Analysis, cache_path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Every paper's place on the map, from its embedding (generator/group/map_layout.py)."""
    return layout([MapPaper(p.id, p.added, analysis.enrichments[p.id].embedding) for p in analysis.digest.papers],
                  cache_path)


def render_files(analysis: Analysis, info: SiteInfo, positions: Mapping[str, tuple[float, float]] | None = None,
                 map_scope: MapScope | None = None, whole: Analysis | None = None) -> dict[str, str | bytes]:
    """Every page and feed of a site. `whole`: at the root of a digest in parts, the whole
    digest, whose newest weeks the weekly feed holds (a week that began in a closed part is not
    cut short by it); `map_scope` then says where each paper's page is."""
    specs = feed_specs(analysis, info.url)
    if positions is None:
        positions = map_positions(analysis)
    files: dict[str, str | bytes] = dict(render_pages(analysis, info, specs, positions, map_scope))

    def highlight_of(paper) -> str:
        return analysis.enrichments[paper.id].highlight

    files.update(render_feeds(specs, info.name, info.url, analysis.topics_of, highlight_of, info.papers_prefix))
    files.update(weekly_feeds(whole or analysis, info, map_scope.prefixes if map_scope else None))
    files["feeds.opml"] = render_opml(specs, info.name, info.url)
    files[FEEDS_SITEMAP[0]] = FEEDS_SITEMAP[1]
    return files


def weekly_feeds(source: Analysis, info: SiteInfo, prefixes: Mapping[str, str] | None) -> dict[str, bytes]:
    """The weekly feeds of `source`'s newest issues; with `prefixes` (paper id -> the folder of its
    page), an issue's page is the root's when its newest paper is of the current period, else
    its part's."""
    issues = weekly_issues(source.digest.papers)[:WEEKLY_ITEMS]

    def folder(issue) -> str:
        own = prefixes[issue.papers[0].id] if prefixes else ""
        return "" if own == info.papers_prefix else own

    def highlight_of(paper) -> str:
        return source.enrichments[paper.id].highlight

    def html_of(issue) -> str:
        sections = issue_sections(issue, source.grouping.assignments, source.digest.topics)
        return issue_html(issue, sections, info.url, highlight_of, prefixes or info.papers_prefix, folder(issue))

    return render_weekly_feeds(issues, info.name, info.url, html_of, folder)


def whole_map(analysis: Analysis, scheme: str) -> MapScope:
    """The root of a digest in parts maps every paper, each linked into its part."""
    first = {pid: (a.slugs[0] if a.slugs else None) for pid, a in analysis.grouping.assignments.items()}
    folders = {p.id: f"{period_of(p.added, scheme)}/" for p in analysis.digest.papers}
    return MapScope(analysis.digest.papers, first, folders)
