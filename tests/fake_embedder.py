"""A deterministic stand-in for the model in fast unit tests (bag of hashed words).

Never the only test of a stage: tests marked `model` run the real one.
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np


class HashingEmbedder:
    identity = "hashing-test-embedder"

    def __init__(self, dims: int = 64):
        self.dims = dims
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dims] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def one_model_settings():
    """Build settings for a HashingEmbedder build: the stand-in replaces the main model only, so
    the second topic model (a real one) is left out."""
    from generator.enrich.pipeline import EnrichSettings

    return EnrichSettings(topic_models=())
