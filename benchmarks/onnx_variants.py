"""Is a faster ONNX variant good enough? int8 dynamic quantisation against the float export.

    .venv/bin/python benchmarks/onnx_variants.py [--bench DIR]

For the float export (what builds use) and its int8 dynamic quantisation (onnxruntime's
`quantize_dynamic`, per channel), prints: ms per document embedding the seed abstracts (128
tokens), the largest difference and lowest cosine against PyTorch's embeddings, keyphrase F1@10
on Inspec dev and ml-digest dev (kpeval's scoring), and how many seed papers change topics.
The bar for offering a variant (issue 15): F1 within 0.3 of the float export on both sets and
no seed paper's topics changed. Keyphrase sets skip cleanly when ../shared/bench is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.keyphrases import load_kpeval  # noqa: E402
from generator.curation.loader import load_digest  # noqa: E402
from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.embedder import SentenceTransformerEmbedder  # noqa: E402
from generator.enrich.keyphrases import KeyphraseExtractor  # noqa: E402
from generator.enrich.onnx_embedder import OnnxEmbedder  # noqa: E402
from generator.enrich.onnx_session import MODEL_FILE, OnnxSession  # noqa: E402
from generator.enrich.pipeline import document_text  # noqa: E402
from generator.pipeline import analyse  # noqa: E402


class Variant:
    """An embedder over one export folder, with its own identity so caches never mix."""

    def __init__(self, name: str, folder: Path):
        self.identity = f"all-MiniLM-L6-v2 ({name})"
        self.session = OnnxSession.load(folder)

    def encode(self, texts, max_tokens=None):
        return self.session.encode(texts, max_tokens)


def quantised_copy(export: Path, target: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    shutil.copytree(export, target)
    quantize_dynamic(str(export / MODEL_FILE), str(target / MODEL_FILE), weight_type=QuantType.QInt8,
                     per_channel=True)
    return target


def keyphrase_f1(embedder, data, kpeval) -> float:
    texts = [kpeval.doc_text(record) for record in data]
    found, _ = KeyphraseExtractor(embedder).extract(texts)
    preds = {r["id"]: [k.text for k in ks] for r, ks in zip(data, found)}
    return kpeval.score(data, preds)["all"]["macro_F1@10"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path,
                        default=Path(os.environ.get("DIGEST_BENCH_DIR", ROOT.parent / "shared" / "bench")))
    args = parser.parse_args()
    onnx = OnnxEmbedder("all-MiniLM-L6-v2")
    onnx.encode(["the export, made if missing"])
    export = next(onnx.exports.glob("*/manifest.json")).parent
    texts = [document_text(p) for p in load_digest(ROOT / "content").papers]
    pytorch = SentenceTransformerEmbedder()
    reference = pytorch.encode(texts, max_tokens=128)
    datasets = {name: path for name, path in (("Inspec dev", args.bench / "inspec" / "dev.jsonl"),
                                             ("ml-digest dev", args.bench / "ml-digest" / "dev.jsonl"))
                if path.exists()}
    kpeval = load_kpeval(args.bench) if datasets else None
    corpora = {"seed papers": texts}
    if "Inspec dev" in datasets:
        corpora["Inspec dev"] = [kpeval.doc_text(r) for r in kpeval.load_jsonl(str(datasets["Inspec dev"]))]
    print("float32 export against PyTorch, largest absolute difference of any embedding component:")
    for name, corpus in corpora.items():
        for limit in (128, None):
            difference = np.abs(onnx.encode(corpus, limit) - pytorch.encode(corpus, limit)).max()
            print(f"  {name} ({len(corpus)} texts, {limit or 'all'} tokens): {difference:.2e}")
    print()
    with tempfile.TemporaryDirectory(prefix="digest-onnx-variants-") as tmp:
        variants = {"float32 (builds)": Variant("float32", export),
                    "int8 dynamic": Variant("int8", quantised_copy(export, Path(tmp) / "int8"))}
        topics = {}
        print(f"{'variant':18} {'ms/doc':>7} {'max diff':>9} {'min cos':>8} "
              + " ".join(f"{name + ' F1@10':>18}" for name in datasets) + f" {'seed topics changed':>20}")
        for name, variant in variants.items():
            variant.encode(texts[:8], 128)
            start = time.perf_counter()
            vectors = variant.encode(texts, 128)
            per_doc = 1000 * (time.perf_counter() - start) / len(texts)
            cosine = float((vectors * reference).sum(axis=1).min())
            scores = [keyphrase_f1(variant, kpeval.load_jsonl(str(path)), kpeval) for path in datasets.values()]
            analysis = analyse(ROOT / "content", EnrichmentCache(Path(tmp) / f"{variant.identity}.sqlite3"),
                               embedder_factory=lambda v=variant: v)
            topics[name] = {pid: a.slugs for pid, a in analysis.grouping.assignments.items()}
            changed = sum(topics[name][pid] != slugs for pid, slugs in next(iter(topics.values())).items())
            print(f"{name:18} {per_doc:7.2f} {np.abs(vectors - reference).max():9.2e} {cosine:8.4f} "
                  + " ".join(f"{score:18.2f}" for score in scores) + f" {changed:20d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
