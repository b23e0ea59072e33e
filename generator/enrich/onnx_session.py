"""One loaded ONNX export of a sentence-embedding model (`OnnxSession`) and the files an export
holds: the runtime half, which `onnx_embedder` runs and `onnx_export` checks a new export with.
Needs only `onnxruntime` and `tokenizers`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

MANIFEST = "manifest.json"      # written last: an export without it is unfinished
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
BATCH_TOKENS = 1024             # padded tokens a call: 8 abstracts of 128 tokens, 128 phrases of 8


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
