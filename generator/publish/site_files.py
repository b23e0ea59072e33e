"""What a site is made of before MkDocs: every page, feed and map file rendered from the analysis,
and, at the root of a digest in parts, the map and the weekly feeds of the whole digest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Mapping

from generator.group.map_layout import MapPaper, layout
from generator.group.weeks import issue_sections, weekly_issues
from generator.pipeline import Analysis
from generator.models import Paper
from generator.publish.parts import period_of
from generator.publish.staging import Reused
from generator.render.feed_keys import FeedKeys
from generator.render.feeds import (FEEDS_SITEMAP, WEEKLY_ITEMS, FeedSpec, feed_specs, issue_html, render_feeds,
                                    render_opml, render_weekly_feeds)
from generator.render.pages import SiteInfo, render_pages
from generator.render.site_info import MapScope


def map_positions(analysis: Analysis, cache_path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Every paper's place on the map, from its embedding (generator/group/map_layout.py)."""
    return layout([MapPaper(p.id, p.added, analysis.enrichments[p.id].embedding) for p in analysis.digest.papers],
                  cache_path)


FEED_KEYS = ".feed-keys.json"      # in the docs tree; MkDocs leaves dot files out of the site


def render_files(analysis: Analysis, info: SiteInfo, positions: Mapping[str, tuple[float, float]] | None = None,
                 map_scope: MapScope | None = None, whole: Analysis | None = None,
                 previous_docs: Path | None = None, processes: int = 1) -> dict[str, str | bytes | Reused]:
    """Every page and feed of a site. `whole`: at the root of a digest in parts, the whole
    digest, whose newest weeks the weekly feed holds (a week that began in a closed part is not
    cut short by it); `map_scope` then says where each paper's page is. `previous_docs`: where
    the last build's tree is (it may not exist), whose feeds are kept where nothing they hold
    changed; the feeds' keys are then written for the next build (`feeds`). `processes`: how many
    may render the pages (generator/render/forked.py)."""
    specs = feed_specs(analysis, info.url)
    if positions is None:
        positions = map_positions(analysis)
    files: dict[str, str | bytes | Reused] = dict(render_pages(analysis, info, specs, positions, map_scope,
                                                                               processes))

    def highlight_of(paper) -> str:
        return analysis.enrichments[paper.id].highlight

    files.update(feeds(specs, info, analysis.topics_of, highlight_of, previous_docs))
    files.update(weekly_feeds(whole or analysis, info, map_scope.prefixes if map_scope else None))
    files["feeds.opml"] = render_opml(specs, info.name, info.url)
    files[FEEDS_SITEMAP[0]] = FEEDS_SITEMAP[1]
    return files


def feeds(specs: list[FeedSpec], info: SiteInfo, topics_of: Callable[[Paper], list],
          highlight_of: Callable[[Paper], str], previous_docs: Path | None) -> dict[str, bytes | Reused]:
    """Every spec's RSS and Atom files, and their keys (generator/render/feed_keys.py) in FEED_KEYS.
    A feed whose key is the one `previous_docs` holds it under is that tree's file, not rendered:
    a day changes the feeds of its papers' authors, topics and labs, not the thousands of others."""
    if previous_docs is None:
        return render_feeds(specs, info.name, info.url, topics_of, highlight_of, info.papers_prefix)
    keys = FeedKeys(info.name, info.url, info.papers_prefix, topics_of, highlight_of)
    known = _feed_keys(previous_docs)
    files: dict[str, bytes | Reused] = {}
    written: dict[str, str] = {}
    fresh = []
    for spec in specs:
        key = written[spec.rss] = written[spec.atom] = keys.key(spec)
        kept = [previous_docs / path for path in (spec.rss, spec.atom) if known.get(path) == key]
        if len(kept) == 2 and all(path.is_file() for path in kept):
            files[spec.rss], files[spec.atom] = Reused(kept[0]), Reused(kept[1])
        else:
            fresh.append(spec)
    files.update(render_feeds(fresh, info.name, info.url, topics_of, highlight_of, info.papers_prefix))
    files[FEED_KEYS] = json.dumps(written, sort_keys=True, indent=0).encode()
    return files


def _feed_keys(docs: Path) -> dict[str, str]:
    """The keys the last build wrote; none when it wrote none or the file does not read as them."""
    try:
        known = json.loads((docs / FEED_KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


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
