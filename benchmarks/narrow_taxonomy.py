"""Topics in a digest of one field: sibling topics described only, against two blind readers.

    .venv/bin/python benchmarks/narrow_taxonomy.py [--cache FILE]

`benchmarks/data/robotics-two-readers.json` holds 115 real cs.RO papers and a taxonomy of four
sibling topics (manipulation, locomotion, navigation, imitation learning), each paper labelled
blind by two readers (0-3 topics, the main one first; none when no topic fits). The papers are
written into a temporary content tree and classified as one digest, with no exemplars or pins,
once with each further-topic rule:

- baseline: a further topic is `strong` against the shipped broad reference alone (before);
- today: also against the digest's own papers of other topics (`strong_within_digest`).

Prints the readers' agreement (their ceiling), then per rule: topics a paper; the reader's first
topic among the assigned (papers a reader gave a topic); precision (assigned topics the reader
gave, over every paper); papers the reader left without a topic that got one; each topic's share
of the assignments against the readers'. Scores are the mean over both readers. The enrichment
cache is --cache (default .cache/enrichment.sqlite3: the first run embeds 115 abstracts).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from topics import score  # noqa: E402
from topics_readers import shares  # noqa: E402

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.group.topics import TopicSettings, score_topics  # noqa: E402
from generator.group.topics.assign import assignments  # noqa: E402
from generator.pipeline import analyse  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "robotics-two-readers.json"


def write_content(data: dict, content: Path) -> None:
    (content / "papers").mkdir(parents=True)
    (content / "topics.yaml").write_text(yaml.safe_dump(data["topics"], sort_keys=True), encoding="utf-8")
    (content / "labs.yaml").write_text("{}\n", encoding="utf-8")
    for paper in data["papers"]:
        front = {"title": paper["title"], "authors": paper["authors"], "added": paper["added"],
                 "categories": paper["categories"], "links": {"arxiv": paper["arxiv"]}}
        text = f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n{paper['abstract']}\n"
        (content / "papers" / f"{paper['id']}.md").write_text(text, encoding="utf-8")


def scores(assigned: dict[str, list[str]], reader: dict[str, list[str]]) -> tuple[float, float, float]:
    """(primary %, precision %) as `topics.score` counts them, and the share of the reader's
    no-topic papers that were given one (%)."""
    result = score(assigned, [{"id": pid, "topics": topics} for pid, topics in reader.items()])
    empty = [pid for pid, topics in reader.items() if not topics]
    claimed = sum(bool(assigned[pid]) for pid in empty) / max(len(empty), 1)
    return result["primary"], result["precision"], 100 * claimed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "enrichment.sqlite3")
    args = parser.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    readers = [{p["id"]: p["readers"][i] for p in data["papers"]} for i in (0, 1)]
    first_agree = sum(readers[0][pid][:1] == readers[1][pid][:1] for pid in readers[0]) / len(readers[0])
    print(f"{len(data['papers'])} papers, {len(data['topics'])} topics; the readers give the same first topic "
          f"(or none) to {100 * first_agree:.1f}%, {sum(not t for t in readers[0].values())} and "
          f"{sum(not t for t in readers[1].values())} papers no topic")
    reader_shares = [shares(r) for r in readers]
    with tempfile.TemporaryDirectory() as work:
        content = Path(work) / "content"
        write_content(data, content)
        analysis = analyse(content, EnrichmentCache(args.cache))
    papers = sorted(analysis.digest.papers, key=lambda p: p.id)
    slugs = sorted(data["topics"])
    print(f"\n{'rule':<10} {'topics a paper':>14} {'primary %':>9} {'precision %':>11} {'none given one %':>16}  "
          + "  ".join(f"{s[:12]:>12}" for s in slugs))
    print(f"{'readers':<10} {'':>14} {'':>9} {'':>11} {'':>16}  "
          + "  ".join(f"{(reader_shares[0].get(s, 0) + reader_shares[1].get(s, 0)) / 200:12.2f}" for s in slugs))
    for label, settings in (("baseline", replace(TopicSettings(), strong_within_digest=False)),
                            ("today", TopicSettings())):
        result = score_topics(papers, analysis.digest.topics, analysis.topic_spaces, settings,
                              analysis.digest.exemplars)
        assigned = {pid: list(a.slugs) for pid, a in assignments(papers, result, settings).items()}
        mean = [sum(values) / 2 for values in zip(*(scores(assigned, r) for r in readers))]
        share = shares(assigned)
        per_paper = sum(len(t) for t in assigned.values()) / len(assigned)
        print(f"{label:<10} {per_paper:14.2f} {mean[0]:9.1f} {mean[1]:11.1f} {mean[2]:16.1f}  "
              + "  ".join(f"{share.get(s, 0) / 100:12.2f}" for s in slugs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
