"""Scores become topics: the zero-shot scores, the source prior and what examples taught, then
the rule that picks a paper's topics from them.

Taught (at least one topic with `min_taught` examples): the first topic is the likeliest by the
taught model mixed with the untaught topics' zero-shot probabilities; a further taught topic
counts when its one-vs-rest model says it holds (`holds`), a further untaught one when its own
zero-shot evidence is `strong`. Described only: a topic counts when the paper is above the topic's
background and within `margin` of its best topic, or when its own evidence (all but the source
prior) is `strong`; further topics may come from the prior against uniform (`prior_adds_topics`).
Without reference vectors and with fewer than `min_calibration` papers there is nothing to
calibrate on, and raw cosines of the first space with a global threshold are used.

`confidence` is the probability of a paper's first topic, which `digest topics review` sorts by.
Pins always win for the pinned paper.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np

import generator.group.topics.taught as teach
from generator.group.topics.fitted import FittedModels
from generator.group.topics.settings import TopicSettings
from generator.group.topics.spaces import TopicSpace
from generator.group.topics.zero_shot import (MIN_BACKGROUND, calibrated_scores, prototypes, softmax, source_priors,
                                              views)
from generator.models import Exemplar, Paper, Topic


@dataclass(frozen=True)
class TopicAssignment:
    # (slug, score), best first; the score is the topic's probability when topics are taught,
    # else calibrated units (raw cosines when uncalibrated)
    topics: tuple[tuple[str, float], ...]
    pinned: bool = False
    confidence: float = 1.0                 # probability of the first topic (1 when pinned)
    alternative: tuple[str, float] | None = None   # the likeliest topic not assigned, its probability

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(slug for slug, _ in self.topics)


@dataclass(frozen=True)
class TopicScores:
    slugs: list[str]
    scores: np.ndarray          # papers x topics: calibrated units when calibrated, else raw cosines
    probabilities: np.ndarray   # papers x topics; a row sums to 1, or less when described only: the
    #                             rest is "no topic fits" (TopicSettings.none_outcome)
    calibrated: bool
    evidence: np.ndarray        # the scores without the source prior: what the paper itself says
    further: np.ndarray | None  # the scores further topics may also come from (see prior_adds_topics)
    taught: np.ndarray | None = None   # topics x bool: taught by examples (None: none is)
    holds: np.ndarray | None = None    # papers x topics: P(topic holds), NaN where no model


RAW_TEMPERATURE = 30.0    # raw cosines: 0.03 apart is about one unit of log-odds


def score_topics(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
                 settings: TopicSettings = TopicSettings(), exemplars: Sequence[Exemplar] = (),
                 store: FittedModels | None = None) -> TopicScores:
    """Every space's calibrated views averaged, plus the source prior and what the pins and
    `exemplars` teach (as `settings` asks), for `papers` in the given order; the models fitted
    to the examples come from `store` when it holds them."""
    slugs = sorted(topics)
    if not slugs or not papers:
        empty = np.zeros((len(papers), len(slugs)))
        return TopicScores(slugs, empty, empty, False, empty, None)
    if exemplars and any(s.exemplar_vectors is None or len(s.exemplar_vectors) != len(exemplars) for s in spaces):
        raise ValueError("the topic spaces were built for other exemplars")
    kept = [i for i, e in enumerate(exemplars) if e.topics[0] in topics]   # taught what they are mainly about
    exemplars = [exemplars[i] for i in kept]
    spaces = [replace(s, exemplar_vectors=np.asarray(s.exemplar_vectors)[kept]) if kept else s for s in spaces]
    n = len(papers)
    with_reference = settings.reference and all(
        s.reference_vectors is not None and len(s.reference_vectors) >= MIN_BACKGROUND for s in spaces)
    matrices = [_rows(space, papers, exemplars) for space in spaces]
    spaces_views, reference_views = _all_views(matrices, papers, topics, spaces, settings, with_reference)
    # Against the reference a digest of any size is calibrated; over its own papers it needs some.
    if not (settings.calibrated and (with_reference or n >= settings.min_calibration)):
        raw = np.mean(spaces_views[0], axis=0)[:n]   # raw cosines of different models are on different scales
        fits_from = settings.fallback_threshold if settings.none_outcome else None
        return TopicScores(slugs, raw, _described_probabilities(raw, RAW_TEMPERATURE, fits_from), False, raw, None)
    first_targets = teach.example_targets(papers, exemplars, slugs, True, settings.pin_weight)
    labelled_first = np.where(first_targets.sum(axis=1) > 0, first_targets.argmax(axis=1), -1)
    evidence = calibrated_scores(spaces_views, labelled_first, settings.background,
                                 reference_views if with_reference else None)
    groups = [p.categories[0] if p.categories else None for p in papers]
    prior, adding = (source_priors(evidence[:n], groups, teach.example_targets(papers, (), slugs), settings)
                     if settings.source_prior else (np.zeros((n, len(slugs))), None))
    prior = np.vstack([prior, np.zeros((len(exemplars), len(slugs)))])
    features = teach.example_features(matrices)
    taught = teach.taught_topics(first_targets, settings) if settings.taught else np.zeros(len(slugs), bool)
    # the strong rule is read for untaught topics only
    within = _within_digest(spaces_views, labelled_first, n, settings) if with_reference and not taught.all() else None
    if taught.any():
        also = teach.new_topic_parents(features, first_targets, n, [e.topics for e in exemplars], slugs)
        return _taught_scores(slugs, evidence, prior, features, first_targets, taught,
                              teach.example_targets(papers, exemplars, slugs, False, settings.pin_weight), settings, n,
                              also, store, within)
    if settings.pin_model:
        targets = first_targets if settings.pin_first_topic else teach.example_targets(papers, exemplars, slugs)
        adjustment = teach.pin_adjustment(features, evidence + prior, targets, settings.pin_l2,
                                          settings.temperature, store=store)
        evidence = evidence + adjustment
        within = None if within is None else within + adjustment[:n]
    evidence, prior = evidence[:n], prior[:n]
    scores = evidence + prior
    further = evidence + adding if settings.prior_adds_topics and adding is not None else None
    return TopicScores(slugs, scores, described_probabilities(scores, settings), True, _capped(evidence, within),
                       further)


def _within_digest(spaces_views: Sequence[Sequence[np.ndarray]], first: np.ndarray, n: int,
                   settings: TopicSettings) -> np.ndarray | None:
    """The papers' evidence against the digest's own papers of other topics (None: not used).

    A further topic's `strong` rule reads the evidence against the reference capped by this. In a
    digest of one field with a taxonomy of siblings (manipulation, locomotion, imitation learning),
    every paper is far above the broad reference for every sibling, so the reference alone made
    nearly every paper strong for all of them (a robotics digest got 2.1 topics a paper at 36%
    precision against two blind readers); among the digest's papers only those that stand out
    from their neighbours are. In a digest of a broad mix the two backgrounds are alike."""
    if not settings.strong_within_digest or n < settings.min_calibration:
        return None
    return calibrated_scores([[view[:n] for view in space] for space in spaces_views], first[:n], True)


def _capped(evidence: np.ndarray, within: np.ndarray | None) -> np.ndarray:
    return evidence if within is None else np.minimum(evidence, within)


def described_probabilities(scores: np.ndarray, settings: TopicSettings) -> np.ndarray:
    """The calibrated scores of topics described only, as probabilities (see `none_outcome`)."""
    if not settings.none_outcome:
        return softmax(settings.temperature * scores)
    return _described_probabilities(scores, settings.described_temperature, settings.threshold + settings.none_offset)


def _described_probabilities(scores: np.ndarray, temperature: float, fits_from: float | None) -> np.ndarray:
    """Each topic's probability of being the paper's first, beside "no topic fits" scored at
    `fits_from`: a paper that fits no topic well is unsure of all. None: a softmax over the
    topics alone."""
    if fits_from is None:
        return softmax(temperature * scores)
    return softmax(temperature * np.hstack([scores, np.full((len(scores), 1), fits_from)]))[:, :-1]


def _rows(space: TopicSpace, papers: Sequence[Paper], exemplars: Sequence[Exemplar]) -> np.ndarray:
    """The space's vectors of the papers, then of the exemplars: one matrix that both the views
    and the taught models' features are made from."""
    matrix = np.stack([np.asarray(space.paper_vectors[p.id], dtype=np.float64) for p in papers])
    return np.vstack([matrix, np.asarray(space.exemplar_vectors, dtype=np.float64)]) if exemplars else matrix


