"""What a reader waits for on a digest in parts, in a real browser: the header search's first
result over every part, and the map's first load.

    .venv/bin/python benchmarks/parts_browser.py SITE [SITE ...] [--query WORDS ...]

Each SITE is a built site, measured in turn in one browser: for example the one-site baseline and
the site in parts that `benchmarks/parts_scale.py --work DIR` keeps in DIR/one-site/site and
DIR/parts/site. It is served on 127.0.0.1 and opened in Chromium (/usr/bin/chromium, or
$DIGEST_CHROMIUM) with an empty cache for each measurement. For each query: the time from typing
it into the header box to its first result, the bytes fetched for it (Pagefind's script, its
WebAssembly, the root's and each part's index chunks), and the part the first result is in. For
the map: the bytes fetched and the time until its labels are drawn.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_support import CHROMIUM_ARGS, Served  # noqa: E402

QUERIES = ["vision transformer token pruning", "reinforcement learning", "multitask sparse training"]


def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched = []
    page.on("response", lambda r: fetched.append(r))
    return context, page, fetched


def body_bytes(responses) -> int:
    total = 0
    for response in responses:
        try:
            total += len(response.body())
        except Exception:          # a redirect or a response the page dropped has no body
            pass
    return total


def measure(browser, served: Served, queries: list[str]) -> None:
    for query in queries:
        context, page, fetched = fresh_page(browser)
        page.goto(served.url)
        before = len(fetched)
        page.keyboard.press("/")
        start = time.perf_counter()
        page.locator("#digest-search-input").fill(query)
        first = page.locator("#digest-search-results .md-search-result__item a").first
        first.wait_for(timeout=60_000)
        seconds = time.perf_counter() - start
        path = urlsplit(first.get_attribute("href")).path.lstrip("/")
        part = path.split("/")[0]
        kilobytes = body_bytes(fetched[before:]) / 1024
        print(f"search {query!r}: first result in {seconds:.2f} s, {kilobytes:.0f} KB fetched; it is in "
              f"{part}/ ({path})", flush=True)
        context.close()
    context, page, fetched = fresh_page(browser)
    start = time.perf_counter()
    page.goto(served.url + "map/")
    page.locator(".digest-map__label:not([hidden])").first.wait_for(timeout=60_000)
    seconds = time.perf_counter() - start
    count = page.locator(".digest-map").get_attribute("data-count")
    print(f"map of {int(count):,} papers: drawn in {seconds:.2f} s, {body_bytes(fetched) / 1024:.0f} KB "
          "fetched (page, styles, scripts, points)")
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--query", nargs="+", default=QUERIES)
    args = parser.parse_args()
    executable = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS, **({"executable_path": executable} if executable != "playwright" else {})}
        browser = playwright.chromium.launch(**options)
        for site in args.sites:
            print(f"{site}:", flush=True)
            served = Served(site)
            try:
                measure(browser, served, args.query)
            finally:
                served.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
