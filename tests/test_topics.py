"""Topics on synthetic digests: a topic holding most papers, the source prior, pins, review order."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from generator.group.review import review_queue
from generator.group.topics import (BEFORE_ISSUE_21, BEFORE_ISSUE_31, TopicSettings, TopicSpace, TopicVectors, classify,
                                    score_topics)
from generator.models import Paper, Topic

SLUGS = ("a", "b", "c", "d", "e")


def _digest(seed: int, share: float = 0.6, n: int = 100, noise: float = 0.3, dim: int = 24,
            ) -> tuple[list[Paper], dict[str, Topic], TopicSpace, dict[str, str]]:
    """Five topics; `share` of the papers are about 'a', the rest spread over the other four.
    Papers and descriptions share a common direction (the field), as real abstracts do."""
    rng = np.random.default_rng(seed)
    centres = {s: v / np.linalg.norm(v) for s, v in zip(SLUGS, rng.normal(size=(len(SLUGS), dim)))}
    common = rng.normal(size=dim)
    common /= np.linalg.norm(common)
    labels = ["a"] * int(n * share) + [SLUGS[1 + i % 4] for i in range(n - int(n * share))]
    vectors, truth = {}, {}
    for i, slug in enumerate(labels):
        v = 0.5 * centres[slug] + common + rng.normal(scale=noise / np.sqrt(dim), size=dim)
        vectors[f"p{i:03d}"], truth[f"p{i:03d}"] = v / np.linalg.norm(v), slug
    descriptions = {s: (c + 0.5 * common) / np.linalg.norm(c + 0.5 * common) for s, c in centres.items()}
    space = TopicSpace(vectors, TopicVectors(descriptions, {s: np.stack([v]) for s, v in descriptions.items()}))
    papers = [Paper(id=pid, title=pid, abstract=pid, added=dt.date(2026, 1, 1)) for pid in vectors]
    return papers, {s: Topic(s, s, s) for s in SLUGS}, space, truth


def test_a_topic_holding_sixty_percent_of_the_papers_keeps_them() -> None:
    papers, topics, space, truth = _digest(seed=4)
    majority = [pid for pid, slug in truth.items() if slug == "a"]
    today = classify(papers, topics, [space])
    assert all(today[pid].slugs[:1] == ("a",) for pid in majority)
    # Calibrated over the whole digest, the topic's own papers raise its average and some leave it.
    before = classify(papers, topics, [space], BEFORE_ISSUE_21)
    assert sum(before[pid].slugs[:1] == ("a",) for pid in majority) < len(majority)


def test_the_source_prior_moves_doubtful_papers_of_a_category_and_no_others() -> None:
    papers, topics, space, truth = _digest(seed=0, share=0.6, noise=0.7)
    # Every 'a' paper and a few others come from category x, 'b' and 'c' from y, 'd' and 'e' from z,
    # but a few papers have no category: the prior is how much commoner a topic is in a category
    # than in the whole digest.
    category = {"a": "cs.X", "b": "cs.Y", "c": "cs.Y", "d": "cs.Z", "e": "cs.Z"}
    sourced = [p if p.id.endswith("3") else
               replace(p, categories=("cs.X" if p.id.endswith("7") else category[truth[p.id]],)) for p in papers]
    without = classify(sourced, topics, [space], replace(TopicSettings(), source_prior=False))
    with_prior = classify(sourced, topics, [space])
    x_papers = [p.id for p in sourced if p.categories == ("cs.X",)]
    right = {name: sum(r[p.id].slugs[:1] == (truth[p.id],) for p in sourced if p.categories) for name, r in
             (("without", without), ("with", with_prior))}
    assert right["with"] > right["without"]
    # A prior, not a rule: papers of x that are clearly about another topic keep it.
    assert any(with_prior[pid].slugs[:1] != ("a",) for pid in x_papers)
    # Papers without a source keep their topics: the prior is added after calibration.
    assert all(with_prior[p.id] == without[p.id] for p in sourced if not p.categories)


def test_pins_change_the_unpinned_papers_scores() -> None:
    papers, topics, space, truth = _digest(seed=1, noise=0.7)
    pinned = [replace(p, topics=(truth[p.id],)) if int(p.id[1:]) % 3 == 0 else p for p in papers]
    unpinned = [i for i, p in enumerate(pinned) if not p.topics]
    for settings in (TopicSettings(), replace(TopicSettings(), exemplar_weight=1.0)):   # and pulling prototypes too
        before = score_topics(papers, topics, [space], settings)
        after = score_topics(pinned, topics, [space], settings)
        assert not np.allclose(before.scores[unpinned], after.scores[unpinned])
    # And here they help: the unpinned papers' own topics become likelier on average.
    plain, taught = score_topics(papers, topics, [space]), score_topics(pinned, topics, [space])
    own = [SLUGS.index(truth[pinned[i].id]) for i in unpinned]
    assert taught.probabilities[unpinned, own].mean() > plain.probabilities[unpinned, own].mean()


def test_review_order_is_by_confidence_lowest_first_without_pinned_papers() -> None:
    papers, topics, space, truth = _digest(seed=2, noise=0.7)
    papers = [replace(p, topics=("b",)) if p.id == "p000" else p for p in papers]
    assignments = classify(papers, topics, [space])
    queue = review_queue(assignments)
    assert "p000" not in queue and len(queue) == len(papers) - 1
    confidences = [assignments[pid].confidence for pid in queue]
    assert confidences == sorted(confidences)
    assert all(0.0 <= c <= 1.0 for c in confidences) and confidences[0] < confidences[-1]
    assert review_queue(assignments, limit=5) == queue[:5]
    for pid in queue:
        alternative = assignments[pid].alternative
        assert alternative is not None and alternative[0] not in assignments[pid].slugs


def test_the_source_prior_adds_and_reorders_topics_but_never_drops_a_plain_one() -> None:
    papers, topics, space, truth = _digest(seed=0, share=0.3, noise=0.3)
    # Category x is all 'a' but for two papers plainly about 'b'; the other papers are from y.
    b_papers = [p.id for p in papers if truth[p.id] == "b"][:2]
    sourced = [replace(p, categories=("cs.X" if truth[p.id] == "a" or p.id in b_papers else "cs.Y",))
               for p in papers]
    heavy = replace(TopicSettings(), prior_weight=8.0)    # a prior strong enough to outvote them
    scores = score_topics(sorted(sourced, key=lambda p: p.id), topics, [space], heavy)
    plain = {pid for pid, row in zip(sorted(p.id for p in sourced), scores.evidence)
             if pid in b_papers and row[SLUGS.index("b")] >= heavy.strong}
    assert plain, "the fixture should have 'b' papers with strong evidence for 'b'"
    as_rule = classify(sourced, topics, [space], replace(heavy, strong=float("inf")))
    assert any("b" not in as_rule[pid].slugs for pid in plain)
    kept = classify(sourced, topics, [space], heavy)
    assert all("b" in kept[pid].slugs for pid in plain)
    assert any(kept[pid].slugs[:1] == ("a",) for pid in plain)     # reordered: the prior still counts


def _with_reference(space: TopicSpace, reference: TopicSpace) -> TopicSpace:
    return replace(space, reference_vectors=np.stack(list(reference.paper_vectors.values())))


def test_against_a_reference_a_papers_scores_do_not_depend_on_the_digests_mix() -> None:
    papers, topics, space, truth = _digest(seed=4, share=0.6)
    _, _, balanced, _ = _digest(seed=4, share=0.2)          # the same topics, papers spread evenly
    space = _with_reference(space, balanced)
    plain = replace(TopicSettings(), source_prior=False)
    whole = score_topics(papers, topics, [space], plain)
    minority = [p for p in papers if truth[p.id] != "a"] + [p for p in papers if truth[p.id] == "a"][:5]
    part = score_topics(minority, topics, [space], plain)
    rows = {p.id: i for i, p in enumerate(papers)}
    assert np.allclose(part.scores, whole.scores[[rows[p.id] for p in minority]])
    # Calibrated over the digest itself, the same papers score differently once the mix changes.
    mixed = replace(plain, reference=False)
    assert not np.allclose(score_topics(minority, topics, [space], mixed).scores,
                           score_topics(papers, topics, [space], mixed).scores[[rows[p.id] for p in minority]])
    # And the topic holding 60% of the papers keeps them.
    today = classify(papers, topics, [space])
    assert all(today[pid].slugs[:1] == ("a",) for pid, slug in truth.items() if slug == "a")


def test_a_small_digest_is_calibrated_against_the_reference_as_a_large_one_is() -> None:
    papers, topics, space, truth = _digest(seed=5, share=0.4, n=60)
    _, _, balanced, _ = _digest(seed=5, share=0.2)
    referenced = _with_reference(space, balanced)
    few = papers[:8]                                              # under min_calibration
    assert not score_topics(few, topics, [space]).calibrated     # alone: raw cosines
    small = score_topics(few, topics, [referenced], replace(TopicSettings(), source_prior=False))
    large = score_topics(papers, topics, [referenced], replace(TopicSettings(), source_prior=False))
    assert small.calibrated and np.allclose(small.scores, large.scores[:8])


def test_a_topic_common_in_the_reference_is_not_measured_against_its_own_papers() -> None:
    papers, topics, space, truth = _digest(seed=6, share=0.2, noise=0.3)
    _, _, balanced, _ = _digest(seed=6, share=0.2, noise=0.3, n=150)
    _, _, skewed_extra, _ = _digest(seed=6, share=1.0, noise=0.3, n=150)      # 150 more papers about 'a'
    reference = np.stack(list(balanced.paper_vectors.values()))
    with_more_a = np.vstack([reference, np.stack(list(skewed_extra.paper_vectors.values()))])
    plain = replace(TopicSettings(), source_prior=False)
    own = [i for i, p in enumerate(papers) if truth[p.id] == "a"]
    scores = [score_topics(papers, topics, [replace(space, reference_vectors=r)], plain).scores[own, 0]
              for r in (reference, with_more_a)]
    # Only the other topics' spreads move (the floor is their median): 'a' papers keep 80% of their
    # score. Centred on all reference papers, 'a' included, they kept 41% (1.76 -> 0.73).
    assert scores[1].mean() > 0.7 * scores[0].mean() and scores[1].mean() > 3


def test_the_categorys_base_rate_may_add_a_further_topic_but_never_changes_the_first() -> None:
    papers, topics, space, truth = _digest(seed=3, share=0.3, noise=1.5)
    _, _, balanced, _ = _digest(seed=3, share=0.2, noise=1.5)
    space = _with_reference(space, balanced)
    # Category x is the 'a' papers and a third of the others, y the rest; a few have no category.
    def category(p: Paper) -> tuple[str, ...]:
        n = int(p.id[1:])
        return () if n % 7 == 0 else ("cs.X",) if truth[p.id] == "a" or n % 3 == 0 else ("cs.Y",)
    sourced = [replace(p, categories=category(p)) for p in papers]
    adding = classify(sourced, topics, [space])
    not_adding = classify(sourced, topics, [space], replace(TopicSettings(), prior_adds_topics=False))
    assert all(adding[p.id].slugs[0] == not_adding[p.id].slugs[0] for p in sourced)
    assert all(set(not_adding[p.id].slugs) <= set(adding[p.id].slugs) for p in sourced)
    added = [p for p in sourced if adding[p.id].slugs != not_adding[p.id].slugs]
    assert added and all(p.categories for p in added)             # only from a category's base rate


def test_the_pin_model_learns_each_pins_first_topic() -> None:
    papers, topics, space, truth = _digest(seed=2, noise=0.7)
    # Every pin names its paper's topic and then 'e' as well: a second topic is what else a paper
    # belongs to, not what to teach the unpinned papers they are mainly about.
    pinned = [replace(p, topics=tuple(dict.fromkeys((truth[p.id], "e")))) if int(p.id[1:]) % 3 == 0 else p
              for p in papers]
    others = [i for i, p in enumerate(pinned) if not p.topics and truth[p.id] != "e"]
    # Described topics (a third of the papers pinned also teaches every topic: see the taught tests).
    first, shared = (score_topics(pinned, topics, [space], replace(BEFORE_ISSUE_31, pin_first_topic=flag))
                     for flag in (True, False))
    e = SLUGS.index("e")
    assert first.probabilities[others, e].mean() < shared.probabilities[others, e].mean()
    own = [SLUGS.index(truth[pinned[i].id]) for i in others]
    assert first.probabilities[others, own].mean() > shared.probabilities[others, own].mean()


def _narrow_field(seed: int, n: int = 90, dim: int = 32) -> tuple[list[Paper], dict[str, Topic], TopicSpace, dict]:
    """A digest of one field with three sibling topics, calibrated against a broad reference: the
    field's direction dominates every paper and every description, and the reference (the rest of
    science) lies far from it, so every paper is far above the reference for every sibling."""
    rng = np.random.default_rng(seed)
    unit = lambda v: v / np.linalg.norm(v)   # noqa: E731
    field = unit(rng.normal(size=dim))
    siblings = {s: unit(rng.normal(size=dim)) for s in ("a", "b", "c")}
    truth, vectors = {}, {}
    for i in range(n):
        slug = "abc"[i % 3]
        truth[f"p{i:03d}"] = slug
        noise = rng.normal(scale=0.25, size=dim) / np.sqrt(dim)
        vectors[f"p{i:03d}"] = unit(1.5 * field + 0.6 * siblings[slug] + noise)
    descriptions = {s: unit(1.5 * field + 0.6 * c) for s, c in siblings.items()}
    reference = np.stack([unit(rng.normal(size=dim)) for _ in range(200)])
    space = TopicSpace(vectors, TopicVectors(descriptions, {s: np.stack([v]) for s, v in descriptions.items()}),
                       reference_vectors=reference)
    papers = [Paper(id=pid, title=pid, abstract=pid, added=dt.date(2026, 1, 1)) for pid in vectors]
    return papers, {s: Topic(s, s, s) for s in "abc"}, space, truth


def test_sibling_topics_of_one_field_are_not_all_strong_for_every_paper() -> None:
    papers, topics, space, truth = _narrow_field(seed=7)
    today = classify(papers, topics, [space])
    before = classify(papers, topics, [space], replace(TopicSettings(), strong_within_digest=False))
    # Against the broad reference alone every paper is strong for all three siblings ...
    assert sum(len(a.topics) for a in before.values()) / len(papers) > 2.5
    # ... measured also against the digest's own papers, a paper gets its own topic and few others.
    assert sum(len(a.topics) for a in today.values()) / len(papers) < 1.5
    assert sum(today[pid].slugs[:1] == (slug,) for pid, slug in truth.items()) >= 0.9 * len(papers)
