"""Topics taught by examples: the curator's pins and the taxonomy's exemplars.

Descriptions alone have a low ceiling on a real field (see `zero_shot.py`). Labelled examples
lift it: exemplar papers shipped with a taxonomy (content/exemplars.jsonl) and the papers a
curator pins train two models over both encoders' embeddings side by side:

- which topic a paper is mainly about: a multinomial logistic model on each example's first
  topic, with the zero-shot scores as a fixed offset (`taught_offset` times them), so that the
  description still speaks where examples are few (`pin_adjustment`);
- which further topics clearly hold: one binary logistic model per topic, on every topic of each
  example (`holds`).

Everything is retrained from the digest's own exemplars and pins in every build (about a second
for two thousand examples), so it holds for any taxonomy. A topic with fewer than `min_taught`
examples (a topic just added, described only) is not taught: its probability is the zero-shot
one, and the taught model shares out the rest (`mix_untaught`). With no taught topic at all, the
pins and exemplars only shift the zero-shot scores, as before issue 31 (at `pin_l2`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from generator.group.topics.fitted import FittedModels, LinearModel, fitted_model
from generator.group.topics.settings import TopicSettings
from generator.group.topics.zero_shot import softmax
from generator.models import Exemplar, Paper


def example_targets(papers: Sequence[Paper], exemplars: Sequence[Exemplar], slugs: Sequence[str],
                    first_only: bool = False, pin_weight: float = 1.0) -> np.ndarray:
    """(papers + exemplars) x topics: an example's topics share its weight (a pinned paper's
    `pin_weight`, an exemplar's 1) equally (with `first_only`, its first topic holds it all); rows
    of unpinned papers are 0."""
    index = {slug: j for j, slug in enumerate(slugs)}
    labels = [p.topics for p in papers] + [e.topics for e in exemplars]
    targets = np.zeros((len(labels), len(slugs)))
    for i, topics in enumerate(labels):
        known = [index[s] for s in topics if s in index][:1 if first_only else None]
        weight = pin_weight if i < len(papers) else 1.0
        targets[i, known] = weight / len(known) if known else 0.0
    return targets


def example_features(matrices: Sequence[np.ndarray]) -> np.ndarray:
    """Rows x features: each space's rows (`matrices`, one a space, the same rows in each) as unit
    vectors side by side, each space weighing the same."""
    blocks = [m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12) for m in matrices]
    return np.hstack(blocks) / np.sqrt(len(blocks))


def taught_topics(targets: np.ndarray, settings: TopicSettings) -> np.ndarray:
    """Topics at least `min_taught` examples have first (`targets`: first topics only)."""
    return (targets > 0).sum(axis=0) >= settings.min_taught


def pin_adjustment(features: np.ndarray, scores: np.ndarray, targets: np.ndarray, l2: float,
                   temperature: float, also: np.ndarray | None = None,
                   store: FittedModels | None = None) -> np.ndarray:
    """Rows x topics shifts, in calibrated units, from a multinomial logistic model trained on the
    examples (rows of `targets` that sum to more than 0, each weighing its sum): logits =
    temperature * scores + x W + b, the scores a fixed offset, x the features centred on the
    examples' mean, W and b L2-penalised (`l2`). With `also` (rows x topics, bool), a row's label
    is the set of its target and the topics `also` marks (a partial label: `new_topic_parents`),
    and the model is asked only to put the row's probability in that set. No examples: no
    shift. The fitted model comes from `store` when it holds one for the same examples."""
    labelled = targets.sum(axis=1) > 0
    if not labelled.any():
        return np.zeros_like(scores)
    examples = (_settled(features[labelled]), _settled(temperature * scores[labelled]), targets[labelled],
                None if also is None else also[labelled])
    model = fitted_model(store, "topic softmax", (*[a for a in examples if a is not None], also is None, l2),
                         lambda: _fit_softmax(*examples, l2))
    return model.apply(features) / temperature


def _settled(values: np.ndarray) -> np.ndarray:
    """The examples' values to 9 decimals, as fitted and as keyed: BLAS may sum an exemplar's
    similarities in another order when the digest has more papers (a difference in the 16th
    digit), which must not make yesterday's fitted model look stale."""
    return np.round(values, 9)


