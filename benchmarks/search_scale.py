"""Search at scale: Pagefind (what the site ships) against Material's search index, in Chromium.

    .venv/bin/python benchmarks/search_scale.py [--sizes 1000 10000 [100000]] [--query WORDS]

For each size, a synthetic digest (as benchmarks/build_scale.py makes it: the seed papers under
new ids, enrichment pre-cached) is built by `digest build`, which runs Pagefind as a stage; its
indexing time is the build's own "search index" stage. In the same run, MkDocs with Material's
`search` plugin (and Material's stock header) builds the same generated pages into a second
site, the baseline.

Both sites are served on 127.0.0.1 and driven in Debian's Chromium (a fresh browser context
each, so nothing is cached): open a paper page, type the query into the header box, and time
from the keystroke to the first result in the DOM (measured in the page with
performance.now() and a MutationObserver). Bytes are response bodies and headers as served
(no compression, as Python's http.server serves them; a host that gzips sends less of both),
from the page load to the first result, the page's own requests and its workers' alike. Prints a table and the ratios
Material / Pagefind. Skips cleanly when Chromium is not installed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import build_scale  # noqa: E402

CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

# Runs in the page: type the query into the search box, resolve with the milliseconds until the
# first result element exists.
TYPE_AND_WAIT = """async ([inputSelector, resultSelector, query]) => {
  const input = document.querySelector(inputSelector);
  input.focus();
  const start = performance.now();
  const found = new Promise(resolve => {
    const check = () => { if (document.querySelector(resultSelector)) { resolve(performance.now() - start); return true; } };
    if (check()) return;
    new MutationObserver((_, observer) => { if (check()) observer.disconnect(); })
      .observe(document.body, {childList: true, subtree: true});
  });
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: query.slice(-1)}));
  return await found;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Gzipping(_Quiet):
    """Text compressed on the fly, as GitHub Pages and most hosts serve it (Pagefind's own
    files are compressed already and go as they are)."""

    TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, compress: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = _Gzipping if compress else _Quiet
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def material_site(project: Path) -> tuple[Path, float]:
    """The same generated pages built with Material's search plugin and stock header."""
    config = (project / "mkdocs.yml").read_text()
    config = config.replace("  custom_dir: overrides\n", "").replace("plugins: []\n", "plugins:\n  - search\n")
    (project / "mkdocs-material-search.yml").write_text(config)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs-material-search.yml"),
                    "-d", str(project / "site-material")], check=True, cwd=project)
    return project / "site-material", time.perf_counter() - start


def measure(browser, url: str, input_selector: str, query: str) -> tuple[float, int, int]:
    """Milliseconds from typing to the first result; bytes of the page load; bytes in all."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = []
    # context-wide, so that requests from Pagefind's web worker count too
    context.on("requestfinished", lambda request: received.append(
        max(0, request.sizes()["responseBodySize"]) + max(0, request.sizes()["responseHeadersSize"])))
    page.goto(url, wait_until="load")
    page_bytes = sum(received)
    milliseconds = page.evaluate(TYPE_AND_WAIT, [input_selector, ".md-search-result__item", query])
    page.wait_for_timeout(200)            # let the responses that produced the result finish reporting
    total = sum(received)
    context.close()
    return milliseconds, page_bytes, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--query", default="sparsification")
    parser.add_argument("--baseline-up-to", type=int, default=20000,
                        help="build Material's index only up to this size (at 100,000 papers it is ~600 MB)")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"skipped: no Chromium at {CHROMIUM} (make test installs it; or set DIGEST_CHROMIUM)")
        return 0
    from playwright.sync_api import sync_playwright

    from generator.curation.loader import load_digest
    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.pipeline import EnrichSettings, embed_texts, enrich_digest
    from generator.group.topics import topic_texts

    settings = EnrichSettings()
    digest = load_digest(ROOT / "content")
    seed_cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    seed_enrichment = enrich_digest(digest, seed_cache)
    topic_vectors = embed_texts(topic_texts(digest.topics), seed_cache, settings)
    topic_model_vectors = build_scale.seed_topic_model_vectors(digest, seed_cache, settings)
    topic = sorted(digest.topics)[0]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"digest-search-{size}-") as tmp:
                project = Path(tmp)
                build_scale.synthesise(project, size, list(digest.papers), seed_enrichment, topic_vectors, settings,
                                       topic_model_vectors)
                child = subprocess.run([sys.executable, "-c", build_scale.CHILD.format(root=str(ROOT), project=str(project))],
                                       capture_output=True, text=True)
                if child.returncode != 0:
                    print(child.stderr[-3000:])
                    return 1
                built = json.loads(child.stdout.strip().splitlines()[-1])
                with_baseline = size <= args.baseline_up_to
                if with_baseline:
                    baseline, baseline_seconds = material_site(project)
                    index_mb = (baseline / "search" / "search_index.json").stat().st_size / 2**20
                else:
                    baseline, baseline_seconds, index_mb = project / "site", 0.0, 0.0
                page = f"papers/{sorted(p.name for p in (project / 'site' / 'papers').iterdir())[0]}/"
                measured = {}
                for compress in (False, True):
                    pagefind_server, pagefind_url = serve(project / "site", compress)
                    material_server, material_url = serve(baseline, compress)
                    measured[compress] = (
                        measure(browser, pagefind_url + page, "#digest-search-input", args.query),
                        measure(browser, material_url + page, "input.md-search__input", args.query)
                        if with_baseline else (float("nan"), 0, 0))
                    pagefind_server.shutdown()
                    material_server.shutdown()
                ours, theirs = measured[False]
                rows.append((size, built["stages"]["search index"], baseline_seconds, index_mb, ours, theirs,
                             measured[True]))
                print(f"{size:>7} papers: Pagefind indexed in {built['stages']['search index']:.1f}s, first result "
                      f"{ours[0]:.0f} ms after {ours[2] / 1024:.0f} KB; Material (index {index_mb:.1f} MB, site "
                      f"built in {baseline_seconds:.1f}s) {theirs[0]:.0f} ms after {theirs[2] / 1024:.0f} KB", flush=True)
        browser.close()
    print("\nKB fetched: page load + first query (of which the page load alone); served as files are, "
          "then gzip-compressed as a real host sends text")
    print("\n| papers | Pagefind index s | Pagefind first result ms | Pagefind KB | Pagefind KB gzip "
          "| Material first result ms | Material KB | Material KB gzip | time ratio | bytes ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, index_s, _, _, ours, theirs, (ours_gz, theirs_gz) in rows:
        kb = lambda m: f"{m[2] / 1024:.0f} ({m[1] / 1024:.0f})"
        print(f"| {size:,} | {index_s:.1f} | {ours[0]:.0f} | {kb(ours)} | {kb(ours_gz)} | {theirs[0]:.0f} | "
              f"{kb(theirs)} | {kb(theirs_gz)} | {theirs[0] / ours[0]:.1f}x | {theirs[2] / ours[2]:.1f}x |".replace("nan", "–"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
