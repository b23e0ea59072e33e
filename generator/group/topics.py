"""Topic assignment: each paper's embedding against each topic's prototype.

A prototype is the topic's description embedding, pulled towards the papers curators pinned
to it, so that the classifier learns from curation. Pins always win for the pinned paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from generator.models import Paper, Topic


@dataclass(frozen=True)
class TopicSettings:
    threshold: float = 0.35     # below this a topic is not considered at all (seed content: 8 of 206 unsorted)
    margin: float = 0.03        # further topics must be this close to the best one
    max_topics: int = 3
    exemplar_weight: float = 1.0  # weight of the pinned papers' mean against the description


@dataclass(frozen=True)
class TopicAssignment:
    topics: tuple[tuple[str, float], ...]   # (slug, confidence), best first
    pinned: bool = False

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(slug for slug, _ in self.topics)


def topic_text(topic: Topic) -> str:
    return f"{topic.name}: {topic.description}"


def prototypes(topics: Mapping[str, Topic], description_vectors: Mapping[str, np.ndarray],
               papers: list[Paper], paper_vectors: Mapping[str, np.ndarray],
               settings: TopicSettings = TopicSettings()) -> dict[str, np.ndarray]:
    result = {}
    for slug in sorted(topics):
        vector = np.asarray(description_vectors[slug], dtype=np.float64)
        pinned = [paper_vectors[p.id] for p in sorted(papers, key=lambda p: p.id) if slug in p.topics]
        if pinned:
            exemplar = np.mean(pinned, axis=0)
            vector = vector + settings.exemplar_weight * exemplar / np.linalg.norm(exemplar)
        result[slug] = vector / np.linalg.norm(vector)
    return result


def assign_topics(papers: list[Paper], paper_vectors: Mapping[str, np.ndarray],
                  topic_prototypes: Mapping[str, np.ndarray],
                  settings: TopicSettings = TopicSettings()) -> dict[str, TopicAssignment]:
    """paper id -> its topics. An empty assignment means Unsorted."""
    slugs = sorted(topic_prototypes)
    matrix = np.stack([topic_prototypes[s] for s in slugs]) if slugs else np.zeros((0, 1))
    result = {}
    for paper in sorted(papers, key=lambda p: p.id):
        sims = matrix @ np.asarray(paper_vectors[paper.id], dtype=np.float64) if slugs else np.zeros(0)
        scores = {slug: round(float(sim), 4) for slug, sim in zip(slugs, sims)}
        if paper.topics:
            result[paper.id] = TopicAssignment(tuple((s, scores.get(s, 1.0)) for s in paper.topics), pinned=True)
            continue
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        best = ranked[0][1] if ranked else 0.0
        chosen = [(s, v) for s, v in ranked if v >= settings.threshold and v >= best - settings.margin]
        result[paper.id] = TopicAssignment(tuple(chosen[: settings.max_topics]))
    return result


def members(assignments: Mapping[str, TopicAssignment], slugs: list[str]) -> dict[str, tuple[str, ...]]:
    """topic -> paper ids, most confident first (ties by id); papers with no topic are left out."""
    groups: dict[str, list[tuple[float, str]]] = {slug: [] for slug in slugs}
    for paper_id, assignment in assignments.items():
        for slug, confidence in assignment.topics:
            groups.setdefault(slug, []).append((confidence, paper_id))
    return {slug: tuple(pid for _, pid in sorted(items, key=lambda i: (-i[0], i[1])))
            for slug, items in groups.items()}


def unsorted(assignments: Mapping[str, TopicAssignment]) -> tuple[str, ...]:
    return tuple(sorted(pid for pid, a in assignments.items() if not a.topics))
