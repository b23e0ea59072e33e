"""Keyphrase quality and speed on Inspec dev and ml-digest dev: the project's extractor against stock KeyBERT.

    .venv/bin/python benchmarks/keyphrases.py [--split dev] [--reader-split dev] [--limit N] [--bench DIR]

Reads ../shared/bench (or --bench / $DIGEST_BENCH_DIR) and skips cleanly when it is absent.
Both extractors share one loaded model in this process; model load and a warm-up call are
excluded from the timings. Scores come from the bench's own kpeval.score, so they are
computed exactly as kpeval.py computes them (macro F1@k over all gold phrases).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_kpeval(bench: Path):
    spec = importlib.util.spec_from_file_location("kpeval", bench / "kpeval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BEFORE_ISSUE_11 = dict(reader_style=False, ranking="formula")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="Inspec split: inspec/<split>.jsonl")
    parser.add_argument("--reader-split", default="dev", help="ml-digest split: ml-digest/<split>.jsonl")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--bench", type=Path,
                        default=Path(os.environ.get("DIGEST_BENCH_DIR", ROOT.parent / "shared" / "bench")))
    args = parser.parse_args()
    datasets = {"Inspec " + args.split: args.bench / "inspec" / f"{args.split}.jsonl",
                "ml-digest " + args.reader_split: args.bench / "ml-digest" / f"{args.reader_split}.jsonl"}
    if not any(path.exists() for path in datasets.values()):
        print(f"skipped: no benchmark data under {args.bench}")
        return 0
    kpeval = load_kpeval(args.bench)

    from keybert import KeyBERT

    from generator.enrich.embedder import SentenceTransformerEmbedder
    from generator.enrich.keyphrases import KeyphraseExtractor, KeyphraseSettings
    from generator.enrich.onnx_embedder import OnnxEmbedder

    embedder = SentenceTransformerEmbedder()
    onnx = OnnxEmbedder(embedder.model_name)
    today = KeyphraseExtractor(onnx)
    on_torch = KeyphraseExtractor(embedder)
    before = KeyphraseExtractor(onnx, KeyphraseSettings(**BEFORE_ISSUE_11))
    formula = KeyphraseExtractor(onnx, KeyphraseSettings(ranking="formula"))
    stock = KeyBERT(model=embedder.model)
    stock_settings = dict(keyphrase_ngram_range=(1, 3), stop_words="english", top_n=10)
    for extractor in (today, on_torch):
        extractor.extract(["A warm-up text about neural networks and keyphrase extraction."])
    stock.extract_keywords("A warm-up text about neural networks and keyphrase extraction.", **stock_settings)
    print(f"model {embedder.identity}; torch threads {embedder.threads}; ONNX Runtime ({onnx.backend}) "
          f"from {onnx.exports}")
    for name, data_file in datasets.items():
        if not data_file.exists():
            print(f"\n{name}: skipped, {data_file} not found")
            continue
        data = kpeval.load_jsonl(str(data_file))
        if args.limit:
            data = data[: args.limit]
        texts = [kpeval.doc_text(record) for record in data]
        rows = []
        start = time.perf_counter()
        stock_preds = [[k for k, _ in stock.extract_keywords(text, **stock_settings)] for text in texts]
        rows.append(("stock KeyBERT (1-3 grams, english stop words)", stock_preds, time.perf_counter() - start))
        for label, extractor in (("digest before issue 11 (ONNX), one batch", before),
                                 ("reader-style rules, formula ranking (ONNX)", formula),
                                 ("digest today on PyTorch, one batch", on_torch),
                                 ("digest today on ONNX Runtime, one batch", today)):
            start = time.perf_counter()
            batch, _ = extractor.extract(texts)
            rows.append((label, [[k.text for k in ks] for ks in batch], time.perf_counter() - start))
        start = time.perf_counter()
        alone = KeyphraseExtractor(onnx)        # its own phrase memory, empty
        single = [alone.extract([text])[0][0] for text in texts]
        rows.append(("digest today on ONNX, one document at a time", [[k.text for k in ks] for ks in single],
                     time.perf_counter() - start))
        print(f"\n{name}: {len(data)} documents")
        print(f"{'method':48} {'F1@5':>6} {'F1@10':>6} {'ms/doc':>8} {'speed-up':>9}")
        baseline = rows[0][2] / len(data)
        for label, preds, seconds in rows:
            scores = kpeval.score(data, {r["id"]: p for r, p in zip(data, preds)})["all"]
            per_doc = seconds / len(data)
            print(f"{label:48} {scores['macro_F1@5']:6.2f} {scores['macro_F1@10']:6.2f} "
                  f"{1000 * per_doc:8.2f} {baseline / per_doc:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
