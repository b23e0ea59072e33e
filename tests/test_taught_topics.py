"""Topics taught by exemplars and pins (issue 31), on synthetic digests where the truth is known,
and sibling clusters named apart."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import numpy as np

from generator.group.review import review_queue
from generator.group.suggest import propose_topics
from generator.group.topics import BEFORE_ISSUE_11, TopicSettings, TopicSpace, TopicVectors, classify, score_topics
from generator.models import Exemplar, Paper, Topic

SLUGS = ("a", "b", "c", "d", "e")
DIM = 32


def _world(seed: int, shares: dict[str, float], n: int = 200, n_exemplars: int = 12, noise: float = 0.8,
           generic: str | None = None, untaught: tuple[str, ...] = ()):
    """Five topics as directions over a common field direction; papers drawn with `shares`; each
    topic's description its direction, or, for `generic`, mostly the field itself (a description
    such as "Machine learning methods" that every paper is close to). `n_exemplars` a topic,
    none for `untaught`."""
    rng = np.random.default_rng(seed)
    centres = {s: v / np.linalg.norm(v) for s, v in zip(SLUGS, rng.normal(size=(len(SLUGS), DIM)))}
    field = rng.normal(size=DIM)
    field /= np.linalg.norm(field)

    def draw(slug: str) -> np.ndarray:
        v = 0.6 * centres[slug] + field + rng.normal(scale=noise / np.sqrt(DIM), size=DIM)
        return v / np.linalg.norm(v)

    labels = [slug for slug in SLUGS for _ in range(round(n * shares.get(slug, 0.0)))]
    vectors = {f"p{i:03d}": draw(slug) for i, slug in enumerate(labels)}
    truth = dict(zip(vectors, labels))
    descriptions = {}
    for slug, centre in centres.items():
        d = (0.1 * centre + field) if slug == generic else (centre + 0.5 * field)
        descriptions[slug] = d / np.linalg.norm(d)
    exemplar_labels = [s for s in SLUGS if s not in untaught for _ in range(n_exemplars)]
    exemplars = tuple(Exemplar(f"exemplar {i}", f"exemplar {i}", (s,)) for i, s in enumerate(exemplar_labels))
    space = TopicSpace(vectors, TopicVectors(descriptions, {s: np.stack([v]) for s, v in descriptions.items()}),
                       exemplar_vectors=np.stack([draw(s) for s in exemplar_labels]))
    papers = [Paper(id=pid, title=pid, abstract=pid, added=dt.date(2026, 1, 1)) for pid in vectors]
    return papers, {s: Topic(s, s, s) for s in SLUGS}, space, truth, exemplars


def _first_shares(result: dict) -> Counter:
    return Counter(a.slugs[0] for a in result.values() if a.slugs)


def test_a_generic_description_does_not_swallow_the_papers_once_topics_are_taught() -> None:
    shares = {s: 0.2 for s in SLUGS}
    papers, topics, space, truth, exemplars = _world(seed=3, shares=shares, generic="a")
    # By raw cosines the generic topic draws the papers of the others to it ...
    raw = _first_shares(classify(papers, topics, [space], BEFORE_ISSUE_11))
    assert raw["a"] > 1.5 * 0.2 * len(papers)
    # ... taught, it holds its own share, within the 0.67-1.5 band the issue asks of a reader's share.
    taught = classify(papers, topics, [space], TopicSettings(), exemplars)
    assert 0.67 * 0.2 <= _first_shares(taught)["a"] / len(papers) <= 1.5 * 0.2
    assert sum(taught[pid].slugs[:1] == (truth[pid],) for pid in truth) >= 0.9 * len(papers)


def test_a_topic_that_really_holds_sixty_percent_keeps_its_papers_when_taught() -> None:
    # The exemplars are balanced (as many for each topic): the digest's own mix is not in them.
    papers, topics, space, truth, exemplars = _world(seed=5, shares={"a": 0.6, "b": 0.1, "c": 0.1, "d": 0.1,
                                                                     "e": 0.1})
    result = classify(papers, topics, [space], TopicSettings(), exemplars)
    majority = [pid for pid, slug in truth.items() if slug == "a"]
    kept = sum(result[pid].slugs[:1] == ("a",) for pid in majority)
    assert kept >= 0.95 * len(majority)
    assert 0.67 * 0.6 <= _first_shares(result)["a"] / len(papers) <= 1.5 * 0.6


def test_a_topic_without_exemplars_still_gets_its_papers_from_its_description() -> None:
    papers, topics, space, truth, exemplars = _world(seed=7, shares={s: 0.2 for s in SLUGS}, untaught=("e",))
    scores = score_topics(sorted(papers, key=lambda p: p.id), topics, [space], TopicSettings(), exemplars)
    assert scores.taught is not None and list(scores.taught) == [True, True, True, True, False]
    result = classify(papers, topics, [space], TopicSettings(), exemplars)
    own = [pid for pid, slug in truth.items() if slug == "e"]
    assert sum(result[pid].slugs[:1] == ("e",) for pid in own) >= 0.7 * len(own)
    assert _first_shares(result)["e"] <= 1.5 * len(own)


def test_a_pin_moves_the_unpinned_papers_when_taught() -> None:
    papers, topics, space, truth, exemplars = _world(seed=9, shares={s: 0.2 for s in SLUGS}, n_exemplars=6,
                                                     noise=1.6)
    ordered = sorted(papers, key=lambda p: p.id)
    pinned = [replace(p, topics=(truth[p.id],)) if int(p.id[1:]) % 4 == 0 else p for p in ordered]
    unpinned = [i for i, p in enumerate(pinned) if not p.topics]
    before = score_topics(ordered, topics, [space], TopicSettings(), exemplars)
    after = score_topics(pinned, topics, [space], TopicSettings(), exemplars)
    own = [SLUGS.index(truth[pinned[i].id]) for i in unpinned]
    assert not np.allclose(before.probabilities[unpinned], after.probabilities[unpinned])
    # The pins teach: the unpinned papers' own topics become likelier on average.
    assert after.probabilities[unpinned, own].mean() > before.probabilities[unpinned, own].mean()


def test_review_order_follows_confidence_and_finds_the_wrong_first_topics_first() -> None:
    papers, topics, space, truth, exemplars = _world(seed=11, shares={s: 0.2 for s in SLUGS}, noise=1.6)
    result = classify(papers, topics, [space], TopicSettings(), exemplars)
    queue = review_queue(result)
    confidences = [result[pid].confidence for pid in queue]
    assert confidences == sorted(confidences)
    wrong = [result[pid].slugs[:1] != (truth[pid],) for pid in queue]
    half = len(queue) // 2
    assert sum(wrong) and sum(wrong[:half]) > 2 * sum(wrong[half:])


def test_further_topics_are_those_that_hold() -> None:
    # Papers of 'a' that are also about 'b' (between both directions), exemplars of both kinds:
    # the mixed papers get both topics, the plain ones only their own.
    papers, topics, space, truth, exemplars = _world(seed=13, shares={s: 0.2 for s in SLUGS}, noise=0.5)
    rng = np.random.default_rng(0)
    centre = {s: space.topic_vectors.descriptions[s] for s in SLUGS}
    mixed = {}
    for i in range(30):
        v = centre["a"] + centre["b"] + rng.normal(scale=0.3 / np.sqrt(DIM), size=DIM)
        mixed[f"m{i:02d}"] = v / np.linalg.norm(v)
    both = tuple(Exemplar(f"both {i}", f"both {i}", ("a", "b")) for i in range(15))
    both_vectors = []
    for _ in both:
        v = centre["a"] + centre["b"] + rng.normal(scale=0.3 / np.sqrt(DIM), size=DIM)
        both_vectors.append(v / np.linalg.norm(v))
    space = replace(space, paper_vectors={**space.paper_vectors, **dict(list(mixed.items())[15:])},
                    exemplar_vectors=np.vstack([space.exemplar_vectors, both_vectors]))
    extra = [Paper(id=pid, title=pid, abstract=pid, added=dt.date(2026, 1, 1)) for pid in list(mixed)[15:]]
    result = classify(papers + extra, topics, [space], TopicSettings(), exemplars + both)
    assert sum(set(result[p.id].slugs) == {"a", "b"} for p in extra) >= 0.8 * len(extra)
    plain = [pid for pid in truth]
    assert sum(len(result[pid].slugs) == 1 for pid in plain) >= 0.9 * len(plain)


def test_suggest_names_two_sibling_clusters_apart_and_not_by_their_parents_phrase() -> None:
    # Splitting one topic: every paper has the parent's phrase, each cluster a phrase of its own.
    rng = np.random.default_rng(1)
    directions = rng.normal(size=(2, 16))
    ids, vectors, tags = [], {}, {}
    for cluster, own in enumerate(("memory", "safety")):
        for i in range(12):
            pid = f"{own}-{i:02d}"
            v = directions[cluster] + rng.normal(scale=0.1, size=16)
            ids.append(pid)
            vectors[pid] = v / np.linalg.norm(v)
            tags[pid] = ["LLMs", "language models", own] + (["benchmark"] if i % 2 else [])
    proposals = propose_topics(ids, vectors, tags, clusters=2)
    names = [p["name"] for p in proposals]
    assert len(names) == 2 and names[0] != names[1]
    assert {n.split(" and ")[0].split(",")[0].lower() for n in names} == {"memory", "safety"}


def test_a_topic_added_after_the_exemplars_takes_its_papers_from_five_pins() -> None:
    # The exemplars were labelled before topic 'e' existed: its kind of paper is labelled 'a' there
    # (a curator splits 'e' out of 'a', as agents out of Language models), and five papers pinned
    # to 'e' are all it has. The exemplars of 'a' are not evidence against 'e'.
    papers, topics, space, truth, exemplars = _world(seed=17, shares={s: 0.2 for s in SLUGS})
    relabelled = tuple(replace(e, topics=("a",)) if e.topics == ("e",) else e for e in exemplars)
    ordered = sorted(papers, key=lambda p: p.id)
    pinned_ids = [p.id for p in ordered if truth[p.id] == "e"][:5]
    pinned = [replace(p, topics=("e",)) if p.id in pinned_ids else p for p in ordered]
    result = classify(pinned, topics, [space], TopicSettings(), relabelled)
    own = [pid for pid, slug in truth.items() if slug == "e" and pid not in pinned_ids]
    assert sum(result[pid].slugs[:1] == ("e",) for pid in own) >= 0.6 * len(own)
    parent = [pid for pid, slug in truth.items() if slug == "a"]
    assert sum(result[pid].slugs[:1] == ("a",) for pid in parent) >= 0.8 * len(parent)


def test_fitted_models_are_kept_between_builds_and_give_the_same_topics(tmp_path) -> None:
    """The models exemplars and pins teach are stored by what they were fitted on: a second build
    of the same examples fits nothing, a day of new papers fits nothing either, a new pin fits
    again, and a stored model gives the same assignments as a fresh fit. A damaged store costs a
    fit, not the build."""
    from generator.group.topics import FittedModels

    papers, topics, space, truth, exemplars = _world(seed=5, shares={s: 0.2 for s in SLUGS})
    # calibrated against a fixed reference, as a real digest is (the shipped reference abstracts)
    space = replace(space, reference_vectors=np.stack([space.paper_vectors[p.id] for p in papers[::3]]))
    fresh = classify(papers, topics, [space], TopicSettings(), exemplars)
    path = tmp_path / "topic-models.sqlite3"
    first = FittedModels(path)
    assert classify(papers, topics, [space], TopicSettings(), exemplars, first) == fresh
    assert first.fitted == 2                                   # the first topic's model and the one-vs-rest ones
    again = FittedModels(path)                                 # another build, another process
    assert classify(papers, topics, [space], TopicSettings(), exemplars, again) == fresh and again.fitted == 0
    fewer = papers[:-20]                                       # the papers change, the examples do not
    assert classify(fewer, topics, [space], TopicSettings(), exemplars, again) == {
        p.id: a for p, a in zip(sorted(fewer, key=lambda p: p.id), classify(fewer, topics, [space], TopicSettings(),
                                                                         exemplars).values())}
    assert again.fitted == 0
    pinned = [replace(p, topics=("b",)) if p.id == papers[0].id else p for p in papers]
    classify(pinned, topics, [space], TopicSettings(), exemplars, again)
    assert again.fitted == 2
    path.write_bytes(b"half-written" * 50)
    damaged = FittedModels(path)
    assert classify(papers, topics, [space], TopicSettings(), exemplars, damaged) == fresh and damaged.fitted == 2


def test_untaught_topics_are_those_the_classifier_scores_from_descriptions_alone() -> None:
    """Five first-topic examples (pins and exemplars together) teach a topic; a pin's further
    topics and an exemplar of a topic the taxonomy lacks teach nothing."""
    from generator.group.review import untaught_note, untaught_topics
    from generator.models import Digest

    topics = {slug: Topic(slug, slug.title(), f"Papers about {slug}.") for slug in ("alpha", "beta", "gamma")}
    pinned = [Paper(id=f"p{i}", title="T", abstract="A.", added=dt.date(2026, 11, 22), topics=("alpha", "beta"))
              for i in range(3)]
    exemplars = (tuple(Exemplar("T", "A.", ("alpha",)) for _ in range(2))
                 + tuple(Exemplar("T", "A.", ("delta", "beta")) for _ in range(5)))
    digest = Digest(tuple(pinned), {}, topics, exemplars)
    assert untaught_topics(digest) == ["beta", "gamma"]
    assert untaught_note(digest).startswith("note: beta, gamma: not taught yet")
    assert untaught_topics(Digest(tuple(pinned), {}, topics, exemplars[:1])) == ["alpha", "beta", "gamma"]   # four
    assert untaught_topics(Digest((), {}, topics)) == ["alpha", "beta", "gamma"]
    assert untaught_note(Digest((), {}, topics)).startswith("note: no topic is taught yet")
