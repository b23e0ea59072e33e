"""Highlights that stand alone (issue 35): the blind reader's verdicts, and the rule's own counts.

    .venv/bin/python benchmarks/highlights_standalone.py [--bench DIR] [--cache FILE]

Prints the verdicts kept in data/highlights-blind-reader.json (50 random highlights of the 20
arXiv days and 50 the rule changed, before and after, "stands alone: yes or no"), then, on all
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


def verdicts() -> None:
    data = json.loads(DATA.read_text())
    print("| sample | papers | before: stand alone | after: stand alone |\n|---|---:|---:|---:|")
    for name, rows in data["papers"].items():
        before = sum(r["before stands alone"] == "yes" for r in rows)
        after = sum(r["after stands alone"] == "yes" for r in rows)
        print(f"| {name} | {len(rows)} | {before} | {after} |")


def rule_counts(bench: Path, cache_path: Path) -> None:
    from topics import load_arxiv

    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.highlights import STANDS_ALONE, highlights, points_back
    from generator.enrich.pipeline import EnrichSettings, embed_texts

    papers = load_arxiv(bench / "arxiv")
    cache = EnrichmentCache(cache_path)

    def encode(texts):
        found = embed_texts(texts, cache, EnrichSettings())
        return [found[t] for t in texts]

    chosen = highlights([p.abstract for p in papers], encode)
    short = sum(len(h.split()) < STANDS_ALONE for h in chosen)
    back = sum(points_back(h) for h in chosen)
    print(f"\n{len(papers):,} papers of the arXiv days, today's rule: {short} highlights under {STANDS_ALONE} words, "
          f"{back} pointing back by the rule's own test ({100 * (short + back) / len(papers):.1f}%)")


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
