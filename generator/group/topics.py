"""Topic assignment: each paper's embedding against each topic, calibrated per topic.

Two views of a topic are scored against a paper's embedding:

- its prototype: the embedding of "name: description", pulled towards the papers curators
  pinned to the topic (so the classifier learns from curation);
- its best phrase: the most similar of its name and the items its description lists
  ("pruning", "low-bit quantization", ...), since one embedding of a long list is blurred.

Raw cosines are not comparable across topics: a broad description ("Foundations of learning")
is close to everything. So each view is calibrated over the digest's papers (a z-score per
topic: how far above that topic's usual similarity a paper is, the spread floored at the
median topic's), and the two are averaged. A
topic counts when the paper is above the topic's average and within `margin` of its best
topic. With fewer than `min_calibration` papers there is nothing to calibrate on, and raw
cosines with a global threshold are used. Pins always win for the pinned paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from generator.models import Paper, Topic


@dataclass(frozen=True)
class TopicSettings:
    calibrated: bool = True       # per-topic z-scores over the digest; False: raw cosines
    phrase_view: bool = True      # also score the topic's best single phrase
    threshold: float = 0.0        # calibrated: at or above the topic's average similarity
    # Calibrated: further topics within 0.1 standard deviations of the best. On ml-digest dev
    # margins 0.1 and 0.2 place the reader's first topic equally often (84.1%) but 0.1 adds fewer
    # topics a reader would not give (precision 87.7% against 84.7%; 1.08 topics a paper).
    margin: float = 0.1
    max_topics: int = 3
    exemplar_weight: float = 1.0  # weight of the pinned papers' mean against the description
    min_calibration: int = 20     # fewer papers than this: raw cosines with the fallback rule
    fallback_threshold: float = 0.35
    fallback_margin: float = 0.03


# The rule before issue 11, kept for the benchmark: raw cosines to the description prototype,
# one global threshold and margin.
BEFORE_ISSUE_11 = TopicSettings(calibrated=False, phrase_view=False, threshold=0.35, margin=0.03)


@dataclass(frozen=True)
class TopicAssignment:
    topics: tuple[tuple[str, float], ...]   # (slug, score), best first; calibrated units when calibrated
    pinned: bool = False

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(slug for slug, _ in self.topics)


def topic_text(topic: Topic) -> str:
    return f"{topic.name}: {topic.description}"


_LIST_SEPARATORS = re.compile(r"[,;:]|\.\s|\b(?:and|or|such as|including|with|through|from|like|e\.g\.)\b",
                              re.IGNORECASE)


def topic_phrases(topic: Topic) -> list[str]:
    """The topic's name and the items its description lists, each a short phrase."""
    items = (" ".join(part.split()).strip(" .()") for part in _LIST_SEPARATORS.split(topic.description))
    return list(dict.fromkeys([topic.name.strip(), *(item for item in items if item)]))


def topic_texts(topics: Mapping[str, Topic]) -> list[str]:
    """Every text the classifier embeds for a taxonomy: descriptions, then phrases."""
    texts = [topic_text(t) for _, t in sorted(topics.items())]
    texts += [p for _, t in sorted(topics.items()) for p in topic_phrases(t)]
    return list(dict.fromkeys(texts))


@dataclass(frozen=True)
class TopicVectors:
    """A taxonomy embedded: each topic's description vector and its phrases' vectors."""

    descriptions: Mapping[str, np.ndarray]
    phrases: Mapping[str, np.ndarray]          # slug -> (phrases, dim)

    @classmethod
    def from_texts(cls, topics: Mapping[str, Topic], vectors: Mapping[str, np.ndarray]) -> "TopicVectors":
        return cls({slug: vectors[topic_text(t)] for slug, t in topics.items()},
                   {slug: np.stack([vectors[p] for p in topic_phrases(t)]) for slug, t in topics.items()})


def prototypes(topics: Mapping[str, Topic], description_vectors: Mapping[str, np.ndarray],
               papers: Sequence[Paper], paper_vectors: Mapping[str, np.ndarray],
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


def topic_scores(papers: Sequence[Paper], paper_vectors: Mapping[str, np.ndarray],
                 topic_prototypes: Mapping[str, np.ndarray], phrase_vectors: Mapping[str, np.ndarray] | None,
                 settings: TopicSettings = TopicSettings()) -> tuple[list[str], np.ndarray, bool]:
    """(slugs, papers x topics scores, calibrated?) for `papers` in the given order."""
    slugs = sorted(topic_prototypes)
    if not slugs or not papers:
        return slugs, np.zeros((len(papers), len(slugs))), False
    matrix = np.stack([np.asarray(paper_vectors[p.id], dtype=np.float64) for p in papers])
    views = [matrix @ np.stack([topic_prototypes[s] for s in slugs]).T]
    if settings.phrase_view and phrase_vectors:
        views.append(np.stack([(matrix @ np.asarray(phrase_vectors[s], dtype=np.float64).T).max(axis=1)
                               for s in slugs], axis=1))
    calibrated = settings.calibrated and len(papers) >= settings.min_calibration
    if not calibrated:
        return slugs, np.mean(views, axis=0), False
    return slugs, np.mean([_zscores(view) for view in views], axis=0), True


def _zscores(view: np.ndarray) -> np.ndarray:
    """Each topic's similarities centred on its mean over the papers and scaled by its spread,
    the spread floored at the median topic's: a narrow topic most papers are equally far from
    would otherwise turn small differences into large scores."""
    spread = view.std(axis=0)
    floor = max(float(np.median(spread)), 1e-9)
    return (view - view.mean(axis=0)) / np.maximum(spread, floor)


def choose(scores: np.ndarray, slugs: Sequence[str], threshold: float, margin: float,
           max_topics: int) -> tuple[tuple[str, float], ...]:
    ranked = sorted(((slug, round(float(v), 4)) for slug, v in zip(slugs, scores)), key=lambda i: (-i[1], i[0]))
    best = ranked[0][1] if ranked else 0.0
    return tuple([(s, v) for s, v in ranked if v >= threshold and v >= best - margin][:max_topics])


def assign_topics(papers: Sequence[Paper], paper_vectors: Mapping[str, np.ndarray],
                  topic_prototypes: Mapping[str, np.ndarray], settings: TopicSettings = TopicSettings(),
                  phrase_vectors: Mapping[str, np.ndarray] | None = None) -> dict[str, TopicAssignment]:
    """paper id -> its topics. An empty assignment means Unsorted."""
    ordered = sorted(papers, key=lambda p: p.id)
    slugs, scores, calibrated = topic_scores(ordered, paper_vectors, topic_prototypes, phrase_vectors, settings)
    threshold, margin = ((settings.threshold, settings.margin) if calibrated or not settings.calibrated
                         else (settings.fallback_threshold, settings.fallback_margin))
    result = {}
    for paper, row in zip(ordered, scores):
        if paper.topics:
            by_slug = dict(zip(slugs, row))
            result[paper.id] = TopicAssignment(
                tuple((s, round(float(by_slug.get(s, 0.0)), 4)) for s in paper.topics), pinned=True)
        else:
            result[paper.id] = TopicAssignment(choose(row, slugs, threshold, margin, settings.max_topics))
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
