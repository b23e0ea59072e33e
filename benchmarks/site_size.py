"""What each kind of page costs a paper: the site's bytes and files by top-level folder.

    .venv/bin/python benchmarks/site_size.py [--content DIR] [--cache FILE] [--year 75000]

Builds CONTENT (default: content/; for a real field, the content `benchmarks/real_days.py --keep
--work DIR` leaves in DIR/project/content) twice in this process, into temporary folders, each
with a page cache of its own:

- baseline: Material's pages as its templates write them (the minifier off), as before the
  minifier came in;
- today: as `digest build` builds it.

Prints, for each kind (papers, authors, feeds, the Pagefind index, listings, the root's files),
KB and files a paper in each build, the ratio today / baseline, and the whole site projected
linearly to --year papers (a year of a real field is about 75,000), against GitHub Pages' 1 GB.
Author pages and feeds grow with the number of authors with two papers or more, which grows a
little faster than the papers while a field's authors start repeating: the projection is a
floor for them. The enrichment comes from --cache (default .cache/enrichment.sqlite3), so run
it warm: a cold one embeds every paper first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkdocs.plugins import BasePlugin  # noqa: E402

import generator.publish.site as site_module  # noqa: E402
from generator.enrich.cache import EnrichmentCache  # noqa: E402
from generator.publish.page_cache import PageCache  # noqa: E402

GITHUB_PAGES = 1_000_000_000


class _Unminified(BasePlugin):
    """The baseline: pages as Material writes them."""


def kind_of(path: Path, site: Path) -> str:
    parts = path.relative_to(site).parts
    return parts[0] if len(parts) > 1 else "(root files)"


def sizes(site: Path) -> tuple[Counter, Counter]:
    size, files = Counter(), Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path, site)
            size[kind] += path.stat().st_size
            files[kind] += 1
    return size, files


def build(content: Path, cache: EnrichmentCache, work: Path, name: str, minified: bool) -> tuple[Counter, Counter, int]:
    site = work / f"site-{name}"
    pages = lambda path, fingerprint: PageCache(work / f"pages-{name}.sqlite3", fingerprint)  # noqa: E731
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(site_module, "PageCache", pages))
        if not minified:
            stack.enter_context(mock.patch.object(site_module, "PageMinifier", _Unminified))
        report = site_module.build_site(content, site, config_file=ROOT / "mkdocs.yml", cache=cache)
    papers = sum(1 for _ in (content / "papers").rglob("*.md"))
    size, files = sizes(site)
    print(f"{name}: built {report.pages} pages; {papers:,} papers", flush=True)
    return size, files, papers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "enrichment.sqlite3")
    parser.add_argument("--year", type=int, default=75_000, help="papers to project the site to")
    args = parser.parse_args()
    if not (args.content / "papers").is_dir():
        print(f"skipped: no {args.content / 'papers'}")
        return 0
    cache = EnrichmentCache(args.cache)
    with tempfile.TemporaryDirectory(prefix="site-size-") as tmp:
        work = Path(tmp)
        base_size, base_files, papers = build(args.content, cache, work, "baseline", minified=False)
        size, files, _ = build(args.content, cache, work, "today", minified=True)
    print("\n| kind | baseline KB a paper | files a paper | today KB a paper | files a paper | today / baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in sorted(set(base_size) | set(size), key=lambda k: -size.get(k, 0)):
        ratio = size[kind] / base_size[kind] if base_size[kind] else float("nan")
        print(f"| {kind} | {base_size[kind] / papers / 1000:.1f} | {base_files[kind] / papers:.3f} | "
              f"{size[kind] / papers / 1000:.1f} | {files[kind] / papers:.3f} | {ratio:.2f} |")
    total_base, total = sum(base_size.values()), sum(size.values())
    print(f"| all | {total_base / papers / 1000:.1f} | {sum(base_files.values()) / papers:.3f} | "
          f"{total / papers / 1000:.1f} | {sum(files.values()) / papers:.3f} | {total / total_base:.2f} |")
    for label, bytes_ in (("baseline", total_base), ("today", total)):
        year = bytes_ / papers * args.year
        print(f"{label}: {args.year:,} papers ≈ {year / 1e9:.2f} GB, {year / GITHUB_PAGES:.1f}x GitHub Pages' 1 GB; "
              f"1 GB holds about {GITHUB_PAGES / (bytes_ / papers):,.0f} papers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
