"""Where one more pin would teach the classifier most: `digest topics review`.

A pin pulls its topic's prototype towards the pinned paper, which can move other papers in or
out of the topic. For each paper the classifier is least sure of (the smallest lead of its best
topic over the next), pinning it to either of its two best topics is tried, and the papers whose
topics would change are counted. The papers with the largest count are where a curator's minute
matters most.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np

from generator.group.topics import TopicSettings, TopicSpace, classify, ensemble_scores
from generator.models import Paper, Topic

CANDIDATES = 60      # papers tried: the least sure ones (bounds the cost on large digests)


@dataclass(frozen=True)
class PinImpact:
    paper_id: str
    current: tuple[str, ...]
    pin: str                       # the topic whose pin moves most papers
    changed: tuple[str, ...]       # the other papers whose topics would change


def pin_impacts(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
                settings: TopicSettings = TopicSettings(), limit: int = 10) -> list[PinImpact]:
    ordered = sorted(papers, key=lambda p: p.id)

    def assign(current: Sequence[Paper]) -> dict[str, tuple[str, ...]]:
        return {pid: a.slugs for pid, a in classify(current, topics, spaces, settings).items()}

    base = assign(ordered)
    slugs, scores, _ = ensemble_scores(ordered, topics, spaces, settings)
    if len(slugs) < 2:
        return []
    top_two = np.sort(scores, axis=1)[:, -2:]
    lead = top_two[:, 1] - top_two[:, 0]
    unsure = [i for i in np.argsort(lead, kind="stable") if not ordered[i].topics][:CANDIDATES]
    impacts = []
    for index in unsure:
        paper = ordered[index]
        best_two = [slugs[j] for j in np.argsort(-scores[index], kind="stable")[:2]]
        options = []
        for slug in best_two:
            pinned = [replace(p, topics=(slug,)) if p.id == paper.id else p for p in ordered]
            after = assign(pinned)
            changed = tuple(pid for pid in base if pid != paper.id and after[pid] != base[pid])
            options.append((len(changed), slug, changed))
        count, slug, changed = max(options, key=lambda o: (o[0], o[1] == best_two[0]))
        impacts.append(PinImpact(paper.id, base[paper.id], slug, changed))
    impacts.sort(key=lambda i: (-len(i.changed), i.paper_id))
    return impacts[:limit]
