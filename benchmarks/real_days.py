"""A real field's flow: arXiv days imported one by one, built, rebuilt unchanged, one more day.

    .venv/bin/python benchmarks/real_days.py [--days 10] [--bench ../shared/bench/arxiv]
        [--work DIR] [--cache FILE] [--keep] [--day-step DATE]

Reads the arXiv API responses in ../shared/bench/arxiv/ (one file a day, named by its date), and
into an empty content tree (this project's topics.yaml, no labs) imports the first --days of
them one at a time with `digest import --added <day>` (a process each, as a curator runs it),
then builds the site (cold: a fresh site and page cache; the enrichment cache is --cache, empty
unless given),
rebuilds it unchanged, imports the next day and rebuilds again. Every build runs in this process
through `build_site`, so its stage times are printed. The project is a Git repository with the
first --days committed, so the one more day is also measured as a pull request's check sees it:
`digest diff HEAD` (a process, as CI runs it; the enrichment cache is warm from the builds).
`--day-step DATE` on the project such a run kept (`--work DIR --keep`) measures one day's build
alone: the days from DATE on are taken out, the site built, DATE imported and built again, and
the pages the day changed and added are counted by kind.

Prints: seconds per day's import with the digest's size before it; cold, unchanged and
one-more-day build times with their stages and milliseconds per paper; the site's size (MB and
KB per paper), its file count, the entries at its root, the three largest pages, the home page
and the map. The baseline for the ratios is the first day's import (into an empty digest) and
the cold build. Skips (exit 0) when the bench folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.enrich.pipeline import EnrichSettings  # noqa: E402
from generator.publish.site import build_site  # noqa: E402

DAY_FILE = re.compile(r"arxiv-(\d{4}-\d{2}-\d{2})\.xml$")
ADDED = re.compile(r"^added: (\d{4}-\d{2}-\d{2})$", re.M)


def day_files(bench: Path) -> list[tuple[dt.date, Path]]:
    found = [(dt.date.fromisoformat(m.group(1)), p) for p in bench.glob("*.xml") if (m := DAY_FILE.search(p.name))]
    return sorted(found)


def new_project(work: Path) -> Path:
    project = work / "project"
    (project / "content" / "papers").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", project / "content" / "topics.yaml")
    (project / "content" / "labs.yaml").write_text("{}\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(ROOT / "README.md", project / "README.md")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    return project


def import_day(project: Path, day: dt.date, dump: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "import", "--content", "content",
                           "--added", day.isoformat(), str(dump)], cwd=project, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"import of {dump.name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args], cwd=project,
                   check=True, capture_output=True)


def diff_seconds(project: Path, cache: Path) -> tuple[float, str]:
    """`digest diff HEAD` against the working tree, timed; its first lines are returned too."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "diff", "HEAD", "--content", "content",
                           "--cache", str(cache), "--config", "mkdocs.yml"], cwd=project, capture_output=True,
                          text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"digest diff failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, "\n".join(done.stdout.splitlines()[:3])


def page_hashes(docs: Path) -> dict[str, str]:
    """Every generated Markdown page (build/docs) by its hash."""
    import hashlib

    return {str(path.relative_to(docs)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in docs.rglob("*.md")}


def print_changed(before: dict[str, str], after: dict[str, str], current: str) -> None:
    """The root's pages a day changed and added, by kind: what MkDocs renders again. `current`:
    the folder of the root's paper pages in a digest in parts ("papers" otherwise)."""
    def kind(path: str) -> str:
        head = path.split("/")[0]
        return "papers" if head == current else head

    changed, added = Counter(), Counter()
    for path, digest in after.items():
        if path not in before:
            added[kind(path)] += 1
        elif before[path] != digest:
            changed[kind(path)] += 1
    print(f"  pages the day changed: {sum(changed.values()):,} "
          f"({', '.join(f'{k} {n:,}' for k, n in changed.most_common(6))}); added: {sum(added.values()):,} "
          f"({', '.join(f'{k} {n:,}' for k, n in added.most_common(4))}); of {len(after):,}", flush=True)


def papers_in(project: Path) -> int:
    return sum(1 for _ in (project / "content" / "papers").glob("*.md"))


class Pages(NamedTuple):
    reused: int             # from the page cache
    by_workers: int         # rendered by page workers (generator/publish/page_workers.py)


def build(project: Path, cache: Path, settings: EnrichSettings = EnrichSettings()
          ) -> tuple[float, dict[str, float], Pages]:
    start = time.perf_counter()
    report = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                        cache=EnrichmentCache(cache), settings=settings)
    return time.perf_counter() - start, report.seconds, Pages(report.pages_reused, report.pages_by_workers)


def site_figures(site: Path, papers: int) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    pages = sorted((p for p in files if p.suffix == ".html"), key=lambda p: p.stat().st_size, reverse=True)
    print(f"  site: {total / 1e6:.1f} MB, {total / 1e3 / papers:.1f} KB per paper, {len(files):,} files, "
          f"{len(list(site.iterdir()))} entries at the root, {len(pages):,} HTML pages")
    for page in pages[:3]:
        print(f"  largest page: {page.relative_to(site)} {page.stat().st_size / 1e3:.0f} KB")
    for name in ("index.html", "map/index.html", "tags/index.html"):
        if (site / name).is_file():
            print(f"  {name}: {(site / name).stat().st_size / 1e3:.0f} KB")
    for folder in ("papers", "authors", "feeds", "pagefind", "weeks", "topics", "tags", "assets"):
        path = site / folder
        if path.is_dir():
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            count = sum(1 for p in path.rglob("*") if p.is_file())
            print(f"    {folder + '/':<10} {size / 1e6:7.1f} MB {count:7,} files")


