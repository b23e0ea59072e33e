"""Topic assignment: each paper's embedding against each topic, calibrated per topic, with
what the source says and what the curator pinned.

Two views of a topic are scored against a paper's embedding:

- its prototype: the embedding of "name: description" (pulled towards the papers curators
  pinned to the topic by `exemplar_weight`, 0 by default: pins teach through the pin model);
- its best phrase: the most similar of its name and the items its description lists
  ("pruning", "low-bit quantization", ...), since one embedding of a long list is blurred.

Raw cosines are not comparable across topics: a broad description ("Foundations of learning")
is close to everything. So each view is calibrated per topic: how many standard deviations a
paper sits above the topic's *background* (the spread floored at the median topic's). The
background is the topic's similarity to a fixed set of reference abstracts shipped with the
package (`reference.py`), so a paper's scores do not depend on the digest's mix. Calibrating
over all the digest's papers assumed every topic about equally common: where one topic holds a
third of a real field's papers its average rises and its own papers were pushed out of it
(issue 21). Calibrating over the papers outside each topic (still used when a space has no
reference vectors) fixed that, but in a field where a topic's neighbours share its vocabulary
(LLM agents, multimodal LLMs, clinical LLMs beside Language models) its background rose as well.

Each model embeds papers and topics in its own space (`TopicSpace`); the build scores topics in
two, all-MiniLM-L6-v2's and all-mpnet-base-v2's, and averages their calibrated scores.

Then two kinds of evidence are added, each in the same units (log-odds over `temperature`):

- the source: papers that share an arXiv primary category share a prior over topics, estimated
  from the digest itself: how much more common each topic is among them than in the whole digest
  (each mix the average of the papers' topic probabilities, smoothed towards uniform, refined over
  a few rounds; pinned papers count with their pins). A prior, never a rule: a cs.CL paper about
  speech still goes to speech. Papers without a category get none. Further topics may also come
  from the plain prior (the category's mix against uniform): the base rate says what else a
  paper belongs to, never what it is mainly about (`prior_adds_topics`).
- the curator: pinned papers train a small multinomial logistic model over both models'
  embeddings (on each pinned paper's first topic), with the scores above as its fixed offset, so
  with no pins nothing changes and every pin moves the unpinned papers' scores. Pins help most
  where the digest's papers are least like the descriptions: see `pin_l2`.

A topic counts when the paper is above the topic's background and within `margin` of its best
topic, or when its own evidence (all but the source prior) is `strong`: the prior may reorder and
add topics, never remove one the paper is plainly about. `confidence` is the probability of its
first topic (a softmax of the scores), which `digest topics review` sorts by. Without reference
vectors and with fewer than `min_calibration` papers there is nothing to calibrate on, and raw
cosines of the first space with a global threshold are used. Pins always win for the pinned
paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from generator.models import Paper, Topic


@dataclass(frozen=True)
class TopicSettings:
    calibrated: bool = True       # per-topic z-scores; False: raw cosines
    reference: bool = True        # calibrate against the shipped reference abstracts (when the spaces have them)
    background: bool = True       # else: over the papers outside each topic; False: over all papers
    phrase_view: bool = True      # also score the topic's best single phrase
    threshold: float = 0.0        # calibrated: at or above the topic's background similarity
    # Further topics within `margin` standard deviations of the best; chosen on the dev choose half
    # (benchmarks/topics.py): against the reference, 0.3 placed 89.3% of the reader's first topics
    # at 87.5% precision, 0.2 85.7% at 88.4%.
    margin: float = 0.3
    # A further topic also counts when its own evidence (similarity and pins, without the source
    # prior) is this far above its background: the prior orders topics and may add one, but must
    # not push out a topic the paper is plainly about (a cs.CL paper on radiology reports stays in
    # medicine). Chosen on the dev choose half: 2.3-2.4 kept 89.3% primary, 2.5 lost a paper, below
    # 2.3 precision fell under 85% (and against the reference 3.0 gave 89.3 / 86.8, no limit 87.5 / 87.5).
    strong: float = 2.4
    max_topics: int = 3
    # Weight of the pinned papers' mean against the description in a topic's prototype. 0: pins
    # teach through the pin model alone; on the dev choose half (5-fold pins) pulling prototypes
    # as well cost precision (89.3 / 86.6 against 89.3 / 87.5).
    exemplar_weight: float = 0.0
    min_calibration: int = 20     # fewer papers than this: raw cosines with the fallback rule
    fallback_threshold: float = 0.35
    fallback_margin: float = 0.03
    temperature: float = 3.0      # calibrated units -> log-odds: best likelihood of the reader's first topics
    source_prior: bool = True     # papers sharing an arXiv primary category share a prior
    prior_pseudocount: float = 10.0   # the prior's smoothing towards uniform, in papers
    # The prior's weight against the similarities, in log-odds: 1 is Bayes. On the first 10 arXiv
    # days every step up buys cs.CL -> Language models with cross-listed papers' second field
    # (weight 1: 71.5% and 46% of cross-lists kept; 1.5: 75.9 / 44; 3: 84.9 / 36): a prior
    # turning into a rule, so 1.
    prior_weight: float = 1.0
    prior_against_digest: bool = True   # False: against uniform, as before (kept for the benchmark)
    # Further topics may also come from the prior against uniform: a paper's first topic is what
    # it is mainly about, but the category's base rate is good evidence of what else it belongs
    # to (a cs.CL paper on clinical notes is in Medicine and in Language models too). Adding never
    # removes a topic. First 10 arXiv days: cs.CL -> LM 86.7 -> 94.6%, cs.CV -> vision 92.9 ->
    # 95.1%, the blind reader's primary 67.5 -> 75.0% at 60.6 -> 58.0% precision; first topics,
    # Medicine and cross-lists unchanged.
    prior_adds_topics: bool = True
    pin_model: bool = True        # pinned papers train a linear model over the embeddings
    # On each pinned paper's first topic: trained on all its topics as a shared target the model
    # learnt to spread a paper over several, which cost precision (dev 5-fold at pin_l2 3: 82.7%
    # against 87.1%).
    pin_first_topic: bool = True
    # Its L2 penalty (on the summed log-loss). Chosen with pins on one labelled set and scores on
    # another (benchmarks/topics.py --choose): dev's 113 papers pinned, the 150 arXiv papers read
    # blind against the same taxonomy scored, and the other way round, and dev's 5-fold. At 3:
    # dev pins -> arXiv 62.0 -> 68.0% primary, 58.5 -> 62.8% precision; arXiv pins -> dev 89.4 ->
    # 90.3 / 86.9 -> 85.8; 5-fold 89.3 -> 87.5 / 87.5 -> 87.1. At 100 (until then) pins moved
    # scores but no assignment; at 1 precision fell on dev (83.7 with arXiv pins).
    pin_l2: float = 3.0


# The rule before issue 11, kept for the benchmark: raw cosines to the description prototype,
# one global threshold and margin.
BEFORE_ISSUE_11 = TopicSettings(calibrated=False, phrase_view=False, threshold=0.35, margin=0.03,
                                strong=float("inf"), source_prior=False, pin_model=False, exemplar_weight=1.0,
                                prior_adds_topics=False)
# The rule before issue 21: calibrated over all the digest's papers, no source prior, pins only
# pulling prototypes.
BEFORE_ISSUE_21 = TopicSettings(reference=False, background=False, margin=0.2, strong=float("inf"),
                                source_prior=False, pin_model=False, exemplar_weight=1.0, prior_adds_topics=False)


@dataclass(frozen=True)
class TopicAssignment:
    topics: tuple[tuple[str, float], ...]   # (slug, score), best first; calibrated units when calibrated
    pinned: bool = False
    confidence: float = 1.0                 # probability of the first topic (1 when pinned)
    alternative: tuple[str, float] | None = None   # the likeliest topic not assigned, its probability

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


def _views(matrix: np.ndarray, slugs: Sequence[str], topic_prototypes: Mapping[str, np.ndarray],
           phrase_vectors: Mapping[str, np.ndarray] | None, settings: TopicSettings) -> list[np.ndarray]:
    """Raw cosines, papers x topics: to the prototypes, then (if used) to each topic's best phrase."""
    views = [matrix @ np.stack([topic_prototypes[s] for s in slugs]).T]
    if settings.phrase_view and phrase_vectors:
        views.append(np.stack([(matrix @ np.asarray(phrase_vectors[s], dtype=np.float64).T).max(axis=1)
                               for s in slugs], axis=1))
    return views


