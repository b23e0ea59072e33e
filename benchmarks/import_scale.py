"""Import at scale: real arXiv days one by one, then one day into a synthetic 50,000-paper digest.

    .venv/bin/python benchmarks/import_scale.py [--bench ../shared/bench/arxiv] [--days 20]
        [--synthetic 50000] [--work DIR] [--keep]

(a) Real days: the arXiv API responses in --bench (one file a day) are imported one at a time,
    in this process (`read_dumps`, `plan_import`, `apply_plan`, as `digest import --added <day>`
    runs them), into an empty content tree. Prints seconds per day with its papers, the digest's
    size and the files written; then checks the result: every arXiv id of every day is in exactly
    one paper file, and each file's title is its source's (whitespace-normalised; for an id seen on
    several days, the first day's).
(b) Synthetic: the real tree cloned into --synthetic papers with new titles (each a real title with
    words changed, all distinct), abstracts and ids, then one day of 300 papers imported into it.
(c) Baselines in the same process, for ratios: the old title matcher (difflib against every title)
    timed on a sample of each day's papers and scaled to the day, and loading the tree with
    PyYAML's pure-Python parser (the old reader) instead of libyaml.

Prints figures only; nothing here asserts on time. Skips (exit 0) when --bench is absent.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import difflib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.curation import yamldoc  # noqa: E402
from generator.curation.loader import load_content  # noqa: E402
from generator.curation.rules import normalise_title  # noqa: E402
from generator.curation import identifiers  # noqa: E402
from generator.curation.parse_cache import ParseCache  # noqa: E402
from generator.importers.dumps import read_dumps  # noqa: E402
from generator.importers.plan import PARSE_CACHE, apply_plan, plan_import  # noqa: E402
from generator.importers.records import DumpError, RawPaper  # noqa: E402
from generator.importers.title_index import TitleIndex, same_title  # noqa: E402
from generator.problems import CurationError  # noqa: E402

DAY_FILE = re.compile(r"arxiv-(\d{4}-\d{2}-\d{2})\.xml$")
OLD_SAMPLE = 4           # incoming titles the old matcher is timed on, per measurement


def day_files(bench: Path) -> list[tuple[dt.date, Path]]:
    found = [(dt.date.fromisoformat(m.group(1)), p) for p in bench.glob("*.xml") if (m := DAY_FILE.search(p.name))]
    return sorted(found)


def empty_tree(content: Path) -> Path:
    (content / "papers").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    (content / "labs.yaml").write_text("{}\n", encoding="utf-8")
    return content


def paper_count(content: Path) -> int:
    return sum(1 for _ in (content / "papers").glob("*.md"))


def old_match_seconds(titles: list[str], incoming: list[RawPaper]) -> float:
    """The old matcher's time for `incoming` against `titles`: difflib against every title in
    turn, as `_ExistingIndex.find` did, for a sample, scaled to all of `incoming`."""
    sample = [raw.title for raw in incoming[:OLD_SAMPLE] if raw.title]
    if not sample or not titles:
        return 0.0
    normalised = [normalise_title(t) for t in titles]
    start = time.perf_counter()
    for title in sample:
        key = normalise_title(title)
        next((t for t in normalised if t == key or difflib.SequenceMatcher(None, t, key).ratio() >= 0.95), None)
    return (time.perf_counter() - start) * len(incoming) / len(sample)


def new_match_seconds(titles: list[str], incoming: list[RawPaper]) -> float:
    start = time.perf_counter()
    index: TitleIndex[int] = TitleIndex()
    for number, title in enumerate(titles):
        index.add(title, number)
    for raw in incoming:
        index.find(raw.title)
    return time.perf_counter() - start


def import_once(content: Path, dumps: list[Path], added: dt.date,
                raws: list[RawPaper] | None = None) -> tuple[float, dict, int]:
    start = time.perf_counter()
    raws = read_dumps(dumps) if raws is None else raws
    plan = plan_import(raws, content, added)
    apply_plan(plan, content)
    return time.perf_counter() - start, dict(plan.counts), len(plan.changes) + (plan.labs_text is not None)


def existing_titles(content: Path) -> list[str]:
    loaded = load_content(content)
    return [p.title for p in loaded.digest.papers] if loaded.digest else []


def real_days(days: list[tuple[dt.date, Path]], content: Path) -> dict[str, str]:
    """Imports the days one by one; returns each arXiv id's first title."""
    print(f"(a) {len(days)} real days imported one by one into an empty digest")
    print(f"{'day':<12}{'papers':>7}{'before':>8}{'seconds':>9}{'written':>9}  counts | old matcher est., ratio")
    first_title: dict[str, str] = {}
    total_new = total_old = 0.0
    for day, dump in days:
        raws = read_dumps([dump])
        for raw in raws:
            first_title.setdefault(raw.arxiv, " ".join((raw.title or "").split()))
        before = paper_count(content)
        titles = existing_titles(content)
        old = old_match_seconds(titles, raws)
        try:
            seconds, counts, written = import_once(content, [dump], day, raws)
        except (DumpError, CurationError) as exc:
            print(f"{day.isoformat():<12}{len(raws):>7}{before:>8}  refused: {exc.problems[0]}")
            continue
        new = new_match_seconds(titles, raws)
        total_new, total_old = total_new + seconds, total_old + seconds - new + old
        counts_text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        ratio = f"{(seconds - new + old) / seconds:.0f}x" if seconds else "-"
        print(f"{day.isoformat():<12}{len(raws):>7}{before:>8}{seconds:>9.2f}{written:>9}  {counts_text} | "
              f"{seconds - new + old:.1f} s, {ratio}")
    print(f"total: {total_new:.1f} s for {paper_count(content):,} papers; with the old matcher about "
          f"{total_old:.0f} s ({total_old / max(total_new, 1e-9):.0f}x)")
    return first_title


