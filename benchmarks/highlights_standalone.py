"""Highlights that stand alone (issue 35): the blind reader's verdicts, and the rule's own counts.

    .venv/bin/python benchmarks/highlights_standalone.py [--bench DIR] [--cache FILE]

Prints the verdicts kept in data/highlights-blind-reader.json (50 random highlights of the 20
arXiv days and 50 the rule changed, before and after, "stands alone: yes or no") and in
data/highlights-blind-readers-2.json (a second round: three readers, three samples), then, on all
2,928 papers of the days with today's code, how many highlights are under nine words or still
point back by the rule's own test (`points_back`), against the highlights the data file keeps as
"before" where it has them. Sentence vectors come from --cache (the model runs for any missing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = Path(__file__).resolve().parent / "data" / "highlights-blind-reader.json"
SECOND = Path(__file__).resolve().parent / "data" / "highlights-blind-readers-2.json"
READERS = {"A": "A, the line only", "B": "B, the title and the line", "C": "C, the line only"}


def verdicts() -> None:
    data = json.loads(DATA.read_text())
    print("First round (295b2c7's rule), one reader, the line only:\n")
    print("| sample | papers | before: stand alone | after: stand alone |\n|---|---:|---:|---:|")
    for name, rows in data["papers"].items():
        before = sum(r["before stands alone"] == "yes" for r in rows)
        after = sum(r["after stands alone"] == "yes" for r in rows)
        print(f"| {name} | {len(rows)} | {before} | {after} |")
    second = json.loads(SECOND.read_text())
    print("\nSecond round (before: 24cd5a2; rules 1 and 2: see the data file's 'about'):\n")
    print("| sample | reader | papers | before | after | after is |\n|---|---|---:|---:|---:|---|")
    for name, rows in second["samples"].items():
        for reader, label in READERS.items():
            after = next((k for k in (f"{reader}: rule 2", f"{reader}: rule 1") if k in rows[0]), None)
            if after:
                yes = [sum(r[k] == "yes" for r in rows) for k in (f"{reader}: before", after)]
                print(f"| {name} | {label} | {len(rows)} | {yes[0]} | {yes[1]} | {after.split(': ')[1]} |")


def rule_counts(bench: Path, cache_path: Path) -> None:
    from topics import load_arxiv

    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.highlights import STANDS_ALONE, highlights, points_back, sentences
    from generator.enrich.pipeline import EnrichSettings, embed_texts

    papers = load_arxiv(bench / "arxiv")
    cache = EnrichmentCache(cache_path)

    def encode(texts):
        found = embed_texts(texts, cache, EnrichSettings())
        return [found[t] for t in texts]

    chosen = highlights([p.abstract for p in papers], encode)
    short = sum(len(h.split()) < STANDS_ALONE for h in chosen)
    # a highlight of two sentences leans only through its first: the second follows it
    back = sum(points_back(sentences(h)[0]) for h in chosen)
    two = sum(len(sentences(h)) > 1 for h in chosen)
    print(f"\n{len(papers):,} papers of the arXiv days, today's rule: {short} highlights under {STANDS_ALONE} words, "
          f"{back} opening with a sentence that points back by the rule's own test "
          f"({100 * (short + back) / len(papers):.1f}%); {two} of two sentences")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path,
                        default=Path(os.environ.get("DIGEST_BENCH_DIR", ROOT.parent / "shared" / "bench")))
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "enrichment.sqlite3")
    args = parser.parse_args()
    verdicts()
    if (args.bench / "arxiv").exists():
        rule_counts(args.bench, args.cache)
    else:
        print(f"skipped the rule's counts: {args.bench / 'arxiv'} not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
