"""Highlights against the real titles: which sentence of an abstract best says what the paper does.

    .venv/bin/python benchmarks/highlights.py [--content content] [--examples 20]

The real title is its authors' own one-line summary, so on every paper of content/ with a real
title (no `title_derived`), each method picks one sentence of the abstract (which never sees
the title) and the sentence is compared with the title: embedding cosine (the packaged
all-MiniLM-L6-v2) and content-word F1 (as benchmarks/titles.py counts it). Methods: the first
sentence, the first "we propose/present/..." sentence (else the first), the most central
sentence, central with a bonus for contribution sentences, and the digest's choice (the first
contribution sentence, else the most central). Then how many of the digest's highlights open
with a connective, trimmed (and before trimming).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generator.enrich import highlights as hl  # noqa: E402
from titles import overlap_f1, papers_with_real_titles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    papers = papers_with_real_titles(args.content)
    if papers is None:
        return 0
    from generator.enrich.onnx_embedder import OnnxEmbedder

    embedder = OnnxEmbedder("all-MiniLM-L6-v2")
    candidates = [hl.candidate_sentences(p.abstract) for p in papers]
    flat = [s for found in candidates for s in found]
    vectors = dict(zip(flat, embedder.encode(flat)))
    titles = dict(zip((p.id for p in papers), embedder.encode([p.title for p in papers])))

    def contribution_first(found: list[str], paper) -> str:
        return next((s for s in found if hl.CONTRIBUTION.search(s)), found[0] if found else hl.first_words(paper.abstract))

    def central(bonus: float):
        def pick(found: list[str], paper) -> str:
            if not found:
                return hl.first_words(paper.abstract)
            matrix = np.stack([vectors[s] for s in found])
            centre = matrix.mean(axis=0) / np.linalg.norm(matrix.mean(axis=0))
            scores = matrix @ centre + np.array([bonus if hl.CONTRIBUTION.search(s) else 0.0 for s in found])
            return found[int(np.argmax(scores))]
        return pick

    methods = {
        "first sentence": lambda found, paper: hl.sentences(paper.abstract)[0],
        "first 'we propose/present/...' sentence": contribution_first,
        "most central sentence": central(0.0),
        "central + contribution bonus 0.15": central(0.15),
        "most central contribution sentence, else most central": central(10.0),
        "first contribution sentence, else most central (the digest's)": lambda found, paper: hl.highlights(
            [paper.abstract], lambda texts: np.stack([vectors[t] for t in texts]))[0],
    }
    print(f"{len(papers)} papers with real titles\n")
    print("| method | cosine to title | word F1 to title |\n|---|---:|---:|")
    chosen = {}
    for label, pick in methods.items():
        picks = [pick(found, paper) for found, paper in zip(candidates, papers)]
        chosen[label] = picks
        encoded = dict(zip(picks, embedder.encode(picks)))
        cosine = statistics.mean(float(encoded[s] @ titles[p.id]) for s, p in zip(picks, papers))
        words = 100 * statistics.mean(overlap_f1(s, p.title) for s, p in zip(picks, papers))
        print(f"| {label} | {cosine:.3f} | {words:.1f} |")
    digest_pick = chosen["first contribution sentence, else most central (the digest's)"]
    untrimmed = [contribution_first(found, paper) if any(hl.CONTRIBUTION.search(s) for s in found) else pick
                 for found, paper, pick in zip(candidates, papers, chosen["most central sentence"])]
    print(f"\nhighlights that open with a connective (\"However,\", \"To this end,\"): "
          f"{sum(bool(hl._CONNECTIVE.match(s)) for s in digest_pick)} of {len(papers)} "
          f"(untrimmed: {sum(bool(hl._CONNECTIVE.match(s)) for s in untrimmed)})")
    print("\nexamples (title -> highlight):")
    for paper, pick in list(zip(papers, digest_pick))[:args.examples]:
        print(f"  {paper.title}\n    -> {pick}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
