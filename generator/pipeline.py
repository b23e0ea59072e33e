"""Load, enrich and group: everything a report or a build needs before rendering."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Collection, Mapping

from generator.curation.loader import load_content
from generator.curation.parse_cache import ParseCache
from generator.enrich.cache import EnrichmentCache
from generator.enrich.embedder import Embedder
from generator.enrich.pipeline import EnrichSettings, EnrichStats, enrich_digest, shared_embedder
from generator.group.grouping import Grouping, group, regroup
from generator.group.topics import FittedModels, TopicSettings, TopicSpace, topic_spaces
from generator.models import Digest, Enrichment, Paper, Topic
from generator.problems import CurationError, Problem


@dataclass(frozen=True)
class Analysis:
    digest: Digest
    enrichments: Mapping[str, Enrichment]
    grouping: Grouping
    topic_spaces: tuple[TopicSpace, ...]        # the main model's first
    skipped: tuple[Problem, ...] = ()           # the errors of papers left out (see `analyse`)
    # papers the site links to that live in another part's site (related papers): id -> the
    # paper and its page's address
    elsewhere: Mapping[str, tuple[Paper, str]] = field(default_factory=dict)

    def topics_of(self, paper: Paper) -> list[Topic]:
        return [self.digest.topics[slug] for slug in self.grouping.assignments[paper.id].slugs]


def analyse(content: Path, cache: EnrichmentCache, *, settings: EnrichSettings = EnrichSettings(),
            topic_settings: TopicSettings = TopicSettings(),
            embedder_factory: Callable[[], Embedder] | None = None,
            progress: Callable[[int, int], None] | None = None,
            stats: EnrichStats | None = None,
            topic_embedders: Mapping[str, Callable[[], Embedder]] | None = None,
            strict: bool = False, topics_only: bool = False) -> Analysis:
    """A paper file with errors is left out, its errors in `skipped`: one bad paper does not stop
    the digest. Raises CurationError for errors outside paper files (the registries), and with
    `strict` for any error. `embedder_factory` is the main model's embedder, `topic_embedders`
    the topic models' (model -> factory); each is made when missing."""
    # the paper files parsed in an earlier run are not parsed again (the cache import keeps)
    loaded = load_content(content, skip_invalid=not strict,
                          parse_cache=ParseCache.beside(cache.path))
    if loaded.digest is None:
        raise CurationError(loaded.errors)
    digest = loaded.digest
    embedder = shared_embedder(settings, embedder_factory)      # papers and topics share one model
    enrichments = enrich_digest(digest, cache, settings=settings, embedder_factory=embedder,
                                progress=progress, stats=stats)
    spaces = topic_spaces(digest, enrichments, cache, settings, embedder, topic_embedders)
    fitted = FittedModels(cache.path.with_name("topic-models.sqlite3"))     # beside the cache, like the pages'
    grouping = group(digest, enrichments, spaces, topic_settings, fitted, topics_only=topics_only)
    return Analysis(digest, enrichments, grouping, spaces, loaded.errors)


def restrict(analysis: Analysis, paper_ids: Collection[str],
             related: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
             elsewhere: Mapping[str, tuple[Paper, str]] | None = None) -> Analysis:
    """The analysis of some of the digest's papers, as a site of their own shows them (a part of
    the digest, generator/publish/parts.py): grouped among themselves, topics as the whole
    digest's classifier gave them (the whole may be grouped by topics only); `related` and
    `elsewhere`: their related papers when taken from the whole digest, and where those of other
    parts live."""
    wanted = set(paper_ids)
    digest = replace(analysis.digest, papers=tuple(p for p in analysis.digest.papers if p.id in wanted))
    enrichments = {pid: e for pid, e in analysis.enrichments.items() if pid in wanted}
    return replace(analysis, digest=digest, enrichments=enrichments,
                   grouping=regroup(analysis.grouping, digest, enrichments, related), elsewhere=elsewhere or {})
