"""A built digest at real scale, read as a reader's browser and a feed reader read it.

    .venv/bin/python benchmarks/site_check.py SITE [--query WORDS]

SITE is a built site, e.g. the one `benchmarks/real_days.py --keep --work DIR` leaves in
DIR/project/site. It is served on 127.0.0.1, gzip-compressed as a host sends text, and driven
in Debian's Chromium (a fresh context for each measurement, nothing cached). Prints, for the
home page, a paper page and the map: milliseconds to the load event (the map: until it is drawn,
its points fetched), KB fetched and how many links it holds (the map: points, and whether a
focused point shows its title); the header
search's milliseconds to a first result (the baseline: the same query on the small seed site, if
given with --baseline); the search page's results and facet values for the query; and every
feed read by feedparser (invalid ones named). Skips when Chromium is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from search_scale import CHROMIUM, CHROMIUM_ARGS, TYPE_AND_WAIT, serve  # noqa: E402


def page_load(browser, url: str, ready: str | None = None) -> tuple[float, float, object]:
    """Milliseconds to the load event (or, with `ready`, until that selector is visible: the map
    draws after fetching its points) and KB fetched until then."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received: list[int] = []
    context.on("requestfinished", lambda r: received.append(max(0, r.sizes()["responseBodySize"])))
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    if ready:
        page.locator(ready).first.wait_for(timeout=60_000)
    return (time.perf_counter() - start) * 1000, sum(received) / 1024, (context, page)


def check_feeds(site: Path) -> tuple[int, list[str]]:
    feeds = [*site.glob("feed.*.xml"), *(p for p in (site / "feeds").glob("*.xml") if p.name != "sitemap.xml")]
    bad = [str(p.relative_to(site)) for p in feeds if feedparser.parse(p.read_bytes()).bozo]
    return len(feeds), bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="language models")
    parser.add_argument("--baseline", type=Path, help="A small built site to time the same search on.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() and CHROMIUM != "playwright":
        print(f"skipped: no Chromium at {CHROMIUM}")
        return 0
    from playwright.sync_api import sync_playwright

    papers = sum(1 for _ in (args.site / "papers").iterdir())
    print(f"{args.site}: {papers:,} paper pages")
    httpd, url = serve(args.site, compress=True)
    base = None
    if args.baseline:
        base_httpd, base = serve(args.baseline, compress=True)
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS}
        if CHROMIUM != "playwright":
            options["executable_path"] = CHROMIUM
        browser = playwright.chromium.launch(**options)
        some_paper = sorted((args.site / "papers").iterdir())[0].name
        for name, path in (("home", ""), ("paper", f"papers/{some_paper}/"), ("map", "map/")):
            ready = ".digest-map__label:not([hidden])" if name == "map" else None
            ms, kb, (context, page) = page_load(browser, url + path, ready)
            links = page.locator("article a").count()
            extra = ""
            if name == "map":
                points = int(page.locator(".digest-map").get_attribute("data-count"))
                page.locator(".digest-map canvas").focus()
                page.keyboard.press("ArrowRight")
                card = page.locator(".digest-map__card")
                card.wait_for(timeout=10_000)
                extra = f" (drawn); {points:,} points, a focused point's title shown: {card.is_visible()}"
            print(f"  {name:<6} load {ms:7.0f} ms, {kb:8.0f} KB fetched (gzip), {links:,} links{extra}")
            context.close()
        for label, site_url in (("this site", url), ("baseline", base)):
            if not site_url:
                continue
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(site_url + "about/", wait_until="load")
            ms = page.evaluate(TYPE_AND_WAIT, ["header input[type=search], .md-search__input",
                                               ".md-search-result__item", args.query])
            print(f"  header search {args.query!r} on {label}: first result in {ms:.0f} ms")
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + f"search/?q={args.query.replace(' ', '+')}", wait_until="load")
        results = page.locator(".digest-search-page__results .md-search-result__item")
        results.first.wait_for(timeout=30_000)
        facets = page.get_by_role("checkbox").count()
        print(f"  search page {args.query!r}: {results.count()} results shown, {facets} facet values offered, "
              f"{page.locator('.digest-search-page__meta').inner_text()!r}")
        context.close()
        browser.close()
    httpd.shutdown()
    if base:
        base_httpd.shutdown()
    count, bad = check_feeds(args.site)
    print(f"  feeds: {count:,} read by feedparser, {len(bad)} invalid{': ' + ', '.join(bad[:5]) if bad else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