BACKGROUND_ROUNDS = 3     # a paper's first topic, then the background without it, refined
MIN_BACKGROUND = 5        # fewer papers outside a topic: its background is all papers


def _calibrate(view: np.ndarray, first: np.ndarray | None, reference: np.ndarray | None = None) -> np.ndarray:
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


def _calibrated_scores(spaces_views: Sequence[Sequence[np.ndarray]], pinned_first: np.ndarray,
                       background: bool, reference_views: Sequence[Sequence[np.ndarray]] | None = None) -> np.ndarray:
    """The views of every space calibrated and averaged. Against the reference papers' views when
    given: each topic's background is the reference papers whose first topic (by the reference
    calibrated over all of itself) is another, so that a topic common in the reference is not
    measured against its own papers. Else, with `background`, each topic's background leaves out
    the digest's papers whose first topic it is (pinned papers: their pin)."""
    if reference_views is not None:
        reference_scores = np.mean([np.mean([_calibrate(r, None) for r in refs], axis=0)
                                    for refs in reference_views], axis=0)
        reference_first = reference_scores.argmax(axis=1)
        return np.mean([np.mean([_calibrate(v, reference_first, r) for v, r in zip(views, refs)], axis=0)
                        for views, refs in zip(spaces_views, reference_views)], axis=0)

    def averaged(first: np.ndarray | None) -> np.ndarray:
        return np.mean([np.mean([_calibrate(v, first) for v in views], axis=0) for views in spaces_views], axis=0)

    scores = averaged(None)
    for _ in range(BACKGROUND_ROUNDS if background else 0):
        scores = averaged(np.where(pinned_first >= 0, pinned_first, scores.argmax(axis=1)))
    return scores