def check_real(content: Path, first_title: dict[str, str]) -> None:
    loaded = load_content(content)
    papers = loaded.digest.papers if loaded.digest else ()
    by_id: dict[str, list] = collections.defaultdict(list)
    for paper in papers:
        for kind, url in paper.links.items():
            if kind.split("-")[0] == "arxiv" and identifiers.normalise_arxiv(url):
                by_id[identifiers.normalise_arxiv(url)].append(paper)
    missing = sorted(set(first_title) - set(by_id))
    twice = sorted(i for i, found in by_id.items() if len(found) > 1)
    wrong = sorted(i for i, found in by_id.items() if i in first_title
                   and any(p.title != first_title[i] for p in found))
    print(f"check: {len(papers):,} paper files, {len(first_title):,} distinct arXiv ids in the dumps; "
          f"ids in no file {len(missing)}, ids in several files {len(twice)}, titles not the source's {len(wrong)}"
          f"{' (validation errors: ' + str(len(loaded.errors)) + ')' if loaded.errors else ''}")
    for arxiv in (missing + twice + wrong)[:10]:
        print(f"  {arxiv}: {first_title.get(arxiv)!r} -> {[p.id for p in by_id.get(arxiv, [])]}")


def synthetic_tree(template: Path, target: Path, size: int, seed: int = 20) -> float:
    """`size` paper files made from the real ones: each title a real title with words replaced by
    words of other titles (all distinct once normalised, none the same title as the real one), its
    own abstract and ids."""
    start = time.perf_counter()
    rng = random.Random(seed)
    empty_tree(target)
    loaded = load_content(template)
    real = [(paper.doc.value["title"], path.read_text(encoding="utf-8")) for path, paper in sorted(loaded.files.items())]
    vocabulary = sorted({w for title, _ in real for w in title.split() if w.isalpha() and len(w) > 3})
    seen: set[str] = set()
    for number in range(size):
        title, text = real[number % len(real)]
        words = title.split()
        while True:
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            candidate = " ".join(words)
            # distinct, and not the real title it comes from: the day imported later is all new
            if normalise_title(candidate) not in seen and not same_title(candidate, title):
                break
        seen.add(normalise_title(candidate))
        front, _, abstract = text.partition("\n---\n")
        lines = front.split("\n")
        lines = [f"title: {json.dumps(candidate, ensure_ascii=False)}" if line.startswith("title:")
                 else f"sources: ['synthetic.xml:{number + 1}']" if line.startswith("sources:") else line
                 for line in lines]
        front = re.sub(r"arxiv\.org/abs/\S+", f"arxiv.org/abs/1{number // 100000:03d}.{number % 100000:05d}",
                       "\n".join(lines))
        front = re.sub(r"doi\.org/\S+", f"doi.org/10.99999/synthetic.{number}", front)
        abstract = f"In setting {number}, {abstract[0].lower()}{abstract[1:]}"
        (target / "papers" / f"synthetic-{number:06d}.md").write_text(f"{front}\n---\n{abstract}", encoding="utf-8")
    return time.perf_counter() - start


