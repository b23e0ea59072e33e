"""Does "N% sure" mean what it says when topics are described only (a new digest, no exemplars)?

    .venv/bin/python benchmarks/confidence.py [--bench DIR] [--cache FILE] [--pairs 15]

The 2,928 papers of the 20 arXiv days, classified with no exemplars and no pins, as a digest that
has only its taxonomy: with this project's 20 topics, and with two-topic taxonomies (every pair of
the readers' six commonest first topics), where most papers fit neither topic. Scored on the 240
papers two blind readers labelled (`data/arxiv-two-readers.json`), each reader a sample: the
claim is the digest's first topic with its confidence (`digest topics show` / `review`); it holds
when it is the reader's first topic. An Unsorted paper claims nothing (confidence 0).

Prints, for the softmax over the topics alone (the baseline, `none_outcome=False`) and with "no
topic fits" as one more outcome (today): the mean confidence against the share of claims that
hold, the expected calibration error (10 bins), and, for the papers whose reader puts them in
neither topic of a pair, the mean confidence and the share claimed at 90% or more.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from topics import bench_arguments, load_arxiv, read_taxonomy  # noqa: E402

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.group.topics import TopicSettings, classify, model_space  # noqa: E402
from generator.models import Digest, Topic  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "arxiv-two-readers.json"
READERS = ("reader A", "reader B")
BINS = 10
VARIANTS = (("softmax over the topics (baseline)", TopicSettings(none_outcome=False)),
            ("with 'no topic fits' (today)", TopicSettings()))


@dataclass
class Claims:
    confidence: list[float]
    holds: list[bool]
    off: list[float]            # confidence of claims on papers whose reader's topics are all outside

    def add(self, other: "Claims") -> None:
        self.confidence += other.confidence
        self.holds += other.holds
        self.off += other.off


def claims(assignments: Mapping, labels: Mapping[str, dict], taxonomy: Mapping[str, Topic]) -> Claims:
    result = Claims([], [], [])
    for reader in READERS:
        for pid, topics in labels[reader].items():
            if not topics:
                continue
            assignment = assignments[pid]
            result.confidence.append(assignment.confidence)
            result.holds.append(assignment.slugs[:1] == (topics[0],))
            if not set(topics) & set(taxonomy):
                result.off.append(assignment.confidence)
    return result


def calibration_error(confidence: Sequence[float], holds: Sequence[bool]) -> float:
    """Expected calibration error: the claims in BINS equal-width bins of confidence, each bin's
    |mean confidence - share that holds| weighted by its size."""
    conf, held = np.asarray(confidence), np.asarray(holds, dtype=float)
    bins = np.minimum((conf * BINS).astype(int), BINS - 1)
    return float(sum(abs(conf[bins == b].mean() - held[bins == b].mean()) * (bins == b).sum()
                     for b in range(BINS) if (bins == b).any()) / len(conf))


def row(label: str, found: Claims) -> str:
    conf, held = np.mean(found.confidence), np.mean(found.holds)
    off = (f"{np.mean(found.off):.0%} | {np.mean(np.asarray(found.off) >= 0.9):.0%} ({len(found.off)})"
           if found.off else "- | -")
    return (f"| {label} | {conf:.0%} | {held:.0%} | {calibration_error(found.confidence, found.holds):.3f} | "
            f"{off} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench_arguments(parser)
    parser.add_argument("--pairs", type=int, default=15, help="How many two-topic taxonomies (of the 15 pairs).")
    args = parser.parse_args()
    if not (args.bench / "arxiv").is_dir() or not LABELS.is_file():
        print(f"skipped: {args.bench / 'arxiv'} or {LABELS} not found")
        return 0
    labels = json.loads(LABELS.read_text())
    papers = load_arxiv(args.bench / "arxiv")
    taxonomy = read_taxonomy(ROOT / "content" / "topics.yaml")
    settings = EnrichSettings()
    digest = Digest(tuple(papers), {}, taxonomy, ())
    cache = EnrichmentCache(args.cache)
    spaces = tuple(model_space(digest, cache, replace(settings, model=model))
                   for model in dict.fromkeys((settings.model, *settings.topic_models)))
    common = [slug for slug, _ in Counter(t[0] for r in READERS for t in labels[r].values() if t).most_common(6)]
    pairs = list(itertools.combinations(common, 2))[:args.pairs]
    print(f"{len(papers)} papers, no exemplars; {sum(bool(t) for r in READERS for t in labels[r].values())} "
          f"labelled claims (two readers). Two-topic taxonomies: the pairs of {', '.join(common)}.")
    print("\n| taxonomy | variant | mean confidence | claims that hold | calibration error | "
          "off-taxonomy papers: mean confidence | claimed at >= 90% (papers) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, topic_settings in VARIANTS:
        found = claims(classify(papers, taxonomy, spaces, topic_settings), labels, taxonomy)
        print(f"| all {len(taxonomy)} topics " + row(label, found))
    for label, topic_settings in VARIANTS:
        total = Claims([], [], [])
        for pair in pairs:
            small = {slug: taxonomy[slug] for slug in pair}
            total.add(claims(classify(papers, small, spaces, topic_settings), labels, small))   # by slug
        print(f"| {len(pairs)} two-topic taxonomies " + row(label, total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
