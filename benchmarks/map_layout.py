"""The map's layout (generator/group/map_layout.py) on the real arXiv days, and at a year's size.

    .venv/bin/python benchmarks/map_layout.py [--bench DIR] [--cache FILE] [--year]

On the 20 days of shared/bench/arxiv/ (2,928 papers), imported one day at a time:
- how faithful each map is: trustworthiness@10 (scikit-learn: are a paper's neighbours on the
  map its neighbours in the embedding? 1 is perfect) on 1,500 papers, for PCA (the map before
  issue 34, in this process) and the epoch layout;
- how stable: after each new day, how far yesterday's papers moved (on a map of width 1), on
  days that only place papers and on days that end an epoch;
- seconds: the whole chain cold, and a day with the chain cached.
With --year: 75,000 papers (the real vectors with a little noise, 300 a weekday over 250
weekdays), the chain cold and then one more day, with the layout cache warm: what a daily build
pays, and what a year's first build pays. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from topics import bench_arguments, load_arxiv  # noqa: E402

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.group.map_layout import MapPaper, epochs, layout  # noqa: E402
from generator.group.topics import model_space  # noqa: E402
from generator.models import Digest  # noqa: E402
from generator.render.map_data import points_file  # noqa: E402


def pca_map(papers: list[MapPaper]) -> dict[str, tuple[float, float]]:
    """The map before issue 34: the two principal components, scaled into the unit square."""
    matrix = np.stack([p.vector for p in papers]).astype(np.float64)
    centred = matrix - matrix.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    points = centred @ components[:2].T
    points = (points - points.min(axis=0)) / np.ptp(points, axis=0).max()
    return {p.id: (float(x), float(y)) for p, (x, y) in zip(papers, points)}


def real_papers(bench: Path, cache: EnrichmentCache) -> list[MapPaper]:
    papers = load_arxiv(bench / "arxiv")
    space = model_space(Digest(tuple(papers), {}, {}, ()), cache, EnrichSettings())
    return [MapPaper(p.id, p.added, np.asarray(space.paper_vectors[p.id], dtype=np.float32)) for p in papers]


def faithfulness(papers: list[MapPaper]) -> None:
    from sklearn.manifold import trustworthiness

    sample = np.random.default_rng(0).choice(len(papers), min(1500, len(papers)), replace=False)
    vectors = np.stack([papers[i].vector for i in sample])
    print("| map | trustworthiness@10 | seconds (cold) |\n|---|---:|---:|")
    for name, method in (("PCA (before issue 34)", pca_map), ("epoch layout (t-SNE)", layout)):
        start = time.perf_counter()
        placed = method(papers)
        seconds = time.perf_counter() - start
        xy = np.array([placed[papers[i].id] for i in sample])
        print(f"| {name} | {trustworthiness(vectors, xy, n_neighbors=10):.3f} | {seconds:.1f} |")


def day_by_day(papers: list[MapPaper]) -> None:
    days = sorted({p.added for p in papers})
    print("\n| day | papers | epochs | seconds (cache warm) | yesterday's papers moved: median | p95 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "layouts.sqlite3"
        before = layout([p for p in papers if p.added == days[0]], cache)
        for day in days[1:]:
            shown = [p for p in papers if p.added <= day]
            start = time.perf_counter()
            after = layout(shown, cache)
            seconds = time.perf_counter() - start
            moved = np.array([np.hypot(after[i][0] - x, after[i][1] - y) for i, (x, y) in before.items()])
            print(f"| {day} | {len(shown):,} | {len(epochs(shown))} | {seconds:.1f} | {np.median(moved):.4f} | "
                  f"{np.percentile(moved, 95):.4f} | {moved.max():.4f} |", flush=True)
            before = after


def year(papers: list[MapPaper], size: int = 75_000, per_day: int = 300) -> None:
    rng = np.random.default_rng(0)
    start_day = dt.date(2025, 3, 3)
    weekdays = [d for d in (start_day + dt.timedelta(days=n) for n in range(400)) if d.weekday() < 5]
    synthetic = []
    for n in range(size):
        source = papers[n % len(papers)].vector
        v = source + rng.normal(0, 0.02, source.shape).astype(np.float32)
        synthetic.append(MapPaper(f"y{n:06d}", weekdays[n // per_day], v / np.linalg.norm(v)))
    print(f"\nA year: {size:,} papers over {size // per_day} weekdays, {len(epochs(synthetic))} epochs")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "layouts.sqlite3"
        yesterday = [p for p in synthetic if p.added < synthetic[-1].added]
        started = time.perf_counter()
        layout(yesterday, cache)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        placed = layout(synthetic, cache)
        daily = time.perf_counter() - started
    order = sorted(placed)
    data = points_file(order, placed, {i: 0 for i in order})
    print(f"- the chain cold (a year's first build): {cold:.0f} s; one more day, cache warm: {daily:.1f} s")
    print(f"- points.bin {len(data) / 1000:.0f} KB ({len(data) / size:.0f} bytes a paper)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench_arguments(parser)
    parser.add_argument("--year", action="store_true", help="also lay out 75,000 papers")
    args = parser.parse_args()
    if not (args.bench / "arxiv").exists():
        print(f"skipped: {args.bench / 'arxiv'} not found")
        return 0
    papers = real_papers(args.bench, EnrichmentCache(args.cache))
    print(f"{len(papers):,} papers of {len({p.added for p in papers})} arXiv days\n")
    faithfulness(papers)
    day_by_day(papers)
    if args.year:
        year(papers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
