"""Topic assignment: each paper's embedding against each topic, calibrated per topic.

Two views of a topic are scored against a paper's embedding:

- its prototype: the embedding of "name: description", pulled towards the papers curators
  pinned to the topic (so the classifier learns from curation);
- its best phrase: the most similar of its name and the items its description lists
  ("pruning", "low-bit quantization", ...), since one embedding of a long list is blurred.

Raw cosines are not comparable across topics: a broad description ("Foundations of learning")
is close to everything. So each view is calibrated over the digest's papers (a z-score per
topic: how far above that topic's usual similarity a paper is, the spread floored at the
median topic's), and the two are averaged.

Each model embeds papers and topics in its own space (`TopicSpace`); the build scores topics
in two, all-MiniLM-L6-v2's and all-mpnet-base-v2's, and averages their calibrated scores: the
two models err on different papers (benchmarks/topics.py). A topic counts when the paper is
above the topic's average and within `margin` of its best topic. With fewer than
`min_calibration` papers there is nothing to calibrate on, and raw cosines of the first space
with a global threshold are used. Pins always win for the pinned paper.
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
    # Calibrated: further topics within 0.2 standard deviations of the best. On ml-digest dev, with
    # the two models' views averaged, 0.2 places the reader's first topic most often (87.6%) while
    # 86.0% of assigned topics are the reader's; 0.1 gives 85.8 / 88.3, 0.3 gives 88.5 / 82.5.
    margin: float = 0.2
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


@dataclass(frozen=True)
class TopicSpace:
    """One model's view of the topics: the papers' and the taxonomy's embeddings, both from it."""

    paper_vectors: Mapping[str, np.ndarray]
    topic_vectors: TopicVectors


def ensemble_scores(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
                    settings: TopicSettings = TopicSettings()) -> tuple[list[str], np.ndarray, bool]:
    """(slugs, papers x topics scores, calibrated?): each space's calibrated scores, averaged.
    Uncalibrated (too few papers), only the first space counts: raw cosines of different
    models are on different scales."""
    results = []
    for space in spaces:
        protos = prototypes(topics, space.topic_vectors.descriptions, papers, space.paper_vectors, settings)
        results.append(topic_scores(papers, space.paper_vectors, protos, space.topic_vectors.phrases, settings))
    slugs, first, calibrated = results[0]
    if not calibrated:
        return slugs, first, False
    return slugs, np.mean([scores for _, scores, _ in results], axis=0), True


def classify(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
             settings: TopicSettings = TopicSettings()) -> dict[str, TopicAssignment]:
    """paper id -> its topics, from every space's view (pins pull each space's prototypes)."""
    ordered = sorted(papers, key=lambda p: p.id)
    slugs, scores, calibrated = ensemble_scores(ordered, topics, spaces, settings)
    return _assignments(ordered, slugs, scores, calibrated, settings)


def assign_topics(papers: Sequence[Paper], paper_vectors: Mapping[str, np.ndarray],
                  topic_prototypes: Mapping[str, np.ndarray], settings: TopicSettings = TopicSettings(),
                  phrase_vectors: Mapping[str, np.ndarray] | None = None) -> dict[str, TopicAssignment]:
    """paper id -> its topics, from one space with its prototypes given. Empty means Unsorted."""
    ordered = sorted(papers, key=lambda p: p.id)
    slugs, scores, calibrated = topic_scores(ordered, paper_vectors, topic_prototypes, phrase_vectors, settings)
    return _assignments(ordered, slugs, scores, calibrated, settings)


def _assignments(ordered: Sequence[Paper], slugs: Sequence[str], scores: np.ndarray, calibrated: bool,
                 settings: TopicSettings) -> dict[str, TopicAssignment]:
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
