"""Topics against two blind readers on a real field: the measure since issue 31.

    .venv/bin/python benchmarks/topics_readers.py [--bench DIR] [--cache FILE]

(also printed first by benchmarks/topics.py). The data: `data/arxiv-two-readers.json`, 240 papers
of the 20 arXiv days (shared/bench/arxiv/) labelled independently by two blind readers (see its
"about"), split into a half settings were chosen on and a half reported (`half_of`). The digest is
all 2,928 papers of the 20 days classified as one, with content/topics.yaml and, where a method
uses them, content/exemplars.jsonl. Scores are the mean over the two readers:

- primary: the reader's first topic is among the assigned; precision: share of assigned topics
  the reader also gave; first: the assigned first topic is the reader's first; per paper: topics;
- shares: each topic's share of all topic assignments, over the whole digest for a method and over
  the 240 papers (both readers) for the readers; out of band when the ratio leaves 0.67-1.5 for a
  topic that holds at least 5% of either;
- where topics swell: the shares step by step, from raw cosines to today's rule;
- the curator in the loop: the least confident 5% and 10% of the labelled papers (in `digest
  topics review` order) pinned with reader A's labels, the others scored before and after.

Embeddings are cached in --cache (default /work/bench-cache/topics.sqlite3 when it exists, else
.cache/enrichment.sqlite3). Skips cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from topics import bench_arguments, first_share, half_of, load_arxiv, read_taxonomy, score  # noqa: E402

from generator.curation.exemplars import load_exemplars  # noqa: E402
from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.group.review import review_queue  # noqa: E402
from generator.group.topics import BEFORE_ISSUE_31, TopicSettings, classify, model_space  # noqa: E402
from generator.models import Digest, Exemplar, Paper  # noqa: E402

LABELS = Path(__file__).resolve().parent / "data" / "arxiv-two-readers.json"
READERS = ("reader A", "reader B")
TODAY = TopicSettings()
# (label, settings, with exemplars)
METHODS = [
    ("issue 21: descriptions, source prior, pin model", BEFORE_ISSUE_31, False),
    ("issue 21, exemplars teaching through the pin model", BEFORE_ISSUE_31, True),
    ("taught by exemplars (today)", TODAY, True),
    ("  taught, further topics at holds 0.3", replace(TODAY, holds=0.3), True),
    ("  taught, further topics at holds 0.5", replace(TODAY, holds=0.5), True),
    ("  taught, without the zero-shot offset", replace(TODAY, taught_offset=0.0), True),
    ("  taught, L2 1", replace(TODAY, taught_l2=1.0), True),
]
# The issue-21 pipeline step by step, first topics only and then as assigned: where papers swell.
STEPS = [
    ("raw cosines, first topic", replace(BEFORE_ISSUE_31, calibrated=False, source_prior=False, margin=0.0)),
    ("calibrated description only, first topic", replace(BEFORE_ISSUE_31, phrase_view=False, source_prior=False,
                                                         margin=0.0, strong=float("inf"), threshold=-9.0)),
    ("+ phrase view, first topic", replace(BEFORE_ISSUE_31, source_prior=False, margin=0.0, strong=float("inf"),
                                           threshold=-9.0)),
    ("+ source prior, first topic", replace(BEFORE_ISSUE_31, margin=0.0, strong=float("inf"), threshold=-9.0,
                                            prior_adds_topics=False)),
    ("+ margin and strong further topics", replace(BEFORE_ISSUE_31, prior_adds_topics=False)),
    ("+ further topics from the prior (issue 21)", BEFORE_ISSUE_31),
]
SWELLING = ("3d-vision", "robotics", "reinforcement-learning", "recommender-systems", "generative-models")
PIN_SHARES = (0.05, 0.10)
RANDOM_DRAWS = 3
UNTAUGHT = ("medical-imaging", "3d-vision", "vision-language", "generative-models", "robotics")


def reader_scores(assigned: Mapping[str, Sequence[str]], labels: Mapping[str, dict], half: str) -> dict[str, float]:
    """The scores of `score` and `first_share`, averaged over the two readers."""
    totals: Counter = Counter()
    for reader in READERS:
        records = [{"id": pid, "topics": t} for pid, t in labels[reader].items() if half in ("all", half_of(pid))]
        result = score(assigned, records)
        result["first"] = first_share(assigned, records)
        totals.update({k: v / len(READERS) for k, v in result.items()})
    return dict(totals)


def shares(assigned: Mapping[str, Sequence[str]]) -> dict[str, float]:
    counts = Counter(t for topics in assigned.values() for t in topics)
    total = max(1, sum(counts.values()))
    return {slug: 100 * n / total for slug, n in counts.items()}


def reader_shares(labels: Mapping[str, dict]) -> dict[str, float]:
    return shares({f"{r} {pid}": t for r in READERS for pid, t in labels[r].items()})


def out_of_band(digest: Mapping[str, float], readers: Mapping[str, float]) -> list[str]:
    bad = []
    for slug in sorted(set(digest) | set(readers)):
        d, r = digest.get(slug, 0.0), readers.get(slug, 0.0)
        if max(d, r) >= 5 and not (r and 0.67 <= d / r <= 1.5):
            bad.append(f"{slug} {d / r if r else float('inf'):.2f}x")
    return bad


def agreement(labels: Mapping[str, dict]) -> str:
    a, b = (labels[r] for r in READERS)
    both = [pid for pid in a if a[pid] and b.get(pid)]
    first = 100 * sum(a[p][0] == b[p][0] for p in both) / len(both)
    a_in_b = 100 * sum(a[p][0] in b[p] for p in both) / len(both)
    b_in_a = 100 * sum(b[p][0] in a[p] for p in both) / len(both)
    per = [sum(map(len, labels[r].values())) / len(labels[r]) for r in READERS]
    return (f"{len(a)} papers; the readers agree on {first:.1f}% of first topics; each one's first topic is among the "
            f"other's {a_in_b:.1f}% / {b_in_a:.1f}% of the time; {per[0]:.2f} / {per[1]:.2f} topics a paper")


class Bench:
    """The 20 days as one digest, its spaces with and without the exemplars."""

    def __init__(self, bench: Path, cache: EnrichmentCache):
        self.papers = load_arxiv(bench / "arxiv")
        self.taxonomy = read_taxonomy(ROOT / "content" / "topics.yaml")
        found, problems = load_exemplars(ROOT / "content" / "exemplars.jsonl", "content/exemplars.jsonl",
                                         self.taxonomy)
        if problems:
            raise SystemExit("\n".join(map(str, problems)))
        self.exemplars: tuple[Exemplar, ...] = found
        settings = EnrichSettings()
        digest = Digest(tuple(self.papers), {}, self.taxonomy, self.exemplars)
        self.spaces = tuple(model_space(digest, cache, replace(settings, model=model))
                            for model in dict.fromkeys((settings.model, *settings.topic_models)))

    def classify(self, settings: TopicSettings, exemplars: bool, papers: Sequence[Paper] | None = None) -> dict:
        return classify(papers or self.papers, self.taxonomy, self.spaces, settings,
                        self.exemplars if exemplars else ())


def print_methods(bench: Bench, labels: Mapping[str, dict]) -> dict[str, dict]:
    print("\n| method | choose: primary % | precision % | first % | per paper | report: primary % | precision % | "
          "first % | per paper | shares out of band (digest / readers) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    assigned_by: dict[str, dict] = {}
    readers = reader_shares(labels)
    for label, settings, with_exemplars in METHODS:
        assigned = {pid: a.slugs for pid, a in bench.classify(settings, with_exemplars).items()}
        assigned_by[label] = assigned
        cells = []
        for half in ("choose", "report"):
            s = reader_scores(assigned, labels, half)
            cells.append(f"{s['primary']:.1f} | {s['precision']:.1f} | {s['first']:.1f} | {s['per paper']:.2f}")
        print(f"| {label} | {' | '.join(cells)} | {', '.join(out_of_band(shares(assigned), readers)) or 'none'} |")
    return assigned_by


def print_shares(assigned_by: Mapping[str, dict], labels: Mapping[str, dict]) -> None:
    readers = reader_shares(labels)
    before, today = assigned_by[METHODS[0][0]], assigned_by[METHODS[2][0]]
    print("\nTopic shares (% of all topic assignments): the readers' over the 240 papers, the digest's over its "
          f"{len(today)}; ratio to the readers':")
    print("\n| topic | readers % | issue 21 % | ratio | today % | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    old, new = shares(before), shares(today)
    for slug in sorted(readers, key=lambda s: -readers[s]) + sorted(set(new) - set(readers)):
        r = readers.get(slug, 0.0)
        ratios = [f"{share.get(slug, 0) / r:.2f}" if r else "-" for share in (old, new)]
        print(f"| {slug} | {r:.1f} | {old.get(slug, 0):.1f} | {ratios[0]} | {new.get(slug, 0):.1f} | {ratios[1]} |")


def print_steps(bench: Bench, labels: Mapping[str, dict]) -> None:
    readers = reader_shares(labels)
    print("\nWhere topics swell: the issue-21 rule step by step (first topic only, then as assigned), each topic's "
          "share of the assignments over the readers' share:")
    print("\n| step | " + " | ".join(SWELLING) + " | first % (choose) |")
    print("|---|" + "---:|" * (len(SWELLING) + 1))
    rows = [(label, settings, False) for label, settings in STEPS] + [("taught by exemplars (today)", TODAY, True)]
    for label, settings, with_exemplars in rows:
        assigned = {pid: a.slugs for pid, a in bench.classify(settings, with_exemplars).items()}
        digest = shares(assigned)
        first = reader_scores(assigned, labels, "choose")["first"]
        print(f"| {label} | " + " | ".join(f"{digest.get(s, 0) / readers[s]:.2f}" if readers.get(s) else "-"
                                          for s in SWELLING) + f" | {first:.1f} |")


def print_review_curve(bench: Bench, labels: Mapping[str, dict]) -> None:
    """The labelled papers pinned in review order, or at random (reader A's labels as the curator's
    answers), the other labelled papers scored against both readers."""
    print("\nThe curator in the loop: 5% and 10% of the labelled papers pinned with reader A's labels, least "
          f"confident first or at random (mean of {RANDOM_DRAWS} draws); the other labelled papers scored (both "
          "readers), primary / precision / first %:")
    print("\n| method | order | pins | before | after |")
    print("|---|---|---:|---|---|")
    reader_a = labels[READERS[0]]
    for label, settings, with_exemplars in (METHODS[0], METHODS[2]):
        plain = bench.classify(settings, with_exemplars)
        queue = [pid for pid in review_queue(plain) if pid in reader_a and reader_a[pid]]
        orders = {"review": [queue], "random": [random.Random(d).sample(sorted(queue), len(queue))
                                                 for d in range(RANDOM_DRAWS)]}
        for order, draws in orders.items():
            for share in PIN_SHARES:
                n = round(share * len(reader_a))
                cells = np.mean([_pinned_scores(bench, settings, with_exemplars, plain, labels, set(draw[:n]))
                                 for draw in draws], axis=0)
                print(f"| {label} | {order} | {n} | {cells[0]:.1f} / {cells[1]:.1f} / {cells[2]:.1f} | "
                      f"{cells[3]:.1f} / {cells[4]:.1f} / {cells[5]:.1f} |")


def _pinned_scores(bench: Bench, settings: TopicSettings, with_exemplars: bool, plain: dict,
                   labels: Mapping[str, dict], pinned: set[str]) -> list[float]:
    """(primary, precision, first) of the unpinned labelled papers before and after the pins."""
    reader_a = labels[READERS[0]]
    papers = [replace(p, topics=tuple(reader_a[p.id])) if p.id in pinned else p for p in bench.papers]
    after = bench.classify(settings, with_exemplars, papers)
    rest = {r: {pid: t for pid, t in labels[r].items() if pid not in pinned} for r in READERS}
    result = []
    for assigned in (plain, after):
        s = reader_scores({pid: a.slugs for pid, a in assigned.items()}, rest, "all")
        result += [s["primary"], s["precision"], s["first"]]
    return result


def print_untaught(bench: Bench, labels: Mapping[str, dict]) -> None:
    """A topic added with a description and no exemplars: its exemplars left out, one topic at a time."""
    readers = reader_shares(labels)
    print("\nA topic with no exemplars (a curator's new topic): each of these topics' exemplars left out in turn; "
          "its share of the assignments against the readers', and its papers (reader A's first topic) given it:")
    print("\n| topic left untaught | exemplars left out | share % | readers % | its papers given it % | "
          "of them first % | all (choose): primary % | precision % |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for slug in UNTAUGHT:
        kept = [i for i, e in enumerate(bench.exemplars) if e.topics[0] != slug]
        spaces = [replace(s, exemplar_vectors=s.exemplar_vectors[kept]) for s in bench.spaces]
        result = classify(bench.papers, bench.taxonomy, spaces, TODAY, [bench.exemplars[i] for i in kept])
        assigned = {pid: a.slugs for pid, a in result.items()}
        own = [pid for pid, t in labels[READERS[0]].items() if t and t[0] == slug]
        given = 100 * sum(slug in assigned[pid] for pid in own) / max(1, len(own))
        first = 100 * sum(assigned[pid][:1] == (slug,) for pid in own) / max(1, len(own))
        s = reader_scores(assigned, labels, "choose")
        print(f"| {slug} | {len(bench.exemplars) - len(kept)} | {shares(assigned).get(slug, 0):.1f} | "
              f"{readers.get(slug, 0):.1f} | {given:.0f} (of {len(own)}) | {first:.0f} | {s['primary']:.1f} | "
              f"{s['precision']:.1f} |")


def run(bench_dir: Path, cache: EnrichmentCache) -> None:
    if not (bench_dir / "arxiv").exists():
        print(f"skipped: {bench_dir / 'arxiv'} not found")
        return
    labels = json.loads(LABELS.read_text())
    bench = Bench(bench_dir, cache)
    print(f"Two blind readers ({LABELS.name}): {agreement(labels)}. The digest: {len(bench.papers)} papers of the "
          f"20 arXiv days as one, {len(bench.taxonomy)} topics, {len(bench.exemplars)} exemplars.")
    assigned_by = print_methods(bench, labels)
    print_shares(assigned_by, labels)
    print_steps(bench, labels)
    print_review_curve(bench, labels)
    print_untaught(bench, labels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bench_arguments(parser)
    args = parser.parse_args()
    run(args.bench, EnrichmentCache(args.cache))
    return 0


if __name__ == "__main__":
    sys.exit(main())
