"""Sentence embeddings by ONNX Runtime from an export in the cache folder: no PyTorch.

The first run exports the model (`onnx_export`, which needs torch); every later run loads
only `onnxruntime` and `tokenizers`. The embeddings equal PyTorch's to float rounding (the
export is checked on probe texts before it is kept), so the embedder's identity, and with it
every enrichment cache key, is the model's, whichever backend computed it.
"""

from __future__ import annotations

import shutil
import sys
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from generator.enrich.embedder import Embedder, SentenceTransformerEmbedder, model_identity
from generator.enrich.onnx_session import BATCH_TOKENS, MANIFEST, OnnxSession

DEFAULT_EXPORTS = Path(".cache") / "onnx"


def _notice(message: str) -> None:
    print(f"notice: {message}", file=sys.stderr)


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
