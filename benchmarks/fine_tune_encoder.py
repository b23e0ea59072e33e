"""Issue 31's untried lever, tried: does fine-tuning the encoder on the exemplars lift topics?

    .venv/bin/python benchmarks/fine_tune_encoder.py [--epochs 1] [--batch 32] [--loss ce|triplet]

SetFit's idea (contrastive or supervised fine-tuning of a sentence encoder on a few labelled
examples a class, then a linear head) applied to the taxonomy's 4,607 exemplars
(content/exemplars.jsonl) and all-MiniLM-L6-v2, on this machine's CPU:

1. the frozen model: each exemplar embedded as the build reads a paper (title. abstract, its first
   128 tokens), a multinomial logistic head on the exemplars' first topics;
2. the same model fine-tuned for `--epochs` over the exemplars, either with a linear head and
   cross-entropy on the normalised embedding (`ce`), or with sentence-transformers'
   BatchAllTripletLoss (`triplet`, SetFit's contrastive family), then the same head as in 1.

Both are scored on the two blind readers' 240 papers (data/arxiv-two-readers.json), halves as in
topics_readers.py: first = the head's topic is the reader's first, in set = it is among the
reader's topics (mean over the readers), at the head's L2 strengths C = 0.3-10. Only the first
topic is compared: it is what the encoder decides; the digest's further topics come after it.

Reads ../shared/bench/arxiv (the readers' papers); skips cleanly when it is absent. About 4 min
to embed, and 8-25 min an epoch on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402

from topics import half_of, load_arxiv  # noqa: E402

from generator.enrich.packaged_models import MINILM, packaged_location  # noqa: E402
from generator.enrich.pipeline import document_text  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "arxiv"
LABELS = ROOT / "benchmarks" / "data" / "arxiv-two-readers.json"
READERS = ("reader A", "reader B")
STRENGTHS = (0.3, 1.0, 3.0, 10.0)
MAX_TOKENS = 128      # as the build reads a paper (EnrichSettings.keyphrases.doc_max_tokens)


class Data:
    def __init__(self) -> None:
        labels = json.loads(LABELS.read_text())
        self.readers = {r: labels[r] for r in READERS}
        self.ids = sorted(self.readers[READERS[0]])
        papers = {p.id: p for p in load_arxiv(BENCH)}
        exemplars = [json.loads(line) for line in (ROOT / "content" / "exemplars.jsonl").open()]
        exemplars = [e for e in exemplars if e["topics"]]
        self.slugs = sorted({t for e in exemplars for t in e["topics"]})
        self.first = np.array([self.slugs.index(e["topics"][0]) for e in exemplars])
        self.train_texts = [f"{e['title']}. {e['abstract']}" for e in exemplars]
        self.eval_texts = [document_text(papers[i]) for i in self.ids]

    def scores(self, predicted: np.ndarray) -> dict[str, tuple[float, float]]:
        """half -> (first %, in set %), the mean over the readers."""
        result = {}
        for half in ("choose", "report"):
            per_reader = []
            for labels in self.readers.values():
                rows = [(k, pid) for k, pid in enumerate(self.ids) if half_of(pid) == half and labels[pid]]
                first = np.mean([self.slugs[predicted[k]] == labels[pid][0] for k, pid in rows])
                in_set = np.mean([self.slugs[predicted[k]] in labels[pid] for k, pid in rows])
                per_reader.append((first, in_set))
            mean = 100 * np.mean(per_reader, axis=0)
            result[half] = (float(mean[0]), float(mean[1]))
        return result


def print_heads(label: str, data: Data, train: np.ndarray, evaluated: np.ndarray) -> None:
    from sklearn.linear_model import LogisticRegression
    for strength in STRENGTHS:
        head = LogisticRegression(C=strength, max_iter=3000).fit(train, data.first)
        s = data.scores(head.predict(evaluated))
        both = (s["choose"][0] + s["report"][0]) / 2
        print(f"| {label} | {strength:g} | {s['choose'][0]:.1f} / {s['choose'][1]:.1f} | "
              f"{s['report'][0]:.1f} / {s['report'][1]:.1f} | {both:.1f} |", flush=True)


def embed(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)


def fine_tune(model, data: Data, epochs: float, batch: int, loss_name: str) -> float:
    """Seconds spent; the model is tuned in place."""
    import torch
    from sentence_transformers.sentence_transformer.losses import BatchAllTripletLoss

    torch.manual_seed(0)
    head = torch.nn.Linear(model.get_sentence_embedding_dimension(), len(data.slugs))
    triplet = BatchAllTripletLoss(model)
    optimiser = torch.optim.AdamW([{"params": model.parameters(), "lr": 2e-5},
                                   {"params": head.parameters(), "lr": 1e-3}])
    rng, order, start = random.Random(0), [], time.perf_counter()
    steps = int(epochs * len(data.train_texts) / batch)
    model.train()
    for step in range(steps):
        if len(order) < batch:
            order += rng.sample(range(len(data.train_texts)), len(data.train_texts))
        rows, order = order[:batch], order[batch:]
        features = model.preprocess([data.train_texts[k] for k in rows])
        target = torch.tensor(data.first[rows])
        pooled = model(features)["sentence_embedding"]
        if loss_name == "ce":     # a cosine classifier: the normalised embedding, scaled, through a linear head
            loss = torch.nn.functional.cross_entropy(head(torch.nn.functional.normalize(pooled, dim=-1) * 10), target)
        else:
            loss = triplet.batch_all_triplet_loss(target, pooled)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 20 == 0:
            print(f"  step {step} of {steps}: loss {float(loss.detach()):.3f}, "
                  f"{time.perf_counter() - start:.0f} s", flush=True)
    model.eval()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--loss", choices=("ce", "triplet"), default="ce")
    args = parser.parse_args()
    if not BENCH.is_dir():
        print(f"skipped: {BENCH} is absent")
        return 0
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    data = Data()
    model = SentenceTransformer(str(packaged_location(MINILM)), device="cpu")
    model.max_seq_length = MAX_TOKENS
    print(f"{MINILM}; {len(data.train_texts):,} exemplars, {len(data.slugs)} topics; {len(data.ids)} papers "
          "read by two blind readers\n")
    print("| encoder | head C | choose: first / in set % | report: first / in set % | first %, all 240 |")
    print("|---|---:|---:|---:|---:|")
    start = time.perf_counter()
    frozen = embed(model, data.train_texts), embed(model, data.eval_texts)
    print_heads("frozen", data, *frozen)
    embedding = time.perf_counter() - start
    seconds = fine_tune(model, data, args.epochs, args.batch, args.loss)
    print_heads(f"fine-tuned ({args.loss}, {args.epochs:g} epoch)", data,
                embed(model, data.train_texts), embed(model, data.eval_texts))
    print(f"\nembedding the {len(data.train_texts) + len(data.ids):,} texts: {embedding:.0f} s; fine-tuning: "
          f"{seconds:.0f} s ({seconds / max(args.epochs, 1e-9):.0f} s an epoch)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
