"""Sentence embeddings by ONNX Runtime from an export in the cache folder: no PyTorch.

The first run exports the model (`onnx_export`, which needs torch); every later run loads
only `onnxruntime` and `tokenizers`. The embeddings equal PyTorch's to float rounding (the
export is checked on probe texts before it is kept), so the embedder's identity, and with it
every enrichment cache key, is the model's, whichever backend computed it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from generator.enrich.embedder import Embedder, SentenceTransformerEmbedder, model_identity

DEFAULT_EXPORTS = Path(".cache") / "onnx"
MANIFEST = "manifest.json"      # written last: an export without it is unfinished
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
BATCH_TOKENS = 1024             # padded tokens a call: 8 abstracts of 128 tokens, 128 phrases of 8


def _notice(message: str) -> None:
    print(f"notice: {message}", file=sys.stderr)


def _batches(order: list[int], lengths: list[int], batch_tokens: int) -> list[list[int]]:
    """Rows in order of length, cut into batches of about `batch_tokens` padded tokens: many
    short phrases go in one call, long abstracts a few at a time, and little is padding."""
    batches, current = [], []
    for row in order:
        if current and (len(current) + 1) * lengths[row] > batch_tokens:
            batches.append(current)
            current = []
        current.append(row)
    return batches + [current] if current else batches


def exports_in(folder: Path) -> list[tuple[Path, dict]]:
    """The finished exports under `folder`, with their manifests (unreadable ones left out)."""
    found = []
    for manifest in sorted(folder.glob(f"*/{MANIFEST}")):
        try:
            found.append((manifest.parent, json.loads(manifest.read_text())))
        except (OSError, ValueError):
            continue
    return found


class OnnxSession:
    """One loaded export: its tokenizer and its inference session."""

    def __init__(self, session, tokenizer, manifest: dict):
        self.session = session
        self.tokenizer = tokenizer
        self.manifest = manifest
        self.inputs: list[str] = manifest["inputs"]
        self.max_seq_length: int = manifest["max_seq_length"]

    @classmethod
    def load(cls, folder: Path, threads: int | None = None, manifest: dict | None = None) -> "OnnxSession":
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import onnxruntime
        from tokenizers import Tokenizer

        manifest = manifest or json.loads((folder / MANIFEST).read_text())
        options = onnxruntime.SessionOptions()
        # One process, two cores: all threads inside an operator, none across operators.
        options.intra_op_num_threads = threads or max(1, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options,
                                               providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        tokenizer.no_padding()
        width = next((o.shape[-1] for o in session.get_outputs() if o.name == "sentence_embedding"), None)
        if isinstance(width, int) and width != manifest["dimension"]:
            raise ValueError(f"the manifest says {manifest['dimension']} dimensions, the model gives {width}")
        return cls(session, tokenizer, manifest)

    def encode(self, texts: Sequence[str], max_tokens: int | None = None,
               batch_tokens: int = BATCH_TOKENS) -> np.ndarray:
        dimension = self.manifest["dimension"]
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        limit = min(max_tokens or self.max_seq_length, self.max_seq_length)
        self.tokenizer.enable_truncation(max_length=limit)
        lowered = self.manifest["do_lower_case"]
        encodings = self.tokenizer.encode_batch([(t.lower() if lowered else t).strip() for t in texts])
        out = np.empty((len(texts), dimension), dtype=np.float32)
        for rows in _batches(sorted(range(len(texts)), key=lambda i: len(encodings[i].ids)),
                             [len(e.ids) for e in encodings], batch_tokens):
            out[rows] = self._run([encodings[i] for i in rows])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def _run(self, encodings) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        arrays = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in self.inputs}
        arrays["input_ids"].fill(self.manifest["pad_id"])        # every export has ids and a mask
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            arrays["input_ids"][row, :n] = encoding.ids
            arrays["attention_mask"][row, :n] = encoding.attention_mask
            if "token_type_ids" in arrays:
                arrays["token_type_ids"][row, :n] = encoding.type_ids
        return self.session.run(["sentence_embedding"], arrays)[0]


class OnnxEmbedder:
    """The `Embedder` of every build: exports on first use, falls back to PyTorch (with a
    one-line notice) for a model that cannot be exported faithfully."""

    def __init__(self, model: str, exports: Path = DEFAULT_EXPORTS, threads: int | None = None,
                 batch_tokens: int = BATCH_TOKENS, notice: Callable[[str], None] = _notice):
        self.model_name = model
        self.exports = exports
        self.threads = threads
        self.batch_tokens = batch_tokens
        self.notice = notice

    @property
    def identity(self) -> str:
        return model_identity(self.model_name)

    @property
    def backend(self) -> str:
        return "onnx" if isinstance(self._runner, OnnxSession) else "torch"

    def encode(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        runner = self._runner
        if isinstance(runner, OnnxSession):
            return runner.encode(texts, max_tokens, self.batch_tokens)
        return runner.encode(texts, max_tokens)

    @cached_property
    def _runner(self) -> OnnxSession | Embedder:
        from generator.enrich.onnx_export import ExportError, export_key, export_model

        folder = self.exports / export_key(self.model_name)
        if (folder / MANIFEST).exists():
            try:
                return OnnxSession.load(folder, self.threads)
            except Exception as exc:        # onnxruntime and tokenizers raise their own kinds
                self.notice(f"{folder}: the exported model is unreadable ({type(exc).__name__}); exporting it again")
                shutil.rmtree(folder, ignore_errors=True)
        try:
            export_model(self.model_name, folder, self.threads)
        except ExportError as exc:
            return self._on_pytorch(f"model {self.model_name!r} cannot run on ONNX Runtime ({exc})")
        except OSError as exc:          # a read-only or full disk: the build can still run
            return self._on_pytorch(f"{folder}: cannot write the ONNX export ({exc.strerror or exc})")
        return OnnxSession.load(folder, self.threads)

    def _on_pytorch(self, why: str) -> Embedder:
        self.notice(f"{why}; using PyTorch")
        return SentenceTransformerEmbedder(self.model_name, self.threads)
