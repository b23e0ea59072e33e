"""The map's projection: PCA against t-SNE on the seed embeddings, and the map at 10,000 papers.

    .venv/bin/python benchmarks/projection.py

For each method, on the embeddings of content/ (from the enrichment cache; the model runs if a
paper is missing): seconds; deterministic (two runs byte-equal); trustworthiness@10
(sklearn.manifold.trustworthiness: are map neighbours embedding neighbours? 1 is perfect);
stability: the mean distance existing points move, on a map scaled to width 1, when one paper
leaves the digest (five papers tried in turn; axis flips forgiven). Then the digest's projection
and map SVG for 10,000 synthetic papers (seed embeddings plus a little noise, titles "... (variant
N)"): seconds and bytes.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.group.projection import project  # noqa: E402
from generator.pipeline import analyse  # noqa: E402
from generator.render import charts  # noqa: E402


def unit_box(points: np.ndarray) -> np.ndarray:
    points = points - points.min(axis=0)
    return points / max(float(points.max()), 1e-12)


def displacement(before: np.ndarray, after: np.ndarray) -> float:
    flips = [np.array(s) for s in ((1, 1), (-1, 1), (1, -1), (-1, -1))]
    return min(float(np.mean(np.linalg.norm(np.where(f < 0, 1 - after, after) - before, axis=1))) for f in flips)


def main() -> int:
    from sklearn.manifold import TSNE, trustworthiness

    analysis = analyse(ROOT / "content", EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3"))
    ids = sorted(analysis.enrichments)
    matrix = np.stack([analysis.enrichments[i].embedding for i in ids]).astype(np.float64)

    def digest_pca(x: np.ndarray) -> np.ndarray:
        placed = project({str(i): row for i, row in enumerate(x)})
        return np.array([placed[str(i)] for i in range(len(x))])

    def tsne(x: np.ndarray) -> np.ndarray:
        return TSNE(2, init="pca", random_state=0, perplexity=min(30, len(x) - 1), method="exact").fit_transform(x)

    print(f"{len(ids)} seed papers\n")
    print("| projection | seconds | deterministic | trustworthiness@10 | displacement when one paper changes |")
    print("|---|---:|---|---:|---:|")
    for name, method in (("PCA (the digest's)", digest_pca), ("t-SNE (PCA init, seed 0)", tsne)):
        start = time.perf_counter()
        placed = method(matrix)
        seconds = time.perf_counter() - start
        same = np.array_equal(placed, method(matrix))
        trust = trustworthiness(matrix, placed, n_neighbors=10)
        moves = []
        for drop in (0, 50, 100, 150, 200):
            keep = [i for i in range(len(matrix)) if i != drop]
            moves.append(displacement(unit_box(placed)[keep], unit_box(method(matrix[keep]))))
        print(f"| {name} | {seconds:.2f} | {'yes' if same else 'no'} | {trust:.3f} | {np.mean(moves):.3f} |")

    rng = np.random.default_rng(0)
    size = 10_000
    vectors = {f"{ids[n % len(ids)][:40]}-{n:05d}": matrix[n % len(ids)] + rng.normal(0, 0.02, matrix.shape[1])
               for n in range(size)}
    start = time.perf_counter()
    points = project(vectors)
    seconds = time.perf_counter() - start
    titles = {pid: f"{analysis.digest.paper(ids[int(pid[-5:]) % len(ids)]).title} (variant {int(pid[-5:])})"
              for pid in vectors}
    topic_of = {pid: analysis.grouping.assignments[ids[int(pid[-5:]) % len(ids)]].slugs[:1] or (None,)
                for pid in vectors}
    svg = charts.map_svg(points, titles, {pid: t[0] for pid, t in topic_of.items()},
                         {s: t.name for s, t in analysis.digest.topics.items()},
                         charts.topic_colours(list(analysis.digest.topics)), "../papers/")
    data = svg.encode()
    print(f"\n{size:,} synthetic papers: projection {seconds:.2f} s, map SVG {len(data) / 2**20:.2f} MB "
          f"({len(data) / size:.0f} bytes a paper; {len(gzip.compress(data)) / 2**20:.2f} MB gzip-compressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