def _all_views(matrices: Sequence[np.ndarray], papers: Sequence[Paper], topics: Mapping[str, Topic],
               spaces: Sequence[TopicSpace], settings: TopicSettings,
               with_reference: bool) -> tuple[list[list[np.ndarray]], list[list[np.ndarray]]]:
    """Each space's raw views of its rows (`matrices`), and of the reference."""
    slugs = sorted(topics)
    spaces_views, reference_views = [], []
    for matrix, space in zip(matrices, spaces):
        protos = prototypes(topics, space.topic_vectors.descriptions, papers, space.paper_vectors, settings)
        spaces_views.append(views(matrix, slugs, protos, space.topic_vectors.phrases, settings))
        if with_reference:
            reference_views.append(views(np.asarray(space.reference_vectors, dtype=np.float64), slugs, protos,
                                         space.topic_vectors.phrases, settings))
    return spaces_views, reference_views


def _taught_scores(slugs: list[str], evidence: np.ndarray, prior: np.ndarray, features: np.ndarray,
                   first_targets: np.ndarray, taught: np.ndarray, all_targets: np.ndarray,
                   settings: TopicSettings, n: int, also: np.ndarray | None = None,
                   store: FittedModels | None = None, within: np.ndarray | None = None) -> TopicScores:
    """Rows 0..n-1 are the papers, the rest exemplars (which only teach); `also`: partial labels
    (see `taught.new_topic_parents`); `within`: see `_within_digest`."""
    offset = settings.taught_offset * evidence
    learnt = offset + teach.pin_adjustment(features, offset, first_targets, settings.taught_l2, settings.temperature,
                                           also, store)
    zero_shot = softmax(settings.temperature * (evidence + prior))
    probabilities = teach.mix_untaught(softmax(settings.temperature * learnt), zero_shot, taught)[:n]
    holds = teach.holds(features, all_targets, settings, also, store)[:n]
    return TopicScores(slugs, probabilities, probabilities, True, _capped(evidence[:n], within), None, taught, holds)