def _fit_softmax(features: np.ndarray, offset: np.ndarray, y: np.ndarray, also: np.ndarray | None,
                 l2: float) -> LinearModel:
    from scipy.optimize import minimize

    centre = features.mean(axis=0)
    x_pin = features - centre
    weight = y.sum(axis=1)        # a row's targets sum to its weight
    allowed = None if also is None else (y > 0) | also
    dim, n_topics = x_pin.shape[1], y.shape[1]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = theta[:-n_topics].reshape(dim, n_topics), theta[-n_topics:]
        logits = offset + x_pin @ weights + bias
        top = logits.max(axis=1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
        probability = softmax(logits)
        if allowed is None:
            value = float((weight * log_norm - (y * logits).sum(axis=1)).sum())
            residual = probability * weight[:, None] - y
        else:
            inside = np.where(allowed, probability, 0.0)
            mass = np.maximum(inside.sum(axis=1), 1e-300)
            value = float(-(weight * np.log(mass)).sum())
            residual = weight[:, None] * (probability - inside / mass[:, None])
        value += 0.5 * l2 * float((theta ** 2).sum())
        gradient = np.concatenate([(x_pin.T @ residual).ravel(), residual.sum(axis=0)]) + l2 * theta
        return value, gradient

    theta = minimize(loss, np.zeros(dim * n_topics + n_topics), jac=True, method="L-BFGS-B").x
    return LinearModel(centre, theta[:-n_topics].reshape(dim, n_topics), theta[-n_topics:])


def new_topic_parents(features: np.ndarray, first_targets: np.ndarray, n_papers: int,
                      exemplar_topics: Sequence[Sequence[str]], slugs: Sequence[str]) -> np.ndarray | None:
    """Rows x topics, bool: for a topic no exemplar names (one a curator added after the exemplars
    were labelled) but pins teach, the exemplars of its *parent* (the topic whose exemplars lie
    closest to its pins) may be in it too: they were labelled before it existed, so they are not
    evidence against it. Without this, adopting a split of Language models with five pins moved
    no paper, 800 exemplars labelled Language models outvoting the pins. None: no such topic."""
    named = {slug for topics in exemplar_topics for slug in topics}
    new = [j for j, slug in enumerate(slugs) if slug not in named and first_targets[:n_papers, j].any()]
    if not new or not exemplar_topics:
        return None
    unit = features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)
    exemplar_first = first_targets[n_papers:].argmax(axis=1)
    labelled = first_targets[n_papers:].sum(axis=1) > 0
    centres = {k: unit[n_papers:][labelled & (exemplar_first == k)].mean(axis=0)
               for k in set(exemplar_first[labelled].tolist())}
    also = np.zeros(first_targets.shape, dtype=bool)
    for j in new:
        pins = unit[:n_papers][first_targets[:n_papers, j] > 0].mean(axis=0)
        parent = max(centres, key=lambda k: float(centres[k] @ pins) / max(np.linalg.norm(centres[k]), 1e-12))
        also[n_papers:, j] = labelled & (exemplar_first == parent)
    return also


def mix_untaught(taught_probability: np.ndarray, zero_shot_probability: np.ndarray,
                 taught: np.ndarray) -> np.ndarray:
    """Rows x topics: an untaught topic keeps its zero-shot probability; the taught topics share
    the rest as the taught model has it. All topics taught: the taught model's; none: zero-shot."""
    rest = 1.0 - zero_shot_probability[:, ~taught].sum(axis=1, keepdims=True)
    among_taught = taught_probability * taught
    among_taught /= np.maximum(among_taught.sum(axis=1, keepdims=True), 1e-12)
    return np.where(taught, rest * among_taught, zero_shot_probability)


def holds(features: np.ndarray, targets: np.ndarray, settings: TopicSettings,
          also: np.ndarray | None = None, store: FittedModels | None = None) -> np.ndarray:
    """Rows x topics: the probability that each topic holds for the row, from one binary logistic
    model a topic trained on the examples' topics (`targets`: all of them), over the features
    centred on the examples' mean; NaN for a topic with fewer than `min_taught` examples either
    way, which no model is trained for. The fitted models come from `store` when it holds them
    for the same examples."""
    from scipy.special import expit

    labelled = targets.sum(axis=1) > 0
    examples = (_settled(features[labelled]), targets[labelled], None if also is None else also[labelled])
    model = fitted_model(store, "topic holds",
                         (*[a for a in examples if a is not None], also is None, settings.holds_c,
                          settings.min_taught), lambda: _fit_holds(*examples, settings))
    return expit(model.apply(features))


def _fit_holds(features: np.ndarray, targets: np.ndarray, also: np.ndarray | None,
               settings: TopicSettings) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    weight = targets.sum(axis=1)
    centre = features.mean(axis=0) if len(features) else np.zeros(features.shape[1])
    x = features - centre
    weights = np.full((features.shape[1], targets.shape[1]), np.nan)
    bias = np.full(targets.shape[1], np.nan)
    for j in range(targets.shape[1]):
        rows = np.ones(len(x), bool) if also is None else ~also[:, j]     # a partial label is no negative
        positive = targets[rows, j] > 0
        if min(positive.sum(), (~positive).sum()) < settings.min_taught:
            continue
        model = LogisticRegression(C=settings.holds_c, max_iter=2000).fit(x[rows], positive,
                                                                          sample_weight=weight[rows])
        weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
    return LinearModel(centre, weights, bias)