def load_seconds(content: Path) -> float:
    start = time.perf_counter()
    load_content(content)
    return time.perf_counter() - start


def pure_python_load_seconds(content: Path) -> float:
    """Loading the tree with PyYAML's own parser, as before libyaml was used."""
    fast = yamldoc._FastTextDateLoader
    yamldoc._FastTextDateLoader = yamldoc._TextDateLoader
    try:
        return load_seconds(content)
    finally:
        yamldoc._FastTextDateLoader = fast


def synthetic(template: Path, work: Path, size: int, days: list[tuple[dt.date, Path]]) -> None:
    print(f"\n(b) one day of 300 papers into a synthetic digest of {size:,}")
    target = work / "synthetic"
    made = synthetic_tree(template, target, size)
    print(f"generated {paper_count(target):,} paper files in {made:.1f} s")
    # the largest days, merged into one day of 300 papers, none of them in the synthetic tree
    raws = sorted((read_dumps([p]) for _, p in days), key=len, reverse=True)
    day = [raw for dump in raws for raw in dump][:300]
    titles = existing_titles(target)
    loading = load_seconds(target)
    # A daily import finds the parse cache (.cache/curation.sqlite3, beside where it runs) warm
    # from the day before; the first load that fills it is timed on its own.
    here = os.getcwd()
    os.chdir(work)
    try:
        start = time.perf_counter()
        load_content(target, parse_cache=ParseCache(PARSE_CACHE))
        print(f"first load, filling the parse cache: {time.perf_counter() - start:.1f} s "
              f"(without the cache: {loading:.1f} s)")
        seconds, counts, written = import_once(target, [], days[-1][0], day)
    except (DumpError, CurationError) as exc:
        print(f"refused: {exc.problems[0]} ({len(exc.problems)} problems)")
        return
    finally:
        os.chdir(here)
    print(f"import of {len(day)} papers into {len(titles):,}: {seconds:.1f} s "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}; {written} files written)")
    new = new_match_seconds(titles, day)
    old = old_match_seconds(titles, day)
    print(f"  of which loading and validating the digest without the parse cache about {loading:.1f} s; title index (build and "
          f"{len(day)} look-ups) {new:.2f} s")
    print(f"(c) old title matcher (difflib against every title) for these {len(day)} papers: about {old:.0f} s "
          f"({old / max(new, 1e-9):,.0f}x the index); whole import with it about {seconds - new + old:.0f} s "
          f"({(seconds - new + old) / seconds:.0f}x)")
    slow = pure_python_load_seconds(target)
    print(f"    loading with PyYAML's pure-Python parser: {slow:.1f} s against {loading:.1f} s "
          f"({slow / max(loading, 1e-9):.1f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "arxiv")
    parser.add_argument("--days", type=int, default=20, help="Real days imported (the first ones).")
    parser.add_argument("--synthetic", type=int, default=50_000, help="Papers in the synthetic digest (0: none).")
    parser.add_argument("--work", type=Path, help="Working folder (default: a temporary one).")
    parser.add_argument("--keep", action="store_true", help="Keep the working folder.")
    args = parser.parse_args()
    days = day_files(args.bench)[: args.days] if args.bench.is_dir() else []
    if not days:
        print(f"skipped: no arXiv days (arxiv-YYYY-MM-DD.xml) in {args.bench}")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="import-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        content = empty_tree(work / "real")
        first_title = real_days(days, content)
        check_real(content, first_title)
        if args.synthetic:
            synthetic(content, work, args.synthetic, days)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