def choose(scores: np.ndarray, slugs: Sequence[str], threshold: float, margin: float, max_topics: int,
           evidence: np.ndarray | None = None, strong: float = float("inf"),
           further: np.ndarray | None = None) -> tuple[tuple[str, float], ...]:
    """The topics at or above `threshold` and within `margin` of the best, and those whose own
    `evidence` reaches `strong`, best first; then those the same rule picks from `further`; at
    most `max_topics`."""
    def picked(values: np.ndarray, own: np.ndarray) -> list[tuple[str, float]]:
        ranked = sorted(((slug, round(float(v), 4), float(e)) for slug, v, e in zip(slugs, values, own)),
                        key=lambda i: (-i[1], i[0]))
        best = ranked[0][1] if ranked else 0.0
        return [(s, v) for s, v, e in ranked if (v >= threshold and v >= best - margin) or e >= strong]

    own = scores if evidence is None else evidence
    chosen = picked(scores, own)
    if further is not None:
        by_slug = dict(zip(slugs, scores))
        taken = {s for s, _ in chosen}
        chosen += [(s, round(float(by_slug[s]), 4)) for s, _ in picked(further, own) if s not in taken]
    return tuple(chosen[:max_topics])


def choose_taught(probability: np.ndarray, holds: np.ndarray, evidence: np.ndarray, taught: np.ndarray,
                  slugs: Sequence[str], settings: TopicSettings) -> tuple[tuple[str, float], ...]:
    """The likeliest topic, then the taught topics that hold (at least `holds`) and the untaught
    ones whose own evidence is `strong`, surest first; at most `max_topics`. Each with a
    probability: the first topic's, then how likely each further topic holds (its one-vs-rest
    model's; an untaught one's own probability), which topic pages order by and `topics report`
    shows."""
    first = int(np.argmax(probability))
    sure = np.where(taught, np.nan_to_num(holds, nan=0.0), np.where(evidence >= settings.strong, 1.0, 0.0))
    further = [j for j in np.argsort(-sure, kind="stable")
               if j != first and (sure[j] >= settings.holds if taught[j] else sure[j] > 0)]
    shown = [(first, probability[first]),
             *((j, sure[j] if taught[j] else probability[j]) for j in further)][:settings.max_topics]
    return tuple((slugs[j], round(float(p), 4)) for j, p in shown)


def classify(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
             settings: TopicSettings = TopicSettings(), exemplars: Sequence[Exemplar] = (),
             store: FittedModels | None = None) -> dict[str, TopicAssignment]:
    """paper id -> its topics, from every space's view, the papers' sources, the pins and the
    exemplars (the models fitted to them from `store` when it holds them)."""
    ordered = sorted(papers, key=lambda p: p.id)
    return assignments(ordered, score_topics(ordered, topics, spaces, settings, exemplars, store), settings)


def assignments(ordered: Sequence[Paper], result: TopicScores, settings: TopicSettings) -> dict[str, TopicAssignment]:
    slugs = result.slugs
    threshold, margin = ((settings.threshold, settings.margin) if result.calibrated or not settings.calibrated
                         else (settings.fallback_threshold, settings.fallback_margin))
    strong = settings.strong if result.calibrated else float("inf")    # in calibrated units only
    chosen_by: dict[str, TopicAssignment] = {}
    for i, (paper, row, own, probability) in enumerate(zip(ordered, result.scores, result.evidence,
                                                           result.probabilities)):
        if paper.topics:
            by_slug = dict(zip(slugs, row))
            chosen_by[paper.id] = TopicAssignment(
                tuple((s, round(float(by_slug.get(s, 0.0)), 4)) for s in paper.topics), pinned=True)
            continue
        if result.taught is not None:
            chosen = choose_taught(probability, result.holds[i], own, result.taught, slugs, settings)
        else:
            chosen = choose(row, slugs, threshold, margin, settings.max_topics, own, strong,
                            result.further[i] if result.further is not None else None)
        chosen_by[paper.id] = TopicAssignment(chosen, confidence=_confidence(chosen, slugs, probability),
                                              alternative=_alternative(chosen, slugs, probability))
    return chosen_by


def _confidence(chosen: tuple[tuple[str, float], ...], slugs: Sequence[str], probability: np.ndarray) -> float:
    """The probability of the first topic; 0 for an Unsorted paper, which always wants review."""
    return round(float(probability[list(slugs).index(chosen[0][0])]), 4) if chosen else 0.0


def _alternative(chosen: tuple[tuple[str, float], ...], slugs: Sequence[str],
                 probability: np.ndarray) -> tuple[str, float] | None:
    taken = {slug for slug, _ in chosen}
    rest = sorted((-float(p), slug) for slug, p in zip(slugs, probability) if slug not in taken)
    return (rest[0][1], round(-rest[0][0], 4)) if rest else None


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