def print_parts(site: Path) -> None:
    """Every deployable part of a digest in parts: the root (without the parts) and each part."""
    from parts_scale import parts_table

    for name, size, files, papers in parts_table(site):
        print(f"  part {name:>8}: {size / 1e6:7.1f} MB, {files:6,} files, {papers:5,} papers, "
              f"{size / 1e3 / max(papers, 1):6.1f} KB a paper")


def print_build(label: str, seconds: float, stages: dict[str, float], papers: int, baseline: float | None,
                pages: Pages) -> None:
    stage_text = ", ".join(f"{name} {value:.1f}s" for name, value in stages.items())
    ratio = f", {seconds / baseline:.2f}x the cold build" if baseline else ""
    print(f"{label}: {seconds:.1f} s for {papers:,} papers ({seconds * 1000 / papers:.1f} ms per paper{ratio}); "
          f"{stage_text}; {pages.reused:,} pages reused, {pages.by_workers:,} rendered by page workers")


def day_step(project: Path, cache: Path, day: dt.date, dump: Path) -> None:
    """On a kept project: the papers added on `day` or later taken out, the site built, `day`
    imported and built again, with the pages that changed (its days after `day` stay out)."""
    removed = [path for path in (project / "content" / "papers").rglob("*.md")
               if (m := ADDED.search(path.read_text(encoding="utf-8"))) and m.group(1) >= day.isoformat()]
    for path in removed:
        path.unlink()
    print(f"{len(removed)} papers added on {day} or later taken out; {papers_in(project):,} papers", flush=True)
    seconds, stages, reused = build(project, cache)
    print_build("build without the day", seconds, stages, papers_in(project), None, reused)
    before = page_hashes(project / "build" / "docs")
    imported = import_day(project, day, dump)
    seconds, stages, reused = build(project, cache)
    print(f"the day: import {imported:.1f} s, build {seconds:.1f} s, together {imported + seconds:.1f} s")
    print_build("  its build", seconds, stages, papers_in(project), None, reused)
    print_changed(before, page_hashes(project / "build" / "docs"), "papers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=10, help="Days imported before the first build.")
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "arxiv")
    parser.add_argument("--work", type=Path, help="Working folder (default: a temporary one).")
    parser.add_argument("--cache", type=Path, help="Enrichment cache to use (default: an empty one in --work).")
    parser.add_argument("--keep", action="store_true", help="Keep the working folder.")
    parser.add_argument("--parts", choices=["year", "quarter", "month"],
                        help="Build the digest in parts (extra.digest_parts) and print every part's size.")
    parser.add_argument("--day-step", type=dt.date.fromisoformat, metavar="DATE",
                        help="On the project a --keep run left in --work: take out the days from DATE on, build, "
                             "import DATE and build again (what a day's build costs, and the pages it changes).")
    args = parser.parse_args()
    days = day_files(args.bench) if args.bench.is_dir() else []
    if args.day_step:
        dump = dict(days).get(args.day_step)
        if not (args.work and (args.work / "project").is_dir() and dump):
            print(f"skipped: --day-step needs --work with a kept project and {args.day_step} in {args.bench}")
            return 0
        os.environ.setdefault("DIGEST_SITE_URL", "https://digest.example.org/")
        day_step(args.work / "project", args.cache or args.work / "enrichment.sqlite3", args.day_step, dump)
        return 0
    if len(days) < args.days + 1:
        print(f"skipped: {args.bench} holds {len(days)} arXiv days; {args.days + 1} are needed")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="real-days-"))
    work.mkdir(parents=True, exist_ok=True)
    project = new_project(work)
    if args.parts:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"\nextra:\n  digest_parts: {args.parts}\n")
    cache = args.cache or work / "enrichment.sqlite3"
    os.environ.setdefault("DIGEST_SITE_URL", "https://digest.example.org/")
    try:
        print(f"importing {args.days} days from {args.bench} into {project}")
        first = None
        for day, dump in days[:args.days]:
            before = papers_in(project)
            seconds = import_day(project, day, dump)
            first = first or seconds
            print(f"  {day}: {seconds:6.1f} s, {papers_in(project) - before:4d} new papers into {before:5,} "
                  f"({seconds / first:.2f}x the first day)")
        papers = papers_in(project)
        git(project, "init", "-q")
        git(project, "add", "-A", "content")
        git(project, "commit", "-q", "-m", "the first days")
        cache.with_name("pages.sqlite3").unlink(missing_ok=True)      # the page cache beside it: cold
        cold, stages, reused = build(project, cache)
        print_build("cold build", cold, stages, papers, None, reused)
        site_figures(project / "site", papers)
        warm, stages, reused = build(project, cache)
        print_build("unchanged rebuild", warm, stages, papers, cold, reused)
        day, dump = days[args.days]
        seconds = import_day(project, day, dump)
        print(f"one more day ({day}): import {seconds:.1f} s, {papers_in(project) - papers} new papers")
        papers = papers_in(project)
        more, stages, reused = build(project, cache)
        print_build("one-more-day rebuild", more, stages, papers, cold, reused)
        seconds, summary = diff_seconds(project, cache)
        print(f"digest diff HEAD for that day: {seconds:.1f} s ({seconds / more:.2f}x the one-more-day rebuild)")
        print("  " + summary.replace("\n", "\n  "))
        site_figures(project / "site", papers)
        if args.parts:
            print_parts(project / "site")
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
