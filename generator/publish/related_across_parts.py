"""Related papers of a digest in parts: each paper's among every paper added no later, whichever
part it is in (generator/group/related.py), not only its own period's.

Within a period alone, a paper of a month's first days had only that day's papers to relate to
(mean cosine of the first related paper 0.59 on a real year's February, against 0.69 among all
earlier papers). A paper's list depends only on the papers added up to its day, so it is kept in
the enrichment cache under a hash of exactly those (`day_fingerprints`): a day's build computes
the new papers' lists and reads the others'. A closed part's stamp takes the hash at its last
day, so a part is built again when an earlier paper its lists may name changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from typing import Collection, Iterable, Mapping

from generator.enrich.cache import EnrichmentCache, cache_key
from generator.group.related import RELATED, related_papers
from generator.models import Enrichment, Paper

Lists = Mapping[str, tuple[tuple[str, float], ...]]


def day_fingerprints(papers: Iterable[Paper]) -> dict[dt.date, str]:
    """Each day a paper was added on -> a hash of every paper added on or before it (its id,
    title and abstract: what a related list and its links are made of)."""
    by_day: dict[dt.date, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_day[paper.added].append(paper)
    running, result = hashlib.sha256(), {}
    for day in sorted(by_day):
        for paper in sorted(by_day[day], key=lambda p: p.id):
            running.update(f"{paper.id}\0{paper.title}\0{paper.abstract}\0".encode())
        result[day] = running.copy().hexdigest()
    return result


class RelatedAcrossParts:
    """The related papers of any of the digest's papers, through the cache."""

    def __init__(self, papers: Collection[Paper], enrichments: Mapping[str, Enrichment], cache: EnrichmentCache,
                 model: str):
        self.papers = {p.id: p for p in papers}
        self.enrichments = enrichments
        self.cache = cache
        self.model = model
        self.fingerprints = day_fingerprints(papers)

    def through(self, day: dt.date) -> str:
        """The hash of every paper added up to `day` (a closed part's last day)."""
        return self.fingerprints[day]

    def lists(self, paper_ids: Collection[str]) -> Lists:
        keys = {pid: cache_key(f"{pid}\0{self.fingerprints[self.papers[pid].added]}", self.model,
                               {"kind": "related", "k": RELATED}) for pid in paper_ids}
        found = {key: _decoded(text) for key, text in self.cache.get_texts(keys.values()).items()}
        missing = sorted(pid for pid in paper_ids if found.get(keys[pid]) is None)
        if missing:
            computed = related_papers({pid: e.embedding for pid, e in self.enrichments.items()}, RELATED,
                                      {pid: p.added for pid, p in self.papers.items()}, rows=missing)
            self.cache.put_texts({keys[pid]: json.dumps(computed[pid]) for pid in missing})
            found.update((keys[pid], computed[pid]) for pid in missing)
        return {pid: found[keys[pid]] for pid in paper_ids}


def elsewhere(lists: Lists, own: Collection[str], papers: Mapping[str, Paper],
              url_of: Mapping[str, str]) -> dict[str, tuple[Paper, str]]:
    """The papers `lists` name that live in another part's site, each with its page's address."""
    wanted = {other for row in lists.values() for other, _ in row} - set(own)
    return {pid: (papers[pid], url_of[pid]) for pid in sorted(wanted)}


def _decoded(text: str) -> tuple[tuple[str, float], ...] | None:
    try:
        return tuple((str(other), float(similarity)) for other, similarity in json.loads(text))
    except (ValueError, TypeError):
        return None         # a damaged row is computed again
