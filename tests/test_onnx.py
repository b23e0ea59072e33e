"""The ONNX Runtime embedder: PyTorch's embeddings without PyTorch, KeyBERT's ranking without
KeyBERT, and builds after the first one that never import torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_digest
from generator.enrich.candidates import Candidate, noun_phrases, pattern_tagger
from generator.enrich.embedder import DEFAULT_MODEL, SentenceTransformerEmbedder
from generator.enrich.highlights import sentences
from generator.enrich.keyphrases import KeyphraseExtractor, keybert_similarities
from generator.enrich.onnx_embedder import OnnxEmbedder
from generator.enrich.onnx_session import MANIFEST, MODEL_FILE
from generator.enrich.packaged_models import MPNET
from generator.enrich.pipeline import document_text
from tests.conftest import paper_text

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).parent / "fixtures"


def real_texts() -> list[str]:
    """Real abstracts (fixture papers and a seed dump), their sentences, and short phrases."""
    documents = [document_text(p) for p in load_digest(FIXTURES / "content").papers]
    documents += (FIXTURES / "dumps" / "abstracts-a.txt").read_text(encoding="utf-8").splitlines()
    documents = [d for d in documents if d.strip()]
    return documents + [s for d in documents[:6] for s in sentences(d)] + [
        "goal-conditioned RL", "NeRF", "sparse vision transformers", "ImageNet-1k", "μ-parametrisation"]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("onnx")
    embedder = OnnxEmbedder(DEFAULT_MODEL, folder)
    embedder.encode(["an export for the tests of this module"])
    assert embedder.backend == "onnx"
    return folder


@pytest.fixture(scope="module")
def pytorch() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def test_onnx_embeddings_equal_pytorchs_on_real_abstracts(exports: Path, pytorch) -> None:
    texts = real_texts()
    onnx = OnnxEmbedder(DEFAULT_MODEL, exports)
    assert onnx.identity == pytorch.identity          # so every enrichment cache key stays valid
    for limit in (None, 128, 8):
        found, expected = onnx.encode(texts, max_tokens=limit), pytorch.encode(texts, max_tokens=limit)
        assert found.shape == expected.shape == (len(texts), 384)
        assert float(np.abs(found - expected).max()) < 1e-5, limit
    manifest = json.loads(next(exports.glob(f"*/{MANIFEST}")).read_text())
    assert 0 <= manifest["max_abs_difference"] < 1e-5


def test_keyphrases_are_the_same_on_either_backend(exports: Path, pytorch) -> None:
    texts = real_texts()[:12]
    on_onnx, onnx_vectors = KeyphraseExtractor(OnnxEmbedder(DEFAULT_MODEL, exports)).extract(texts)
    on_torch, torch_vectors = KeyphraseExtractor(pytorch).extract(texts)
    assert [[k.text for k in ks] for ks in on_onnx] == [[k.text for k in ks] for ks in on_torch]
    assert all(len(ks) >= 5 for text, ks in zip(texts, on_onnx) if len(text.split()) > 100)
    assert np.abs(onnx_vectors - torch_vectors).max() < 1e-5


def keyberts_own(texts: list[str], candidates: list[list[Candidate]], vocabulary: list[str],
                 word_vectors: np.ndarray, doc_vectors: np.ndarray) -> list[dict[str, float]]:
    """What the extractor did before: KeyBERT itself, handed our candidates and embeddings."""
    from keybert import KeyBERT
    from sklearn.feature_extraction.text import CountVectorizer

    phrases = {text: [c.text for c in found] for text, found in zip(texts, candidates)}
    vectorizer = CountVectorizer(analyzer=lambda text: phrases[text], lowercase=False)
    most = max(len(found) for found in candidates)
    ranked = KeyBERT(model=SentenceTransformerEmbedder().model).extract_keywords(
        texts, vectorizer=vectorizer, top_n=most, doc_embeddings=doc_vectors, word_embeddings=word_vectors)
    return [dict(pairs) for pairs in ranked]


def test_the_numpy_ranking_equals_keyberts(exports: Path) -> None:
    texts = real_texts()[:20]
    tag = pattern_tagger()
    candidates = [noun_phrases(tag(text)) for text in texts]
    vocabulary = sorted({c.text for found in candidates for c in found})
    embedder = OnnxEmbedder(DEFAULT_MODEL, exports)
    words, documents = embedder.encode(vocabulary), embedder.encode(texts, max_tokens=128)
    ours = keybert_similarities(candidates, vocabulary, words, documents)
    assert ours == keyberts_own(texts, candidates, vocabulary, words, documents)
    assert sum(len(found) for found in ours) > 200


BLOCK_TORCH = """
import sys
class BlockTorch:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'torch', 'sentence_transformers', 'transformers', 'keybert'}:
            raise ImportError('blocked by the test: ' + name)
sys.meta_path.insert(0, BlockTorch())
from generator.cli import main
sys.argv = ['digest'] + sys.argv[1:]
try:
    main()
finally:
    print('torch imported:', 'torch' in sys.modules, file=sys.stderr)
