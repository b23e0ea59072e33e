"""Topic assignment against a reader's blind labels (ml-digest dev), with the frozen taxonomy.

    .venv/bin/python benchmarks/topics.py [--bench DIR] [--split dev] [--model NAME] [--topic-model NAME]

Reads ../shared/bench/ml-digest/ (dev.jsonl: the reader's 1-3 topics per paper, best first;
topics.yaml: the taxonomy they were labelled against) and skips cleanly when it is absent.
Every paper is classified without pins (a pinned paper would score itself), so the figures
are the classifier's own. Scores, as the bench README defines them:

- primary: the reader's first topic is among the assigned ones (% of papers the reader placed);
- precision: share of assigned topics the reader also gave;
- recall: share of the reader's topics that were assigned;
- unsorted: papers left Unsorted that the reader placed.

Rows: the method as it stood before issue 11 (description prototypes, one global threshold and
margin), then each change on its own: calibration, the best-phrase view, the margin, the
second model (all-mpnet-base-v2) alone and averaged with the first (what the build uses).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings, enrich  # noqa: E402
from generator.group.topics import BEFORE_ISSUE_11, TopicSettings, classify  # noqa: E402
from generator.models import Digest, Paper, Topic  # noqa: E402
from generator.pipeline import topic_spaces  # noqa: E402

TODAY = TopicSettings()
LAST_SESSION = replace(TODAY, margin=0.1)
# (label, settings, views): views "main" = --model alone, "topic" = the topic model alone,
# "both" = their calibrated scores averaged (what the build uses).
ROWS = [
    ("before issue 11: raw cosine to description, threshold 0.35, margin 0.03", BEFORE_ISSUE_11, "main"),
    ("+ best phrase view (raw cosines, same rule)", replace(BEFORE_ISSUE_11, phrase_view=True), "main"),
    ("+ per-topic calibration (z-scores; threshold 0, margin 0.2)", replace(TODAY, phrase_view=False), "main"),
    ("+ both: calibration and best phrase, margin 0.2", TODAY, "main"),
    ("+ margin 0.1 (last session)", LAST_SESSION, "main"),
    ("topic model alone, margin 0.1", LAST_SESSION, "topic"),
    ("topic model alone, margin 0.2", TODAY, "topic"),
    ("both models averaged, margin 0.1", LAST_SESSION, "both"),
    ("both models averaged, margin 0.2 (today)", TODAY, "both"),
    ("both models averaged, margin 0.3", replace(TODAY, margin=0.3), "both"),
    ("both models averaged, one topic a paper", replace(TODAY, max_topics=1), "both"),
]


def score(assigned: dict[str, tuple[str, ...]], records: list[dict]) -> dict[str, float]:
    placed = [r for r in records if r["topics"]]
    primary = sum(r["topics"][0] in assigned[r["id"]] for r in placed) / len(placed)
    n_assigned = sum(len(assigned[r["id"]]) for r in records)
    agreed = sum(len(set(assigned[r["id"]]) & set(r["topics"])) for r in records)
    n_gold = sum(len(r["topics"]) for r in records)
    unsorted = sum(1 for r in placed if not assigned[r["id"]])
    return {"primary": 100 * primary, "precision": 100 * agreed / max(1, n_assigned),
            "recall": 100 * agreed / max(1, n_gold), "unsorted": unsorted,
            "per paper": n_assigned / len(records)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path,
                        default=Path(os.environ.get("DIGEST_BENCH_DIR", ROOT.parent / "shared" / "bench")))
    parser.add_argument("--model", default=EnrichSettings().model)
    parser.add_argument("--topic-model", default=EnrichSettings().topic_models[0])
    parser.add_argument("--split", default="dev", help="ml-digest/<split>.jsonl: another labelled half")
    args = parser.parse_args()
    data = args.bench / "ml-digest" / f"{args.split}.jsonl"
    if not data.exists():
        print(f"skipped: {data} not found")
        return 0
    records = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    raw = yaml.safe_load((args.bench / "ml-digest" / "topics.yaml").read_text())
    taxonomy = {slug: Topic(slug, entry["name"], " ".join(entry["description"].split()))
                for slug, entry in raw.items()}
    settings = EnrichSettings(model=args.model, topic_models=(args.topic_model,))
    cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    papers = [Paper(id=r["id"], title=r["title"], abstract=r["abstract"], added=None) for r in records]
    digest = Digest(topics=taxonomy, labs={}, papers=tuple(papers))
    main, topic = topic_spaces(digest, enrich(papers, cache, settings), cache, settings)
    views = {"main": [main], "topic": [topic], "both": [main, topic]}
    print(f"{len(records)} {args.split} papers, {len(taxonomy)} topics (frozen taxonomy), no pins; "
          f"models {args.model} (main), {args.topic_model} (topic)\n")
    print("| method | primary % | precision % | recall % | unsorted | topics/paper |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, method, view in ROWS:
        assignments = classify(papers, taxonomy, views[view], method)
        result = score({pid: a.slugs for pid, a in assignments.items()}, records)
        print(f"| {label} | {result['primary']:.1f} | {result['precision']:.1f} | {result['recall']:.1f} | "
              f"{result['unsorted']} | {result['per paper']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
