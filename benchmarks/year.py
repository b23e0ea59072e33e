"""A real year of a field, in monthly parts: imported a day at a time, enriched in resumable
steps, built, rebuilt unchanged, and one more day added.

    .venv/bin/python benchmarks/year.py --days-dir DIR [--every K] [--work DIR] [--scheme month]
        [--steps import,enrich,build | day] [--topic-models none]

DIR holds one arXiv API response a day, `arxiv-YYYY-MM-DD.xml`, as `../shared/bench/arxiv/make_days.py`
makes them from the `data` branch of dw-dengwei/daily-arXiv-ai-enhanced (see
`../shared/bench/README.md`; take 2025-03 to 2026-02, later months are kept for checking):

    python3 ../shared/bench/arxiv/make_days.py MIRROR_GIT_DIR DIR 400 cs.CV,cs.CL,cs.AI 2026-02-28

The last month is imported whole, so that the root holds a real month at its end; of the months
before it every K-th day is taken (`--every`, default 1: the whole year). The newest day is held
back and added after the unchanged rebuild, as a curator's next day.

Resumable: --work (default `.cache/year-bench`) keeps the project and its enrichment cache. Days
already imported are not imported again, and `digest enrich` commits every chunk, so a run that
is stopped loses at most one chunk. `--steps import,enrich` alone does the long part; `build`
then needs no model work but the new day's.

Prints: each day's import time with the digest's size before it; enrichment papers a second;
the cold build in parts; every deployable part's size, files and papers, projected to that
month's whole flow in DIR; the unchanged rebuild (ms a paper); the new day split into import,
enrichment of its new papers, and the rest of the build, with the root's pages it changed and
added by kind (what MkDocs renders again); then, in Chromium, the header search's
first result over all parts and the map's first load (`parts_browser.py`). Ratios are against
the cold build of the same run. Skips (exit 0) when DIR is absent.

`--steps day` measures only the new day, on a project that already holds it (a run before): the
held-back day's papers are removed, the site built, the day imported, its papers enriched (timed
apart, as in the full run; cached after the first run) and built again: first with no page
workers (`DIGEST_PAGE_WORKERS=0`), then as the build sets them, with the ratio. Run it at two
commits to compare what a day costs (benchmarks/README.md, "A day's build after ...").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parts_scale import parts_table  # noqa: E402
from real_days import (build, day_files, import_day, new_project, page_hashes, papers_in,  # noqa: E402
                       print_build, print_changed)

from generator.commands.options import enrich_settings  # noqa: E402
from generator.enrich.embedder import DEFAULT_MODEL  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.publish.page_workers import WORKERS_ENV  # noqa: E402

GOAL_PART_BYTES = 1e9
GOAL_DAY_SECONDS = 30.0
GOAL_UNCHANGED_MS = 5.0


def chosen_days(days: list[tuple[dt.date, Path]], every: int) -> list[tuple[dt.date, Path]]:
    """The last month whole; every `every`-th day of the months before it."""
    last = (days[-1][0].year, days[-1][0].month)
    earlier = [d for d in days if (d[0].year, d[0].month) != last]
    return earlier[::every] + [d for d in days if (d[0].year, d[0].month) == last]


def entries_in(dump: Path) -> int:
    return dump.read_text(encoding="utf-8").count("<entry>")


def import_days(project: Path, days: list[tuple[dt.date, Path]], done_file: Path) -> None:
    done = set(done_file.read_text().split()) if done_file.is_file() else set()
    first = None
    for day, dump in days:
        if day.isoformat() in done:
            continue
        before = papers_in(project)
        seconds = import_day(project, day, dump)
        first = first or seconds
        print(f"  {day}: {seconds:5.1f} s, {papers_in(project) - before:4d} new papers into {before:6,} "
              f"({seconds / first:.2f}x the first day imported in this run)", flush=True)
        with done_file.open("a") as record:
            record.write(day.isoformat() + "\n")


def settings(project: Path, cache: Path, topic_models: str) -> EnrichSettings:
    """What `digest enrich --cache CACHE --topic-models MODELS` uses, so the builds find its rows."""
    return enrich_settings(DEFAULT_MODEL, "onnx", topic_models, cache, project / "content")


def enrich(project: Path, cache: Path, topic_models: str) -> tuple[float, int]:
    """`digest enrich` as a curator runs it; (seconds, papers) for what it computed."""
    before = rows(cache)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "enrich", "--content", "content",
                           "--cache", str(cache), "--topic-models", topic_models], cwd=project, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"digest enrich failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, rows(cache) - before


def rows(cache: Path) -> int:
    import sqlite3

    if not cache.is_file():
        return 0
    with sqlite3.connect(cache) as connection:
        return connection.execute("SELECT count(*) FROM enrichment").fetchone()[0]


def print_parts(site: Path, flow: Counter) -> None:
    print(f"{'part':>8} {'MB':>8} {'files':>8} {'papers':>7} {'KB/paper':>9} {'MB at its whole flow':>21}")
    for name, size, files, papers in parts_table(site):
        per_paper = size / max(papers, 1)
        whole = flow.get(name, papers)
        # the root also maps every paper: its map data is measured at the year's size already
        projected = per_paper * whole
        mark = "" if projected <= GOAL_PART_BYTES else "  over 1 GB"
        print(f"{name:>8} {size / 1e6:8.1f} {files:8,} {papers:7,} {per_paper / 1e3:9.1f} "
              f"{projected / 1e6:21.0f}{mark}")


def browser_figures(site: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "parts_browser.py"), str(site)],
                          capture_output=True, text=True)
    print(done.stdout.rstrip() or done.stderr[-2000:])


def one_more_day(project: Path, cache: Path, build_settings: EnrichSettings, held: tuple[dt.date, Path],
                 topic_models: str) -> int:
    """The held-back day taken out of the project, the site built, the day added (`add_day`);
    twice: first with no page workers (the baseline: MkDocs in the build's process alone), then
    with as many as the build takes on this machine."""
    day, _ = held
    marker = f"\nadded: {day.isoformat()}\n"
    days: dict[str, float] = {}
    for workers in ("0", ""):
        os.environ[WORKERS_ENV] = workers
        label = "no page workers" if workers else "page workers as the build sets them"
        removed = [path for path in (project / "content" / "papers").rglob("*.md") if marker in path.read_text()]
        for path in removed:
            path.unlink()
        papers = papers_in(project)
        print(f"{label}: {len(removed)} papers of {day} taken out; {papers:,} papers", flush=True)
        seconds, stages, pages = build(project, cache, build_settings)
        print_build("build without the day", seconds, stages, papers, None, pages)
        days[label] = add_day(project, cache, build_settings, held, topic_models, None)
    os.environ.pop(WORKERS_ENV)
    base, shared = days.values()
    print(f"the day's import and build with page workers: {shared:.1f} s, {shared / base:.2f}x the "
          f"{base:.1f} s without them", flush=True)
    return 0


def add_day(project: Path, cache: Path, build_settings: EnrichSettings, held: tuple[dt.date, Path],
            topic_models: str, cold: float | None) -> float:
    """The held-back day imported, its new papers enriched (`digest enrich`, timed apart), the site
    built; the import and build against the goal, and the root's pages the day changed."""
    papers = papers_in(project)
    before = page_hashes(project / "build" / "docs")
    seconds = import_day(project, *held)
    new = papers_in(project) - papers
    enrich_seconds, computed = enrich(project, cache, topic_models)
    more, stages, reused = build(project, cache, build_settings)
    enriched = f"{computed} papers" if computed else "papers (all cached already: the process alone)"
    print(f"one more day ({held[0]}, {new} new papers): import {seconds:.1f} s, enrichment of its "
          f"{enriched} {enrich_seconds:.1f} s, build {more:.1f} s")
    print_build("  its build", more, stages, papers + new, cold, reused)
    print_changed(before, page_hashes(project / "build" / "docs"), held[0].strftime("%Y-%m"))
    rest = seconds + more
    goal = "meets" if rest <= GOAL_DAY_SECONDS else "misses"
    print(f"  import and build less the new papers' enrichment: {rest:.1f} s ({goal} the goal of "
          f"{GOAL_DAY_SECONDS:.0f} s)", flush=True)
    return rest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days-dir", type=Path, default=ROOT.parent / "shared" / "bench" / "year")
    parser.add_argument("--every", type=int, default=1, help="Of the months before the last, every K-th day.")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "year-bench")
    parser.add_argument("--scheme", default="month", choices=["year", "quarter", "month"])
    parser.add_argument("--steps", default="import,enrich,build")
    parser.add_argument("--topic-models", default=",".join(EnrichSettings().topic_models),
                        help="As `digest build --topic-models`; 'none': the main model's view of the topics "
                             "alone, which saves embedding every paper with all-mpnet-base-v2 (an hour a 15,000 "
                             "papers here).")
    args = parser.parse_args()
    all_days = day_files(args.days_dir) if args.days_dir.is_dir() else []
    if len(all_days) < 2:
        print(f"skipped: {args.days_dir} holds {len(all_days)} arXiv days; make them with make_days.py")
        return 0
    steps = set(args.steps.split(","))
    days = chosen_days(all_days, args.every)
    held, days = days[-1], days[:-1]
    flow = Counter()
    for day, dump in all_days:
        flow[day.strftime("%Y-%m")] += entries_in(dump)
    project, cache = args.work / "project", args.work / "enrichment.sqlite3"
    if not project.is_dir():
        args.work.mkdir(parents=True, exist_ok=True)
        project = new_project(args.work)
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"\nextra:\n  digest_parts: {args.scheme}\n")
    # The taxonomy with the exemplars it ships with, as a digest of it runs: described only, the
    # source prior (estimated over the whole digest) moved 89 old papers' topics in all 12 closed
    # months when one day was added, and so rebuilt every part; taught, none moved.
    exemplars = project / "content" / "exemplars.jsonl"
    if not exemplars.exists():
        shutil.copy(ROOT / "content" / "exemplars.jsonl", exemplars)
    os.environ.setdefault("DIGEST_SITE_URL", "https://digest.example.org/")
    print(f"{len(days)} days of {len(all_days)} ({days[0][0]} .. {days[-1][0]}, every {args.every} before "
          f"{held[0]:%Y-%m}), then {held[0]}; the whole flow is {sum(flow.values()):,} papers", flush=True)
    if "import" in steps:
        import_days(project, days, args.work / "imported.txt")
    papers = papers_in(project)
    if "enrich" in steps:
        seconds, computed = enrich(project, cache, args.topic_models)
        print(f"enrich: {computed:,} papers computed in {seconds:.0f} s "
              f"({computed / max(seconds, 1e-9):.2f} papers a second); {papers:,} papers in the digest", flush=True)
    if "day" in steps:
        return one_more_day(project, cache, settings(project, cache, args.topic_models), held,
                            args.topic_models)
    if "build" not in steps:
        return 0
    build_settings = settings(project, cache, args.topic_models)
    shutil.rmtree(project / "site", ignore_errors=True)          # cold: no site, no page cache; enrichment kept
    cache.with_name("pages.sqlite3").unlink(missing_ok=True)
    cold, stages, reused = build(project, cache, build_settings)
    print_build("cold build", cold, stages, papers, None, reused)
    print_parts(project / "site", flow)
    warm, stages, reused = build(project, cache, build_settings)
    print_build("unchanged rebuild", warm, stages, papers, cold, reused)
    goal = "meets" if warm * 1000 / papers <= GOAL_UNCHANGED_MS else "misses"
    print(f"  {goal} the goal of {GOAL_UNCHANGED_MS} ms a paper", flush=True)
    add_day(project, cache, build_settings, held, args.topic_models, cold)
    print_parts(project / "site", flow)
    browser_figures(project / "site")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