"""


def test_a_second_cold_build_with_new_papers_never_imports_torch(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    first = subprocess.run([sys.executable, "-m", "generator", "enrich", "--content", str(content),
                            "--cache", str(tmp_path / "first.sqlite3")], capture_output=True, text=True, cwd=root)
    assert first.returncode == 0 and "4 computed" in first.stderr, first.stderr
    manifests = [json.loads(path.read_text()) for path in (tmp_path / "onnx").glob(f"*/{MANIFEST}")]
    exported = {OnnxEmbedder(DEFAULT_MODEL).identity, OnnxEmbedder(MPNET).identity}  # the topic model's too
    assert sorted(m["model"] for m in manifests) == sorted(exported)             # beside the cache
    info = CliRunner().invoke(cli, ["cache", "info", "--cache", str(tmp_path / "first.sqlite3")])
    for identity in exported:
        assert f"ONNX export of {identity}: {tmp_path / 'onnx'}" in info.output, info.output
    (content / "papers" / "a-new-paper.md").write_text(paper_text(
        "title: Sparse mixtures of experts for long-context retrieval\nadded: 2026-11-23",
        "We propose a sparse mixture of experts that routes long documents to retrieval experts."))
    second = subprocess.run(
        [sys.executable, "-c", BLOCK_TORCH, "build", "--strict", "--content", str(content),
         "--site", str(tmp_path / "site"),
         "--cache", str(tmp_path / "second.sqlite3"), "--config", str(root / "mkdocs.yml")],
        capture_output=True, text=True, cwd=root)
    assert second.returncode == 0, second.stderr
    assert "5 computed" in second.stderr and "torch imported: False" in second.stderr, second.stderr
    assert "PyTorch" not in second.stderr
    page = (tmp_path / "site" / "papers" / "a-new-paper" / "index.html").read_text(encoding="utf-8")
    assert "mixture of experts" in page.lower()


def test_a_damaged_export_is_reported_and_made_again(tmp_path: Path, exports: Path, pytorch) -> None:
    copy = tmp_path / "onnx"
    shutil.copytree(exports, copy)
    model = next(copy.glob(f"*/{MODEL_FILE}"))
    abandoned, running = (copy / f".{model.parent.name}.part-{n}" for n in ("old", "new"))
    for folder in (abandoned, running):
        folder.mkdir()
        (folder / MODEL_FILE).write_bytes(b"half")
    os.utime(abandoned, (0, 0))                            # left by an export killed long ago
    model.write_bytes(model.read_bytes()[:4096])           # as a full disk or a killed copy leaves it
    notices: list[str] = []
    embedder = OnnxEmbedder(DEFAULT_MODEL, copy, notice=notices.append)
    text = ["Graph neural networks learn on molecules."]
    vector = embedder.encode(text)
    assert embedder.backend == "onnx"
    assert len(notices) == 1 and "unreadable" in notices[0] and str(model.parent) in notices[0], notices
    assert np.abs(vector - pytorch.encode(text)).max() < 1e-5
    assert model.stat().st_size > 1_000_000
    assert not abandoned.exists() and running.exists()    # a young one may be another build's


def test_an_export_whose_manifest_misstates_the_dimension_is_made_again(tmp_path: Path, exports: Path,
                                                                       pytorch) -> None:
    copy = tmp_path / "onnx"
    shutil.copytree(exports, copy)
    manifest_path = next(copy.glob(f"*/{MANIFEST}"))
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "dimension": 12}))
    notices: list[str] = []
    embedder = OnnxEmbedder(DEFAULT_MODEL, copy, notice=notices.append)
    text = ["Graph neural networks learn on molecules."]
    vector = embedder.encode(text)
    assert len(notices) == 1 and "unreadable (ValueError)" in notices[0], notices
    assert vector.shape == (1, 384) and np.abs(vector - pytorch.encode(text)).max() < 1e-5
    assert json.loads(manifest_path.read_text())["dimension"] == 384


def test_a_model_that_cannot_be_exported_runs_on_pytorch_with_one_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pytorch) -> None:
    # The export itself is replaced here (no offline model fails it); what is tested is the
    # fallback: a notice, the real PyTorch model, and no export folder left behind.
    import generator.enrich.onnx_export as onnx_export

    def refuse(model, folder, threads=None):
        raise onnx_export.ExportError("its tokenizer is not a fast (tokenizer.json) tokenizer")

    monkeypatch.setattr(onnx_export, "export_model", refuse)
    notices: list[str] = []
    embedder = OnnxEmbedder(DEFAULT_MODEL, tmp_path / "onnx", notice=notices.append)
    text = ["Diffusion models generate images."]
    assert np.abs(embedder.encode(text) - pytorch.encode(text)).max() == 0
    assert embedder.backend == "torch"
    assert notices == [f"model '{DEFAULT_MODEL}' cannot run on ONNX Runtime (its tokenizer is not a fast "
                       "(tokenizer.json) tokenizer); using PyTorch"]
    assert not (tmp_path / "onnx").exists() or not any((tmp_path / "onnx").iterdir())


def test_an_export_that_cannot_be_written_runs_on_pytorch_with_one_notice(tmp_path: Path, pytorch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    notices: list[str] = []
    embedder = OnnxEmbedder(DEFAULT_MODEL, blocker / "onnx", notice=notices.append)
    text = ["Robots learn to grasp from demonstrations."]
    assert np.abs(embedder.encode(text) - pytorch.encode(text)).max() == 0
    assert embedder.backend == "torch"
    assert len(notices) == 1 and "cannot write the ONNX export" in notices[0] and str(blocker) in notices[0]
    assert blocker.read_text() == "a file where the cache folder would be"