def _softmax(logits: np.ndarray) -> np.ndarray:
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
        posterior = _softmax(settings.temperature * scores + np.log(mix))
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


def pin_adjustment(features: np.ndarray, scores: np.ndarray, targets: np.ndarray,
                   settings: TopicSettings) -> np.ndarray:
    """Papers x topics shifts, in calibrated units, from a multinomial logistic model trained on
    the pinned papers (rows of `targets` that sum to 1): logits = temperature * scores + x W + b,
    the scores a fixed offset, W and b L2-penalised. No pins: no shift."""
    from scipy.optimize import minimize

    pinned = targets.sum(axis=1) > 0
    if not pinned.any():
        return np.zeros_like(scores)
    x = features - features.mean(axis=0)
    x_pin, offset, y = x[pinned], settings.temperature * scores[pinned], targets[pinned]
    dim, n_topics = x.shape[1], scores.shape[1]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = theta[:-n_topics].reshape(dim, n_topics), theta[-n_topics:]
        logits = offset + x_pin @ weights + bias
        top = logits.max(axis=1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
        value = float((log_norm - (y * logits).sum(axis=1)).sum())
        value += 0.5 * settings.pin_l2 * float((theta ** 2).sum())
        residual = _softmax(logits) - y
        gradient = np.concatenate([(x_pin.T @ residual).ravel(), residual.sum(axis=0)]) + settings.pin_l2 * theta
        return value, gradient

    theta = minimize(loss, np.zeros(dim * n_topics + n_topics), jac=True, method="L-BFGS-B").x
    weights, bias = theta[:-n_topics].reshape(dim, n_topics), theta[-n_topics:]
    return (x @ weights + bias) / settings.temperature


@dataclass(frozen=True)
class TopicScores:
    slugs: list[str]
    scores: np.ndarray          # papers x topics: calibrated units when calibrated, else raw cosines
    probabilities: np.ndarray   # papers x topics, each row summing to 1
    calibrated: bool
    evidence: np.ndarray        # the scores without the source prior: what the paper itself says
    further: np.ndarray | None  # the scores further topics may also come from (see prior_adds_topics)


RAW_TEMPERATURE = 30.0    # raw cosines: 0.03 apart is about one unit of log-odds


def score_topics(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
                 settings: TopicSettings = TopicSettings()) -> TopicScores:
    """Every space's calibrated views averaged, plus the source prior and the pin model (as
    `settings` asks), for `papers` in the given order."""
    slugs = sorted(topics)
    if not slugs or not papers:
        empty = np.zeros((len(papers), len(slugs)))
        return TopicScores(slugs, empty, empty, False, empty, None)
    spaces_views, reference_views = [], []
    with_reference = settings.reference and all(
        s.reference_vectors is not None and len(s.reference_vectors) >= MIN_BACKGROUND for s in spaces)
    for space in spaces:
        protos = prototypes(topics, space.topic_vectors.descriptions, papers, space.paper_vectors, settings)
        matrix = np.stack([np.asarray(space.paper_vectors[p.id], dtype=np.float64) for p in papers])
        spaces_views.append(_views(matrix, slugs, protos, space.topic_vectors.phrases, settings))
        if with_reference:
            reference_views.append(_views(np.asarray(space.reference_vectors, dtype=np.float64), slugs, protos,
                                          space.topic_vectors.phrases, settings))
    # Against the reference a digest of any size is calibrated; over its own papers it needs some.
    if not (settings.calibrated and (with_reference or len(papers) >= settings.min_calibration)):
        raw = np.mean(spaces_views[0], axis=0)    # raw cosines of different models are on different scales
        return TopicScores(slugs, raw, _softmax(RAW_TEMPERATURE * raw), False, raw, None)
    targets = pin_targets(papers, slugs)
    pinned_first = np.array([slugs.index(p.topics[0]) if p.topics and p.topics[0] in slugs else -1
                             for p in papers])
    evidence = _calibrated_scores(spaces_views, pinned_first, settings.background,
                                  reference_views if with_reference else None)
    groups = [p.categories[0] if p.categories else None for p in papers]
    prior, adding = (source_priors(evidence, groups, targets, settings) if settings.source_prior
                     else (np.zeros_like(evidence), None))
    if settings.pin_model:
        evidence = evidence + pin_adjustment(pin_features(papers, spaces), evidence + prior,
                                             pin_targets(papers, slugs, settings.pin_first_topic), settings)
    scores = evidence + prior
    further = evidence + adding if settings.prior_adds_topics and adding is not None else None
    return TopicScores(slugs, scores, _softmax(settings.temperature * scores), True, evidence, further)


def pin_targets(papers: Sequence[Paper], slugs: Sequence[str], first_only: bool = False) -> np.ndarray:
    """Papers x topics: a pinned paper's topics share its weight equally (with `first_only`, its
    first topic holds it all); other rows are 0."""
    targets = np.zeros((len(papers), len(slugs)))
    index = {slug: j for j, slug in enumerate(slugs)}
    for i, paper in enumerate(papers):
        known = [index[s] for s in paper.topics if s in index][:1 if first_only else None]
        targets[i, known] = 1.0 / len(known) if known else 0.0
    return targets


def pin_features(papers: Sequence[Paper], spaces: Sequence[TopicSpace]) -> np.ndarray:
    """Every space's unit paper vectors side by side, each space weighing the same."""
    blocks = []
    for space in spaces:
        block = np.stack([np.asarray(space.paper_vectors[p.id], dtype=np.float64) for p in papers])
        blocks.append(block / np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12))
    return np.hstack(blocks) / np.sqrt(len(blocks))


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


