"""A digest in parts at a year's spread: each deployable part's size and files, and the builds.

    .venv/bin/python benchmarks/parts_scale.py [--papers 6000] [--scheme month] [--work DIR]

A synthetic digest (benchmarks/build_scale.py's: seed abstracts under new ids, `added` spread over
a year, enrichment pre-cached, so this times the build, not the model; topics described only,
without content/exemplars.jsonl, whose 4,607 vectors a cold cache would embed first) is built in
one process:

1. as one site (the baseline);
2. in parts (`extra.digest_parts`), cold;
3. in parts again, unchanged;
4. in parts with one more day added (papers copied from earlier days under new ids and titles,
   so their enrichment is computed: that time is shown apart).

Prints the size and file count of every deployable part (the root, and each folder with its own
Pagefind index), the largest part projected to a real field's flow (6,500 papers a month), and
each build's time and stages, with ratios against the baseline.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.build_scale import seed_topic_model_vectors, synthesise  # noqa: E402
from generator.curation.loader import load_digest  # noqa: E402
from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings, embed_texts, enrich_digest  # noqa: E402
from generator.group.topics import topic_texts  # noqa: E402
from generator.publish.parts import STAMP_FILE  # noqa: E402
from generator.publish.site import build_site  # noqa: E402

FIELD_MONTH = 6500          # papers a month in cs.CV + cs.CL + cs.AI (issue 34)


def build(project: Path):
    start = time.perf_counter()
    report = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                        cache=EnrichmentCache(project / "cache.sqlite3"))
    return time.perf_counter() - start, report


def folder_size(folder: Path, skip: set[Path] = frozenset()) -> tuple[int, int]:
    size = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not any(path.is_relative_to(s) for s in skip):
            size, files = size + path.stat().st_size, files + 1
    return size, files


def parts_table(site: Path) -> list[tuple[str, int, int, int]]:
    """(part, bytes, files, papers) for the root (without the parts) and every part."""
    parts = sorted(p.parent for p in site.glob(f"*/{STAMP_FILE}"))
    rows = []
    size, files = folder_size(site, set(parts))
    own = [p for p in site.glob("*/papers/*/index.html") if not any(p.is_relative_to(part) for part in parts)]
    rows.append(("(root)", size, files, len(own)))
    for part in parts:
        size, files = folder_size(part)
        rows.append((part.name, size, files, len(list(part.glob("papers/*/index.html")))))
    return rows


def add_day(project: Path, count: int) -> None:
    """`count` papers of earlier days again under new ids and titles, their abstracts one sentence
    longer (so their enrichment is computed), added the day after the newest."""
    import datetime as dt

    papers = sorted((project / "content" / "papers").glob("*.md"))
    newest = max(re.search(r"^added: (\S+)", p.read_text(), re.M).group(1) for p in papers)
    day = dt.date.fromisoformat(newest) + dt.timedelta(days=1)
    for number, source in enumerate(papers[:count]):
        text = re.sub(r"^added: .*$", f"added: {day}", source.read_text(), count=1, flags=re.M)
        # a title of its own: a paper titled as another is refused by validation, and left out
        text = re.sub(r"^(title: .*)\(variant ", lambda m: f"{m.group(1)}(new day {number}, variant ", text,
                      count=1, flags=re.M)
        (source.parent / f"new-day-{number:03d}.md").write_text(text.rstrip("\n") + f" New day {number}.\n")


def stages(report) -> str:
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in report.seconds.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=6000)
    parser.add_argument("--scheme", default="month", choices=["year", "quarter", "month"])
    parser.add_argument("--work", type=Path, help="Working folder (default: a temporary one, removed).")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="digest-parts-"))
    settings = EnrichSettings()
    digest = load_digest(ROOT / "content")
    seed_cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    seed_enrichment = enrich_digest(digest, seed_cache)
    topic_vectors = embed_texts(topic_texts(digest.topics), seed_cache, settings)
    model_vectors = seed_topic_model_vectors(digest, seed_cache, settings)
    one, parted = work / "one-site", work / "parts"
    for project in (one, parted):
        project.mkdir(parents=True)
        synthesise(project, args.papers, list(digest.papers), seed_enrichment, topic_vectors, settings, model_vectors)
        (project / "content" / "exemplars.jsonl").unlink(missing_ok=True)
    with (parted / "mkdocs.yml").open("a") as config:
        config.write(f"\nextra:\n  digest_parts: {args.scheme}\n")

    base_seconds, base = build(one)
    base_size, base_files = folder_size(one / "site")
    print(f"one site, cold: {base_seconds:.1f} s ({stages(base)}); {base_size / 2**20:.1f} MB, {base_files:,} files, "
          f"{base_size / args.papers / 1024:.1f} KB a paper", flush=True)
    again_seconds, again = build(one)
    print(f"one site, unchanged: {again_seconds:.1f} s ({stages(again)})", flush=True)
    cold_seconds, cold = build(parted)
    print(f"parts, cold: {cold_seconds:.1f} s ({stages(cold)}); {len(cold.parts.built)} parts built "
          f"({cold_seconds / base_seconds:.2f}x one site)", flush=True)
    same_seconds, same = build(parted)
    print(f"parts, unchanged: {same_seconds:.1f} s ({stages(same)}); {len(same.parts.reused)} reused, "
          f"{len(same.parts.built)} built ({same_seconds / again_seconds:.2f}x one site unchanged)", flush=True)
    add_day(parted, max(1, args.papers // 365))
    day_seconds, day = build(parted)
    enrich = day.seconds.get("enrich+group", 0.0)
    print(f"parts, one more day ({max(1, args.papers // 365)} papers): {day_seconds:.1f} s ({stages(day)}); "
          f"{day.enrich.computed} enriched; {len(day.parts.built)} parts built", flush=True)
    print(f"  less enrich+group: {day_seconds - enrich:.1f} s", flush=True)

    rows = parts_table(parted / "site")
    print(f"\n{'part':>8} {'MB':>8} {'files':>8} {'papers':>7} {'KB/paper':>9} {'MB at 6,500/month':>18}")
    months = {"month": 1, "quarter": 3, "year": 12}[args.scheme]
    for name, size, files, papers in rows:
        per_paper = size / max(papers, 1) / 1024
        # the root also maps every paper of the digest: a year's map data is counted at a year's size
        print(f"{name:>8} {size / 2**20:8.1f} {files:8,} {papers:7,} {per_paper:9.1f} "
              f"{per_paper * FIELD_MONTH * months / 1024:18.0f}")
    map_bytes = folder_size(parted / "site" / "map")[0]
    print(f"the root's map: {map_bytes / 1024:.0f} KB for {args.papers:,} papers; at a year of the field "
          f"(12 x 6,500): {map_bytes / args.papers * 12 * FIELD_MONTH / 2**20:.1f} MB, of which points.bin "
          f"{12 * FIELD_MONTH * 5 / 1024:.0f} KB (loaded first) and the titles fetched 1,000 at a time")
    total, files = folder_size(parted / "site")
    print(f"{'all':>8} {total / 2**20:8.1f} {files:8,} ({total / base_size:.2f}x one site's bytes, "
          f"{files / base_files:.2f}x its files)")
    if not args.work:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
