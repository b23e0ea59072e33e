"""Zero-shot topic scores: each paper's embedding against each topic's description, calibrated
per topic, with what the source says.

Two views of a topic are scored against a paper's embedding:

- its prototype: the embedding of "name: description" (pulled towards the papers curators
  pinned to the topic by `exemplar_weight`, 0 by default: pins teach through the taught model);
- its best phrase: the most similar of its name and the items its description lists
  ("pruning", "low-bit quantization", ...), since one embedding of a long list is blurred.

Raw cosines are not comparable across topics: a broad description ("Foundations of learning")
is close to everything. So each view is calibrated per topic: how many standard deviations a
paper sits above the topic's *background* (the spread floored at the median topic's). The
background is the topic's similarity to a fixed set of reference abstracts shipped with the
package (`reference.py`), so a paper's scores do not depend on the digest's mix (calibrating over
the digest's own papers, still used when a space has no reference vectors, pushed a topic that
holds a third of a real field out of its own papers: issue 21).

Each model embeds papers and topics in its own space (`TopicSpace`); the build scores topics in
two, all-MiniLM-L6-v2's and all-mpnet-base-v2's, and averages their calibrated scores.

The source prior: papers that share an arXiv primary category share a prior over topics,
estimated from the digest itself: how much more common each topic is among them than in the
whole digest (EM over the papers' topic probabilities, smoothed towards uniform; pinned papers
count with their pins). A prior, never a rule: a cs.CL paper about speech still goes to speech.

What descriptions alone cannot do (issue 31): on a real arXiv month, against two blind readers,
they put the reader's first topic first 60% of the time, and some topics swell (Robotics at 4x the
readers' share, 3D vision at 2x) whatever the calibration: the swelling is in the similarities
themselves, not in the per-topic scaling. Examples fix that: see `taught.py`.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from generator.group.topics.settings import TopicSettings
from generator.models import Paper, Topic


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


def views(matrix: np.ndarray, slugs: Sequence[str], topic_prototypes: Mapping[str, np.ndarray],
           phrase_vectors: Mapping[str, np.ndarray] | None, settings: TopicSettings) -> list[np.ndarray]:
    """Raw cosines, papers x topics: to the prototypes, then (if used) to each topic's best phrase."""
    result = [matrix @ np.stack([topic_prototypes[s] for s in slugs]).T]
    if settings.phrase_view and phrase_vectors:
        result.append(np.stack([(matrix @ np.asarray(phrase_vectors[s], dtype=np.float64).T).max(axis=1)
                               for s in slugs], axis=1))
    return result


BACKGROUND_ROUNDS = 3     # a paper's first topic, then the background without it, refined
MIN_BACKGROUND = 5        # fewer papers outside a topic: its background is all papers


def calibrate(view: np.ndarray, first: np.ndarray | None, reference: np.ndarray | None = None) -> np.ndarray:
    """Each topic's similarities centred on its background and scaled by the background's spread,
    floored at the median topic's: a narrow topic most papers are equally far from would otherwise
    turn small differences into large scores. The background is drawn from `reference` (papers x
    topics, the reference papers' view) when given, else from `view` itself: the rows whose first
    topic (`first`, one per row of that matrix) is another, or all rows when `first` is None."""
    pool = view if reference is None else reference
    centre, spread = np.empty(view.shape[1]), np.empty(view.shape[1])
    for j in range(view.shape[1]):
        outside = pool[:, j] if first is None else pool[first != j, j]
        if len(outside) < MIN_BACKGROUND:
            outside = pool[:, j]
        centre[j], spread[j] = outside.mean(), outside.std()
    floor = max(float(np.median(spread)), 1e-9)
    return (view - centre) / np.maximum(spread, floor)


def calibrated_scores(spaces_views: Sequence[Sequence[np.ndarray]], pinned_first: np.ndarray,
                       background: bool, reference_views: Sequence[Sequence[np.ndarray]] | None = None) -> np.ndarray:
    """The views of every space calibrated and averaged. Against the reference papers' views when
    given: each topic's background is the reference papers whose first topic (by the reference
    calibrated over all of itself) is another, so that a topic common in the reference is not
    measured against its own papers. Else, with `background`, each topic's background leaves out
    the digest's papers whose first topic it is (pinned papers: their pin)."""
    if reference_views is not None:
        reference_scores = np.mean([np.mean([calibrate(r, None) for r in refs], axis=0)
                                    for refs in reference_views], axis=0)
        reference_first = reference_scores.argmax(axis=1)
        return np.mean([np.mean([calibrate(v, reference_first, r) for v, r in zip(space, refs)], axis=0)
                        for space, refs in zip(spaces_views, reference_views)], axis=0)

    def averaged(first: np.ndarray | None) -> np.ndarray:
        return np.mean([np.mean([calibrate(v, first) for v in space], axis=0) for space in spaces_views], axis=0)

    scores = averaged(None)
    for _ in range(BACKGROUND_ROUNDS if background else 0):
        scores = averaged(np.where(pinned_first >= 0, pinned_first, scores.argmax(axis=1)))
    return scores


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


PRIOR_ROUNDS = 5


def _mix(scores: np.ndarray, targets: np.ndarray, pinned: np.ndarray, settings: TopicSettings) -> np.ndarray:
    """The topics' shares among these papers: their average topic probability (a pinned paper's:
    its pins) smoothed with `prior_pseudocount` uniform papers, re-estimated with the shares applied
    (the EM of Saerens et al., 2002)."""
    n_topics = scores.shape[1]
    mix = np.full(n_topics, 1.0 / n_topics)
    for _ in range(PRIOR_ROUNDS):
        posterior = softmax(settings.temperature * scores + np.log(mix))
        posterior[pinned] = targets[pinned]
        mix = (posterior.sum(axis=0) + settings.prior_pseudocount / n_topics) / \
            (len(scores) + settings.prior_pseudocount)
    return mix


def source_priors(scores: np.ndarray, groups: Sequence[str | None], targets: np.ndarray,
                  settings: TopicSettings) -> tuple[np.ndarray, np.ndarray | None]:
    """Papers x topics shifts, in calibrated units, times `prior_weight`: (ordering, adding). Both
    are the log of how much more common each topic is among the papers of a source group than in
    a baseline; `ordering` against the whole digest's mix (uniform without
    `prior_against_digest`), `adding` against uniform (the plain base rate, which may only add
    further topics). Papers without a group get no shift; when no paper has one, `adding` is None.

    Ordering against the digest's mix, not against uniform: the similarities over-claim some
    topics for everything (a description listing "segmentation" draws every segmentation paper to
    Medicine), and a group's estimated mix inherits that. Measured against uniform, that error was
    multiplied: on the first 10 arXiv days the share of papers put first in Medicine that name any
    medical term fell from 76% without a prior to 56% (50% at weight 1.5). The digest's mix carries
    the same error, so the ratio cancels it (77%)."""
    if not any(groups):
        return np.zeros_like(scores), None
    ordering, adding = np.zeros_like(scores), np.zeros_like(scores)
    pinned = targets.sum(axis=1) > 0
    uniform = np.full(scores.shape[1], 1.0 / scores.shape[1])
    baseline = _mix(scores, targets, pinned, settings) if settings.prior_against_digest else uniform
    scale = settings.prior_weight / settings.temperature
    for group in sorted({g for g in groups if g}):
        rows = np.array([g == group for g in groups])
        mix = _mix(scores[rows], targets[rows], pinned[rows], settings)
        ordering[rows], adding[rows] = scale * np.log(mix / baseline), scale * np.log(mix / uniform)
    return ordering, adding