@dataclass(frozen=True)
class TopicSpace:
    """One model's view of the topics: the papers' and the taxonomy's embeddings, both from it,
    and the reference abstracts' (papers x dim; see `generator.group.reference`)."""

    paper_vectors: Mapping[str, np.ndarray]
    topic_vectors: TopicVectors
    reference_vectors: np.ndarray | None = None


def classify(papers: Sequence[Paper], topics: Mapping[str, Topic], spaces: Sequence[TopicSpace],
             settings: TopicSettings = TopicSettings()) -> dict[str, TopicAssignment]:
    """paper id -> its topics, from every space's view, the papers' sources and the pins."""
    ordered = sorted(papers, key=lambda p: p.id)
    return _assignments(ordered, score_topics(ordered, topics, spaces, settings), settings)


def _assignments(ordered: Sequence[Paper], result: TopicScores, settings: TopicSettings) -> dict[str, TopicAssignment]:
    slugs = result.slugs
    threshold, margin = ((settings.threshold, settings.margin) if result.calibrated or not settings.calibrated
                         else (settings.fallback_threshold, settings.fallback_margin))
    strong = settings.strong if result.calibrated else float("inf")    # in calibrated units only
    assignments = {}
    for i, (paper, row, own, probability) in enumerate(zip(ordered, result.scores, result.evidence,
                                                           result.probabilities)):
        if paper.topics:
            by_slug = dict(zip(slugs, row))
            assignments[paper.id] = TopicAssignment(
                tuple((s, round(float(by_slug.get(s, 0.0)), 4)) for s in paper.topics), pinned=True)
        else:
            chosen = choose(row, slugs, threshold, margin, settings.max_topics, own, strong,
                            result.further[i] if result.further is not None else None)
            assignments[paper.id] = TopicAssignment(chosen, confidence=_confidence(chosen, slugs, probability),
                                                    alternative=_alternative(chosen, slugs, probability))
    return assignments


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
