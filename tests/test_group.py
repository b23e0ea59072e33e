"""Grouping with fixed small embeddings: exact topics, pins, Unsorted, determinism, labs, related."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.group.authors import author_index
from generator.group.labs import group_labs
from generator.group.related import related_papers
from generator.group.suggest import propose_topics, proposal_yaml
from generator.group.topics import (TopicSettings, TopicSpace, TopicVectors, classify, members, score_topics,
                                    topic_phrases, unsorted)
from generator.models import Digest, Lab, Paper, Topic

DAY = dt.date(2026, 11, 22)


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float64)
    return v / np.linalg.norm(v)


def paper(pid: str, **fields) -> Paper:
    return Paper(id=pid, title=pid.title(), abstract=f"About {pid}.", added=DAY, **fields)


TOPICS = {"rl": Topic("rl", "RL", "Agents."), "vision": Topic("vision", "Vision", "Images."),
          "nlp": Topic("nlp", "NLP", "Text.")}
DESCRIPTIONS = {"rl": unit(1, 0, 0), "vision": unit(0, 1, 0), "nlp": unit(0, 0, 1)}
VECTORS = {
    "agent": unit(0.9, 0.1, 0.0),         # clearly rl
    "pixels": unit(0.1, 0.95, 0.05),      # clearly vision
    "captions": unit(0.0, 0.7, 0.68),     # vision and nlp, close: both
    "nowhere": unit(-1, -1, -1),          # fits nothing: Unsorted
    "pinned": unit(0.0, 0.1, 1.0),        # looks nlp, pinned to rl by a curator
}


RAW = TopicSettings(calibrated=False, phrase_view=False, threshold=0.3, margin=0.05)


def assign(papers: list[Paper], settings: TopicSettings = RAW):
    return classify(papers, TOPICS, [_space(VECTORS, DESCRIPTIONS)], settings)


def test_assignment_exact_topics_pins_and_unsorted() -> None:
    papers = [paper(p) for p in ("agent", "pixels", "captions", "nowhere")] + [paper("pinned", topics=("rl",))]
    result = assign(papers)
    assert result["agent"].slugs == ("rl",)
    assert result["pixels"].slugs == ("vision",)
    assert result["captions"].slugs == ("vision", "nlp")
    assert result["nowhere"].slugs == ()
    assert result["pinned"].slugs == ("rl",) and result["pinned"].pinned
    assert unsorted(result) == ("nowhere",)
    assert members(result, sorted(TOPICS)) == {"nlp": ("captions",), "rl": ("agent", "pinned"),
                                               "vision": ("pixels", "captions")}


def test_threshold_sends_a_weak_paper_to_unsorted() -> None:
    papers = [paper("agent")]
    assert assign(papers, replace(RAW, threshold=0.999)).get("agent").slugs == ()
    assert assign(papers, replace(RAW, threshold=0.5)).get("agent").slugs == ("rl",)


def test_pinned_exemplars_pull_the_prototype() -> None:
    # 'captions' sits between vision and nlp; pinning an nlp-ish exemplar to vision tips it.
    base = [paper(p) for p in ("captions",)]
    pulling = replace(RAW, margin=0.0, exemplar_weight=1.0)
    before = assign(base, pulling)
    after = assign(base + [paper("pinned", topics=("vision",))], pulling)
    assert before["captions"].slugs == ("vision",)
    assert after["captions"].slugs == ("vision",)
    assert dict(after["captions"].topics)["vision"] > dict(before["captions"].topics)["vision"]


def test_assignment_is_deterministic_under_reordering() -> None:
    papers = [paper(p) for p in VECTORS]
    expected = assign(papers)
    for seed in range(5):
        shuffled = papers[:]
        random.Random(seed).shuffle(shuffled)
        assert assign(shuffled) == expected


def test_labs_grouped_with_inferred_apart_and_papers_without_lab() -> None:
    digest = Digest(
        (paper("a", labs=("mit",)), paper("b", labs_inferred=("mit",)), paper("c"),
         paper("d", labs=("mit",), labs_inferred=("mit", "eth"))),
        MappingProxyType({"mit": Lab("mit", "MIT"), "eth": Lab("eth", "ETH"), "idle": Lab("idle", "Idle")}),
        MappingProxyType({}))
    groups, without = group_labs(digest)
    assert (groups["mit"].given, groups["mit"].inferred) == (("a", "d"), ("b",))
    assert (groups["eth"].given, groups["eth"].inferred) == ((), ("d",))
    assert groups["idle"].papers == ()
    assert without == ("c",)


def test_related_papers_symmetric_ordered_and_tie_broken_by_id() -> None:
    vectors = {"a": unit(1, 0), "b": unit(1, 0.1), "c": unit(1, 0.1), "d": unit(0, 1), "e": unit(-1, 0)}
    related = related_papers(vectors, k=3)
    assert [pid for pid, _ in related["a"]] == ["b", "c", "d"]          # b and c tie: by id
    assert related["a"][0][1] == related["b"][0][1] or related["b"][0][0] == "c"
    sims = {(x, y): s for x, row in related.items() for y, s in row}
    for (x, y), s in sims.items():
        if (y, x) in sims:
            assert sims[(y, x)] == s
    assert all(pid != own for own, row in related.items() for pid, _ in row)
    for row in related.values():
        assert [s for _, s in row] == sorted((s for _, s in row), reverse=True)


def test_related_papers_blocks_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    vectors = {f"p{i:03}": v / np.linalg.norm(v) for i, v in enumerate(rng.normal(size=(50, 8)))}
    whole = related_papers(vectors)
    monkeypatch.setattr("generator.group.related.BLOCK", 7)
    assert related_papers(vectors) == whole


def test_related_papers_are_among_those_added_no_later_so_a_new_day_changes_no_older_list() -> None:
    rng = np.random.default_rng(11)
    vectors = {f"p{i:03}": v / np.linalg.norm(v) for i, v in enumerate(rng.normal(size=(60, 8)))}
    added = {pid: dt.date(2025, 3, 1 + i % 6) for i, pid in enumerate(sorted(vectors))}
    related = related_papers(vectors, added=added)
    assert all(added[other] <= added[pid] for pid, row in related.items() for other, _ in row)
    first_day = [pid for pid in vectors if added[pid] == dt.date(2025, 3, 1)]
    assert all(len(related[pid]) == 5 for pid in first_day)          # its own day's papers count
    assert any(added[other] == added[pid] for pid in first_day for other, _ in related[pid])
    next_day = {pid: unit(*rng.normal(size=8)) for pid in ("q1", "q2", "q3")}
    grown = related_papers({**vectors, **next_day}, added={**added, **dict.fromkeys(next_day, dt.date(2025, 3, 9))})
    assert {pid: grown[pid] for pid in vectors} == related
    assert any(other in vectors for pid in next_day for other, _ in grown[pid])
    assert related_papers({"a": unit(1, 0), "b": unit(1, 0.1)}, added={"a": dt.date(2025, 3, 1),
                                                                         "b": dt.date(2025, 3, 2)})["a"] == ()


def test_author_index_normalises_spellings() -> None:
    digest = Digest((paper("a", authors=("Matthieu Gaëtan Lin", "Ann Lee")),
                     paper("b", authors=("Matthieu Gaetan Lin",)), paper("c", authors=("matthieu gaetan lin",))),
                    MappingProxyType({}), MappingProxyType({}))
    index = author_index(digest)
    assert index["matthieu gaetan lin"].papers == ("a", "b", "c")
    assert index["matthieu gaetan lin"].slug == "matthieu-gaetan-lin"
    assert index["ann lee"].papers == ("a",)
    assert len(index) == 2


def test_author_slugs_are_safe_and_homonyms_are_flagged() -> None:
    digest = Digest((paper("a", authors=("Wei Wang", "Ann Lee"), labs=("x",)),
                     paper("b", authors=("Wei Wang", "Ann Lee")),
                     paper("c", authors=("Wei  WANG", "Bo Li"), labs=("y",)),
                     paper("d", authors=("<b>Eve</b> [x](javascript:1)", "王伟"))),
                    MappingProxyType({}), MappingProxyType({}))
    index = author_index(digest)
    wang = index["wei wang"]
    assert wang.papers == ("a", "b", "c") and wang.possibly_several        # 'c' shares no co-author or lab
    assert not index["ann lee"].possibly_several
    assert index["b eve b x javascript 1"].slug == "b-eve-b-x-javascript-1"
    assert index["王伟"].slug.startswith("author-") and len({a.slug for a in index.values()}) == len(index)


def test_suggest_proposal_format() -> None:
    rng = np.random.default_rng(1)
    centres = [unit(1, 0, 0, 0), unit(0, 1, 0, 0), unit(0, 0, 1, 0)]
    vectors, tags = {}, {}
    for c, (centre, words) in enumerate(zip(centres, (["policy", "reward"], ["pixels", "segmentation"],
                                                       ["tokens", "parsing"]))):
        for i in range(5):
            v = centre + rng.normal(scale=0.05, size=4)
            vectors[f"c{c}-{i}"] = v / np.linalg.norm(v)
            tags[f"c{c}-{i}"] = words + [f"unique{c}{i}"]
    proposals = propose_topics(list(vectors), vectors, tags, clusters=3)
    assert sorted(tuple(p["members"]) for p in proposals) == [
        tuple(f"c{c}-{i}" for i in range(5)) for c in range(3)]
    text = proposal_yaml(proposals, "all 15 papers")
    parsed = yaml.safe_load(text)
    assert text.startswith("# Topics proposed by `digest topics suggest` from all 15 papers.")
    assert set(parsed) == {"parsing-and-tokens", "pixels-and-segmentation", "policy-and-reward"}
    entry = parsed["policy-and-reward"]
    assert entry["name"] == "Policy and reward"
    assert entry["description"].startswith("Papers about policy, reward")
    assert entry["papers"] == [f"c0-{i}" for i in range(5)]
    assert set(entry) == {"name", "description", "papers", "keyphrases"}
    # With the papers' topics, each proposal says which topic holds it now (a split) or none (new).
    topics_of = {pid: (("rl",) if pid.startswith("c0") else ("rl", "vision") if pid == "c1-0" else ())
                 for pid in vectors}
    placed = {p["members"][0][:2]: p["within"] for p in propose_topics(list(vectors), vectors, tags, 3, topics_of)}
    assert placed == {"c0": {"topic": "rl", "share": 1.0}, "c1": {"topic": None, "share": 0.8},
                      "c2": {"topic": None, "share": 1.0}}
    assert "  within: \"rl\"  # 100% of its papers" in proposal_yaml(
        propose_topics(list(vectors), vectors, tags, 3, topics_of), "all 15 papers")


def test_topics_cli_report_json_and_suggest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fake_embedder import HashingEmbedder
    import generator.enrich.pipeline as pipeline

    monkeypatch.setattr(pipeline, "make_embedder", lambda settings: HashingEmbedder())
    monkeypatch.chdir(tmp_path)
    content = Path(__file__).parent / "fixtures" / "content"
    result = CliRunner().invoke(cli, ["topics", "report", "--json", "--content", str(content),
                                      "--cache", "c.sqlite3"])
    assert result.exit_code == 0, result.output
    import json
    report = json.loads(result.stdout)          # progress lines go to stderr
    assert "note: no topic is taught yet (fewer than 5 pinned papers have it first)" in result.stderr
    assert set(report) == {"topics", "unsorted", "papers"}
    assert report["papers"]["disparse"] == {"topics": ["model-compression"], "confidence": 1.0, "pinned": True}
    assert set(report["topics"]) == {"model-compression", "reinforcement-learning"}
    assert "disparse" in report["topics"]["model-compression"]           # pinned in its file
    # the table's "least sure" figures are the confidence `topics show` prints, for papers whose first topic it is
    table = CliRunner().invoke(cli, ["topics", "report", "--content", str(content), "--cache", "c.sqlite3"])
    assert table.exit_code == 0, table.output
    firsts = {pid: p for pid, p in report["papers"].items() if not p["pinned"] and p["topics"]}
    assert firsts
    for pid, paper in firsts.items():
        assert f"{pid} ({paper['confidence']:.0%} sure)" in table.output
        shown = CliRunner().invoke(cli, ["topics", "show", pid, "--content", str(content), "--cache", "c.sqlite3"])
        assert f"{paper['confidence']:.0%} sure" in shown.output
    listed = [pid for ids in report["topics"].values() for pid in ids] + report["unsorted"]
    assert set(listed) == {"deep-incubation", "disparse", "hierarchical-goal-conditioned-rl", "mixture-of-surprises"}
    refused = CliRunner().invoke(cli, ["topics", "suggest", "--content", str(content), "--cache", "c.sqlite3",
                                       "--output", str(content / "x.yaml")])
    assert refused.exit_code == 2 and not (content / "x.yaml").exists()
    unknown = CliRunner().invoke(cli, ["topics", "suggest", "--topic", "nope", "--content", str(content),
                                       "--cache", "c.sqlite3"])
    assert unknown.exit_code == 2 and "topics.yaml: no topic 'nope'" in unknown.output
    within = CliRunner().invoke(cli, ["topics", "suggest", "--topic", "model-compression", "--content", str(content),
                                      "--cache", "c.sqlite3", "--output", "split.yaml"])
    assert within.exit_code == 0, within.output
    held = len(report["topics"]["model-compression"])
    assert f"from the {held} papers of model-compression." in (tmp_path / "split.yaml").read_text()
    review = CliRunner().invoke(cli, ["topics", "review", "--content", str(content), "--cache", "c.sqlite3"])
    assert review.exit_code == 0, review.output
    lines = [line for line in review.output.splitlines() if line[:3].strip().rstrip(".").isdigit()]
    assert len(lines) == 3 and all("% sure)" in line or ": Unsorted" in line for line in lines)
    sure = [0 if ": Unsorted" in line else int(line.split("(")[1].split("%")[0]) for line in lines]
    assert sure == sorted(sure)                                           # least sure first
    assert "disparse" not in review.output                                # pinned papers are not reviewed
    shown = CliRunner().invoke(cli, ["topics", "show", "disparse", "content/papers/deep-incubation.md",
                                     "--content", str(content), "--cache", "c.sqlite3"])
    assert shown.exit_code == 0, shown.output
    pinned, assigned = shown.stdout.splitlines()
    assert pinned == "disparse: Model compression (pinned)"
    first = report["papers"]["deep-incubation"]
    names = {"model-compression": "Model compression", "reinforcement-learning": "Reinforcement learning"}
    assert assigned.startswith(f"deep-incubation: {names[first['topics'][0]]} (first, {first['confidence']:.0%} sure)")
    missing = CliRunner().invoke(cli, ["topics", "show", "disparce", "--content", str(content), "--cache", "c.sqlite3"])
    assert missing.exit_code == 2 and "disparce: no such paper" in missing.output and "did you mean 'disparse'" in missing.output


def test_topic_phrases_are_the_name_and_the_listed_items() -> None:
    topic = Topic("e", "Efficient deep learning",
                  "Pruning and sparsity, low-bit quantization, such as knowledge distillation; faster training.")
    assert topic_phrases(topic) == ["Efficient deep learning", "Pruning", "sparsity", "low-bit quantization",
                                    "knowledge distillation", "faster training"]


def _calibration_case() -> tuple[list[Paper], dict, dict]:
    """'broad' is close to every paper (its raw cosine beats 'narrow' everywhere); ten papers
    lean towards 'narrow' more than the others do."""
    rng = np.random.default_rng(7)
    topics = {"broad": unit(1, 0, 0), "narrow": unit(0.3, 1, 0)}
    vectors = {}
    for i in range(30):
        lean = 0.55 if i < 10 else 0.05
        vectors[f"p{i:02d}"] = unit(1.0, lean + rng.normal(0, 0.02), 0.4 + rng.normal(0, 0.05))
    return [paper(pid) for pid in vectors], vectors, topics


def test_calibration_gives_a_narrow_topic_its_papers_where_raw_cosines_do_not() -> None:
    papers, vectors, descriptions = _calibration_case()
    topics = {slug: Topic(slug, slug, slug) for slug in descriptions}
    space = [_space(vectors, descriptions)]
    raw = classify(papers, topics, space, replace(RAW, margin=0.0))
    assert {a.slugs for a in raw.values()} == {("broad",)}
    calibrated = classify(papers, topics, space, TopicSettings(phrase_view=False, margin=0.0))
    assert {pid for pid, a in calibrated.items() if a.slugs == ("narrow",)} == {f"p{i:02d}" for i in range(10)}
    few = classify(papers[:5], topics, space, TopicSettings(phrase_view=False))       # too few to calibrate
    assert few == classify(papers[:5], topics, space, replace(RAW, threshold=0.35, margin=0.03))


def _space(vectors: dict, descriptions: dict) -> TopicSpace:
    return TopicSpace(vectors, TopicVectors(descriptions, {s: np.stack([v]) for s, v in descriptions.items()}))


def test_two_models_scores_are_averaged() -> None:
    """The second model sees no lean towards 'narrow' in p00-p04; calibrated over all papers, the
    scores are the two views' average, and the papers both models lean on stay in 'narrow'."""
    papers, vectors, descriptions = _calibration_case()
    topics = {slug: Topic(slug, slug, slug) for slug in descriptions}
    settings = TopicSettings(phrase_view=False, margin=0.0, background=False)
    one = _space(vectors, descriptions)
    ids = sorted(vectors)
    alone = score_topics(papers, topics, [one], settings).scores
    twice = classify(papers, topics, [one, one], settings)
    assert twice == classify(papers, topics, [one], settings)       # the same view twice changes nothing
    # A second view that disagrees on p00-p04 (no lean at all there) and agrees elsewhere.
    other = {pid: (unit(1.0, 0.05, 0.4) if pid in ids[:5] else v) for pid, v in vectors.items()}
    second = score_topics(papers, topics, [_space(other, descriptions)], settings).scores
    both = score_topics(papers, topics, [one, _space(other, descriptions)], settings)
    assert both.calibrated and np.allclose(both.scores, (alone + second) / 2)
    mixed = classify(papers, topics, [one, _space(other, descriptions)], settings)
    narrow = {pid for pid, a in mixed.items() if "narrow" in a.slugs}
    assert set(ids[5:10]) <= narrow <= set(ids[:10])


def test_with_too_few_papers_to_calibrate_only_the_first_model_counts() -> None:
    papers, vectors, descriptions = _calibration_case()
    topics = {slug: Topic(slug, slug, slug) for slug in descriptions}
    flipped = {pid: unit(0.3, 1, 0) for pid in vectors}         # a second model that says 'narrow' for all
    first = classify(papers[:5], topics, [_space(vectors, descriptions)])
    assert first == classify(papers[:5], topics, [_space(vectors, descriptions), _space(flipped, descriptions)])
