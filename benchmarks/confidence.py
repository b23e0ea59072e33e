"""Does "N% sure" mean what it says when topics are described only (a new digest, no exemplars)?

    .venv/bin/python benchmarks/confidence.py [--bench DIR] [--cache FILE] [--pairs 15]

The 2,928 papers of the 20 arXiv days, classified with no exemplars and no pins, as a digest that
has only its taxonomy: with this project's 20 topics, and with two-topic taxonomies (every pair of
the readers' six commonest first topics), where most papers fit neither topic. Scored on the 240
papers two blind readers labelled (`data/arxiv-two-readers.json`), each reader a sample: the
claim is the digest's first topic with its confidence (`digest topics show` / `review`); it holds
when it is the reader's first topic. An Unsorted paper claims nothing (confidence 0).

The confidence's two settings, `described_temperature` and `none_offset` (where "no topic fits"
is scored), are chosen on the readers' choose half (`topics.half_of`) by the claims' log loss,
the full taxonomy and the two-topic ones together; every figure printed is of the report half.
Prints, for the softmax over the topics alone (the baseline), "no topic fits" at the threshold
with the topics' temperature (the first try) and the chosen settings (today): the mean
confidence against the share of claims that hold, the expected calibration error (10 bins), the
log loss, and, for the papers whose reader puts them in neither topic of a pair, the mean
confidence and the share claimed at 90% or more.
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
from topics import bench_arguments, half_of, load_arxiv, read_taxonomy  # noqa: E402
from topics_readers import LABELS, READERS  # noqa: E402

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.group.topics import TopicSettings, assignments, model_space, score_topics  # noqa: E402
from generator.group.topics.assign import described_probabilities  # noqa: E402
from generator.models import Digest, Topic  # noqa: E402

BINS = 10
TEMPERATURES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
OFFSETS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)
TODAY = TopicSettings()


@dataclass
class Claims:
    confidence: list[float]
    holds: list[bool]
    off: list[float]            # confidence of claims on papers whose reader's topics are all outside

    def add(self, other: "Claims") -> "Claims":
        return Claims(self.confidence + other.confidence, self.holds + other.holds, self.off + other.off)


@dataclass
class Scored:
    """One taxonomy's scores of the papers, computed once; confidences for any setting from them."""
    taxonomy: Mapping[str, Topic]
    order: list
    result: object

    def claims(self, labels: Mapping[str, dict], half: str, settings: TopicSettings) -> Claims:
        probabilities = described_probabilities(self.result.scores, settings)
        chosen = assignments(self.order, replace(self.result, probabilities=probabilities), TODAY)
        found = Claims([], [], [])
        for reader in READERS:
            for pid, topics in labels[reader].items():
                if not topics or half_of(pid) != half:
                    continue
                found.confidence.append(chosen[pid].confidence)
                found.holds.append(chosen[pid].slugs[:1] == (topics[0],))
                if not set(topics) & set(self.taxonomy):
                    found.off.append(chosen[pid].confidence)
        return found


def calibration_error(confidence: Sequence[float], holds: Sequence[bool]) -> float:
    """Expected calibration error: the claims in BINS equal-width bins of confidence, each bin's
    |mean confidence - share that holds| weighted by its size."""
    conf, held = np.asarray(confidence), np.asarray(holds, dtype=float)
    bins = np.minimum((conf * BINS).astype(int), BINS - 1)
    return float(sum(abs(conf[bins == b].mean() - held[bins == b].mean()) * (bins == b).sum()
                     for b in range(BINS) if (bins == b).any()) / len(conf))


def log_loss(found: Claims) -> float:
    p = np.clip(np.asarray(found.confidence), 1e-4, 1 - 1e-4)
    y = np.asarray(found.holds, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def row(label: str, found: Claims) -> str:
    conf, held = np.mean(found.confidence), np.mean(found.holds)
    off = (f"{np.mean(found.off):.0%} | {np.mean(np.asarray(found.off) >= 0.9):.0%} ({len(found.off)})"
           if found.off else "- | -")
    return (f"| {label} | {conf:.0%} | {held:.0%} | {calibration_error(found.confidence, found.holds):.3f} | "
            f"{log_loss(found):.3f} | {off} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench_arguments(parser)
    parser.add_argument("--pairs", type=int, default=15, help="How many two-topic taxonomies (of the 15 pairs).")
    args = parser.parse_args()
    if not (args.bench / "arxiv").is_dir() or not LABELS.is_file():
        print(f"skipped: {args.bench / 'arxiv'} or {LABELS} not found")
        return 0
    labels = json.loads(LABELS.read_text())
    papers = sorted(load_arxiv(args.bench / "arxiv"), key=lambda p: p.id)
    taxonomy = read_taxonomy(ROOT / "content" / "topics.yaml")
    settings = EnrichSettings()
    digest = Digest(tuple(papers), {}, taxonomy, ())
    cache = EnrichmentCache(args.cache)
    spaces = tuple(model_space(digest, cache, replace(settings, model=model))
                   for model in dict.fromkeys((settings.model, *settings.topic_models)))
    common = [slug for slug, _ in Counter(t[0] for r in READERS for t in labels[r].values() if t).most_common(6)]
    pairs = list(itertools.combinations(common, 2))[:args.pairs]
    full = Scored(taxonomy, papers, score_topics(papers, taxonomy, spaces, TODAY))
    small = [Scored(t, papers, score_topics(papers, t, spaces, TODAY))
             for t in ({slug: taxonomy[slug] for slug in pair} for pair in pairs)]

    def together(half: str, settings: TopicSettings) -> tuple[Claims, Claims]:
        pair_claims = Claims([], [], [])
        for scored in small:
            pair_claims = pair_claims.add(scored.claims(labels, half, settings))
        return full.claims(labels, half, settings), pair_claims

    losses = {}
    for t, o in itertools.product(TEMPERATURES, OFFSETS):
        whole, pairs_found = together("choose", replace(TODAY, described_temperature=t, none_offset=o))
        losses[t, o] = log_loss(whole) + log_loss(pairs_found)         # the two kinds of taxonomy weigh the same
    t, o = min(losses, key=losses.get)
    fitted = replace(TODAY, described_temperature=t, none_offset=o)
    print(f"{len(papers)} papers, no exemplars; two-topic taxonomies: the pairs of {', '.join(common)}. Chosen on "
          f"the choose half by log loss (the full taxonomy and the pairs weighing the same): temperature {t}, "
          f"offset {o} (today's settings: {TODAY.described_temperature}, {TODAY.none_offset}). The report half:")
    print("\n| taxonomy | variant | mean confidence | claims that hold | calibration error | log loss | "
          "off-taxonomy papers: mean confidence | claimed at >= 90% (claims) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    variants = (("softmax over the topics (baseline)", replace(TODAY, none_outcome=False)),
                (f"'no topic fits' at the threshold, temperature {TODAY.temperature}",
                 replace(TODAY, described_temperature=TODAY.temperature, none_offset=0.0)),
                (f"chosen: temperature {t}, 'no topic fits' at +{o}", fitted))
    for label, settings_ in variants:
        whole, pairs_found = together("report", settings_)
        print(f"| all {len(taxonomy)} topics " + row(label, whole))
        print(f"| {len(pairs)} two-topic taxonomies " + row(label, pairs_found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
