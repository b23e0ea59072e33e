"""Build a digest in parts (generator/publish/parts.py): each closed period's site into
`site/<key>/`, built again only when its stamp changed, and the summaries the root links with."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping, Sequence

from generator.pipeline import Analysis, restrict
from generator.publish.page_cache import PageCache, site_fingerprint
from generator.publish.parts import STAMP_FILE, PartPlan, generator_fingerprint, part_stamp
from generator.publish.related_across_parts import RelatedAcrossParts, elsewhere
from generator.render.site_info import PartLink, SiteInfo, period_label


@dataclass
class PartWork:
    """One closed part: what the root links with, and, when it must be built again, its analysis."""
    link: PartLink
    stamp: str
    analysis: Analysis | None = None           # None: the previous build's folder is reused
    info: SiteInfo | None = None
    live: bool = False                         # neither built nor reused: the live site holds it as it is


@dataclass
class PartsReport:
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    live: list[str] = field(default_factory=list)       # left to the live site (--reuse-parts-from)


def plan_part_work(analysis: Analysis, plan: PartPlan, info: SiteInfo, config_file: Path, theme_hash: str,
                   positions: Mapping[str, tuple[float, float]], previous_site: Path,
                   live_part: Callable[[str], str | None] | None = None,
                   related: RelatedAcrossParts | None = None) -> list[PartWork]:
    """Each closed part, newest first: reused when the previous site holds it with the same stamp,
    left out when `live_part(key)` (the text of the deployed part's `part.json`) has that stamp;
    `related`: related papers across parts (else each part's among its own)."""
    code = generator_fingerprint()
    by_id = {p.id: p for p in analysis.digest.papers}
    topics_of = {pid: a.slugs for pid, a in analysis.grouping.assignments.items()}
    registries = (sorted(analysis.digest.labs.items()), sorted(analysis.digest.topics.items()))
    work = []
    for key in plan.frozen:
        papers = [by_id[i] for i in plan.papers[key]]
        part_info = replace(info, url=f"{info.url}{key}/", home=info.url, papers_prefix="", parts=())
        places = sorted((i, round(positions[i][0], 6), round(positions[i][1], 6)) for i in plan.papers[key])
        enriched = [(pid, analysis.enrichments[pid].keyphrases, analysis.enrichments[pid].highlight)
                    for pid in plan.papers[key]]
        earlier = related.through(max(p.added for p in papers)) if related else None
        stamp = part_stamp(key, papers, topics_of, (registries, places, enriched, earlier),
                           site_fingerprint(config_file, part_info.url) + theme_hash, code)
        previous = read_link(_read(previous_site / key / STAMP_FILE), stamp)
        if previous is not None:
            work.append(PartWork(previous, stamp))
            continue
        deployed = read_link(live_part(key), stamp) if live_part else None
        if deployed is not None:
            work.append(PartWork(deployed, stamp, live=True))
            continue
        part = part_analysis(analysis, plan.papers[key], info.url, plan, related)
        link = PartLink(key, period_label(key), len(papers),
                        {slug: len(ids) for slug, ids in part.grouping.topic_members.items() if ids},
                        {a.slug: len(a.papers) for a in part.grouping.authors.values() if a.has_page})
        work.append(PartWork(link, stamp, part, part_info))
    return work


def part_analysis(analysis: Analysis, paper_ids: Sequence[str], root_url: str, plan: PartPlan,
                  related: RelatedAcrossParts | None) -> Analysis:
    """The analysis a part's site (or the root's current period) is rendered from; with `related`,
    its related papers are among all earlier papers, those in other parts linked by address."""
    if related is None:
        return restrict(analysis, paper_ids)
    lists = related.lists(paper_ids)
    url_of = {pid: f"{root_url}{key}/papers/{pid}/" for key, ids in plan.papers.items() for pid in ids}
    return restrict(analysis, paper_ids, lists, elsewhere(lists, paper_ids, related.papers, url_of))


def read_link(text: str | None, stamp: str) -> PartLink | None:
    """The link a part's `part.json` holds, if it was built from the same stamp."""
    try:
        data = json.loads(text or "")
        if data["stamp"] != stamp:
            return None
        return PartLink(data["key"], period_label(data["key"]), int(data["papers"]), dict(data["topics"]),
                        dict(data["authors"]))
    except (ValueError, KeyError, TypeError):
        return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def stamp_json(part: PartWork) -> str:
    link = part.link
    return json.dumps({"key": link.key, "stamp": part.stamp, "papers": link.papers,
                       "topics": dict(sorted(link.topics.items())), "authors": dict(sorted(link.authors.items()))},
                      indent=1, sort_keys=True) + "\n"


def build_parts(work: list[PartWork], site: Path, previous_site: Path, cache_dir: Path, config_file: Path,
                build_one: Callable[[Analysis, SiteInfo, Path, Path, PageCache], None]) -> PartsReport:
    """Each part to build into `site/<key>/`, by `build_one(analysis, info, docs, part_site,
    page_cache)`, its stamp written last, so that a part cut short is never taken for a whole
    one. The parts to reuse are only listed: `move_reused` moves them in once all else is built."""
    report = PartsReport()
    for part in work:
        target = site / part.link.key
        if part.live:
            report.live.append(part.link.key)
            continue
        if part.analysis is None:
            report.reused.append(part.link.key)
            continue
        with tempfile.TemporaryDirectory(prefix="digest-part-docs-") as docs:
            pages = PageCache(cache_dir / f"pages-part-{part.link.key}.sqlite3",
                              site_fingerprint(config_file, part.info.url))
            build_one(part.analysis, part.info, Path(docs), target, pages)
        (target / STAMP_FILE).write_text(stamp_json(part), encoding="utf-8")
        report.built.append(part.link.key)
    return report


def move_reused(report: PartsReport, previous_site: Path, site: Path) -> None:
    """The reused parts moved from the previous site into the new one: a rename a part, however
    many files it holds, so a day's build does not grow with the parts already published. Done
    last, just before the new site is swapped in, so that a build that fails leaves the previous
    site whole."""
    for key in report.reused:
        os.replace(previous_site / key, site / key)
