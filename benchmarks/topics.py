"""Topic assignment against a reader's blind labels (ml-digest dev), with the frozen taxonomy.

    .venv/bin/python benchmarks/topics.py [--bench DIR] [--model NAME]

Reads ../shared/bench/ml-digest/ (dev.jsonl: the reader's 1-3 topics per paper, best first;
topics.yaml: the taxonomy they were labelled against) and skips cleanly when it is absent.
Every paper is classified without pins (a pinned paper would score itself), so the figures
are the classifier's own. Scores, as the bench README defines them:

- primary: the reader's first topic is among the assigned ones (% of papers the reader placed);
- precision: share of assigned topics the reader also gave;
- recall: share of the reader's topics that were assigned;
- unsorted: papers left Unsorted that the reader placed.

Rows: the method as it stood before issue 11 (description prototypes, one global threshold and
margin), then each change on its own and both (what the build uses), and the margin either side.
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
from generator.enrich.pipeline import EnrichSettings, embed_texts, enrich  # noqa: E402
from generator.group.topics import (BEFORE_ISSUE_11, TopicSettings, TopicVectors, assign_topics,  # noqa: E402
                                    prototypes, topic_texts)
from generator.models import Paper, Topic  # noqa: E402

TODAY = TopicSettings()
ROWS = {
    "before issue 11: raw cosine to description, threshold 0.35, margin 0.03": BEFORE_ISSUE_11,
    "+ best phrase view (raw cosines, same rule)": replace(BEFORE_ISSUE_11, phrase_view=True),
    "+ per-topic calibration (z-scores; threshold 0, margin 0.2)": replace(TODAY, phrase_view=False, margin=0.2),
    "+ both: calibration and best phrase, margin 0.2 (last session)": replace(TODAY, margin=0.2),
    "+ margin 0.1 (today)": TODAY,
    "today, margin 0.15": replace(TODAY, margin=0.15),
    "today, margin 0.3": replace(TODAY, margin=0.3),
    "today, one topic a paper": replace(TODAY, max_topics=1),
}


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
    args = parser.parse_args()
    data = args.bench / "ml-digest" / "dev.jsonl"
    if not data.exists():
        print(f"skipped: {data} not found")
        return 0
    records = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    raw = yaml.safe_load((args.bench / "ml-digest" / "topics.yaml").read_text())
    taxonomy = {slug: Topic(slug, entry["name"], " ".join(entry["description"].split()))
                for slug, entry in raw.items()}
    settings = EnrichSettings(model=args.model)
    cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    papers = [Paper(id=r["id"], title=r["title"], abstract=r["abstract"], added=None) for r in records]
    vectors = {pid: e.embedding for pid, e in enrich(papers, cache, settings).items()}
    topic_vectors = TopicVectors.from_texts(taxonomy, embed_texts(topic_texts(taxonomy), cache, settings))
    protos = prototypes(taxonomy, topic_vectors.descriptions, papers, vectors)
    print(f"{len(records)} dev papers, {len(taxonomy)} topics (frozen taxonomy), model {args.model}, no pins\n")
    print("| method | primary % | precision % | recall % | unsorted | topics/paper |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, method in ROWS.items():
        assignments = assign_topics(papers, vectors, protos, method, topic_vectors.phrases)
        result = score({pid: a.slugs for pid, a in assignments.items()}, records)
        print(f"| {label} | {result['primary']:.1f} | {result['precision']:.1f} | {result['recall']:.1f} | "
              f"{result['unsorted']} | {result['per paper']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
