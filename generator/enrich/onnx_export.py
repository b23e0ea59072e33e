"""Export a sentence-transformers model to ONNX once, so later builds run it without PyTorch.

The whole module chain (transformer, pooling, normalisation: whatever the model's
`modules.json` lists) is traced into one graph whose output is the sentence embedding, so
pooling is exactly the model's own. The export is written to a temporary folder beside its
final place, checked against PyTorch on probe texts, and only then renamed into place: a
crash leaves no half-written export under the final name.

This module imports torch; `onnx_embedder` (the runtime) never imports this module unless
it has to export.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from generator.enrich.embedder import SentenceTransformerEmbedder, model_identity
from generator.enrich.onnx_session import MANIFEST, MODEL_FILE, TOKENIZER_FILE, OnnxSession

# Part of the export key: change it when the export itself changes.
EXPORT_FORMAT = {"exporter": "torch.onnx TorchScript", "opset": 17, "output": "sentence_embedding", "format": 1}
# The largest difference from PyTorch an export may show on the probes. Measured on the seed
# abstracts and Inspec dev: 2e-7 (float32 rounding), far inside this.
TOLERANCE = 1e-5
PROBES = (
    "Attention is all you need.",
    "  Leading and trailing spaces, UPPER case and MiXeD case are read as the model reads them.  ",
    "Graph neural networks (GNNs) learn on non-Euclidean data; we propose GraphSAGE-like sampling "
    "and evaluate it on ogbn-arxiv, Cora and PubMed, reaching 92.4% accuracy.",
    "Données, 数据, Δx → 0: non-ASCII text and symbols.",
    " ".join(["A long abstract that runs past the model's token limit."] * 60),
    "",
)
SHORT_LIMIT = 16          # probes are also checked truncated, as documents are (max_tokens)


class ExportError(Exception):
    """The model cannot be exported, or its export does not reproduce PyTorch's embeddings."""


def export_key(model: str) -> str:
    """Names an export folder: the model's identity, the export settings, the exporting torch."""
    try:
        torch_version = version("torch")
    except PackageNotFoundError:
        torch_version = "absent"
    payload = json.dumps({"model": model_identity(model), "export": EXPORT_FORMAT, "torch": torch_version},
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def export_model(model: str, directory: Path, threads: int | None = None) -> dict:
    """Export `model` to `directory` (atomically) and return its manifest.

    Raises ModelLoadError when the model cannot be loaded at all, ExportError when it loads
    but cannot be exported faithfully."""
    reference = SentenceTransformerEmbedder(model, threads=threads)
    st_model = reference.model
    tokenizer = st_model.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        raise ExportError("its tokenizer is not a fast (tokenizer.json) tokenizer")
    directory.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(directory)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}.part-"))
    try:
        manifest = _write_export(st_model, reference.identity, staging)
        manifest["max_abs_difference"] = _check_against(reference, staging, manifest, threads)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        try:
            os.replace(staging, directory)
        except OSError:
            if not (directory / MANIFEST).exists():    # not another build's finished export
                raise
            shutil.rmtree(staging, ignore_errors=True)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove_abandoned(directory: Path, older_than: float = 3600.0) -> None:
    """Staging folders a killed export left behind (90 MB each); a young one may be another
    build's export in progress, so it is left alone."""
    now = time.time()
    for folder in directory.parent.glob(f".{directory.name}.part-*"):
        try:
            if now - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _write_export(st_model, identity: str, folder: Path) -> dict:
    import torch

    features = st_model.preprocess(list(PROBES[:2]))
    names = [name for name, value in features.items() if isinstance(value, torch.Tensor)]
    unknown = set(names) - {"input_ids", "attention_mask", "token_type_ids"}
    if unknown or "input_ids" not in names or "attention_mask" not in names:
        raise ExportError(f"its inputs {sorted(names)} are not token ids, attention mask and token types")

    class Embedding(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.chain = st_model

        def forward(self, *inputs):
            return self.chain(dict(zip(names, inputs)))["sentence_embedding"]

    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"sentence_embedding": {0: "batch"}}
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(Embedding().eval(), tuple(features[name] for name in names), str(folder / MODEL_FILE),
                              input_names=names, output_names=["sentence_embedding"], dynamic_axes=axes,
                              opset_version=EXPORT_FORMAT["opset"], do_constant_folding=True, dynamo=False)
    except Exception as exc:        # the exporter raises many kinds for unsupported operators
        raise ExportError(f"torch.onnx.export failed: {type(exc).__name__}: {exc}") from exc
    st_model.tokenizer.backend_tokenizer.save(str(folder / TOKENIZER_FILE))
    first = st_model[0]
    return {
        "model": identity,
        "inputs": names,
        "max_seq_length": int(st_model.max_seq_length),
        "do_lower_case": bool(getattr(first, "do_lower_case", False)),
        "pad_id": int(st_model.tokenizer.pad_token_id or 0),
        "dimension": int(st_model.get_embedding_dimension()),
        "export": EXPORT_FORMAT,
        "torch": version("torch"),
    }


def _check_against(reference: SentenceTransformerEmbedder, folder: Path, manifest: dict,
                   threads: int | None) -> float:
    """The largest difference between ONNX and PyTorch embeddings of the probes, full and cut."""
    session = OnnxSession.load(folder, threads, manifest)
    worst = 0.0
    for limit in (None, SHORT_LIMIT):
        expected = reference.encode(list(PROBES), max_tokens=limit)
        found = session.encode(list(PROBES), max_tokens=limit)
        if expected.shape != found.shape:
            raise ExportError(f"the export gives vectors of shape {found.shape}, PyTorch {expected.shape}")
        worst = max(worst, float(np.abs(expected - found).max()))
    if worst > TOLERANCE:
        raise ExportError(f"its export differs from PyTorch by up to {worst:.2e} (allowed {TOLERANCE:.0e})")
    return worst
