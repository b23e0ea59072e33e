"""Where enrichment spends its time, per stage, with the PyTorch and the ONNX Runtime embedder.

    .venv/bin/python benchmarks/enrich_profile.py [--repeat 2]

Runs the enrich stage of the seed content (content/) stage by stage: tagging, candidate
phrases, candidate embedding, document embedding, KeyBERT similarities, ranking features
(with the titles' embeddings) and the learned ranking, highlights. Both embedders
are loaded (and the ONNX export made, if missing, under .cache/onnx) and warmed up before
timing; the best of --repeat runs is shown. Reads only content/, so it never skips.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.curation.loader import load_digest  # noqa: E402
from generator.enrich.candidates import noun_phrases, pattern_tagger, soften_title_case  # noqa: E402
from generator.enrich.embedder import SentenceTransformerEmbedder  # noqa: E402
from generator.enrich.highlights import highlights  # noqa: E402
from generator.enrich.keyphrases import CandidateTable, KeyphraseExtractor, keybert_similarities  # noqa: E402
from generator.enrich.onnx_embedder import OnnxEmbedder  # noqa: E402
from generator.enrich.pipeline import document_text  # noqa: E402
from generator.enrich.ranking import default_ranker  # noqa: E402


def profile(embedder, texts: list[str], abstracts: list[str]) -> dict[str, float]:
    extractor = KeyphraseExtractor(embedder)
    settings = extractor.settings
    tag = pattern_tagger()
    seconds: dict[str, float] = {}

    def timed(name, action):
        start = time.perf_counter()
        value = action()
        seconds[name] = time.perf_counter() - start
        return value

    tagged = timed("tagging", lambda: [tag(soften_title_case(t)) for t in texts])
    candidates = timed("candidate phrases", lambda: [noun_phrases(t, settings.max_words, settings.reader_style)
                                                     for t in tagged])
    vocabulary = sorted({c.text for found in candidates for c in found})
    words = timed("candidate embedding", lambda: embedder.encode(vocabulary))
    documents = timed("document embedding", lambda: embedder.encode(texts, max_tokens=settings.doc_max_tokens))
    table = timed("KeyBERT similarities", lambda: CandidateTable(
        embedder, texts, candidates, vocabulary, words, documents,
        keybert_similarities(candidates, vocabulary, words, documents)))
    features = timed("features (+ title embedding)", table.features)
    ranker = default_ranker()
    timed("learned ranking", lambda: [extractor._rank(found, dict(zip((c.text for c in found), ranker.scores(f))))
                                      for found, f in zip(candidates, features)])
    timed("highlights", lambda: highlights(abstracts, embedder.encode))
    seconds["(candidates)"] = len(vocabulary)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    papers = load_digest(ROOT / "content").papers
    texts = [document_text(p) for p in papers]
    abstracts = [p.abstract for p in papers]
    embedders = {"PyTorch": SentenceTransformerEmbedder(), "ONNX": OnnxEmbedder("all-MiniLM-L6-v2")}
    for embedder in embedders.values():
        embedder.encode(["warm-up sentence about neural networks"])
        KeyphraseExtractor(embedder).extract(["A warm-up text about graph neural networks."])
    results = {name: min((profile(e, texts, abstracts) for _ in range(args.repeat)),
                         key=lambda r: sum(v for k, v in r.items() if not k.startswith("(")))
               for name, e in embedders.items()}
    print(f"{len(papers)} seed papers, {int(results['ONNX']['(candidates)'])} distinct candidates; ms per paper")
    print(f"{'stage':22} {'PyTorch':>9} {'ONNX':>9} {'ratio':>7}")
    totals = {name: 0.0 for name in results}
    for stage in results["PyTorch"]:
        if stage.startswith("("):
            continue
        row = {name: 1000 * r[stage] / len(papers) for name, r in results.items()}
        for name in totals:
            totals[name] += row[name]
        print(f"{stage:22} {row['PyTorch']:9.2f} {row['ONNX']:9.2f} {row['PyTorch'] / row['ONNX']:6.2f}x")
    print(f"{'total':22} {totals['PyTorch']:9.2f} {totals['ONNX']:9.2f} {totals['PyTorch'] / totals['ONNX']:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
