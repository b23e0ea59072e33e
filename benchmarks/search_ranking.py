"""Search relevance: the papers Pagefind ranks first for a reader's queries, judged blind.

    .venv/bin/python benchmarks/search_ranking.py SITE [--pairs OUT.json]

SITE is a built site of a real field (e.g. the 20 arXiv days: `benchmarks/real_days.py --keep`).
It is served on 127.0.0.1 and searched in Debian's Chromium through the site's own Pagefind
bundle, once with each ranking in RANKINGS (Pagefind's `ranking` options: how much a term's
frequency, the page's length, repeated terms and near-matches count), and then through the site's
own search page (`/search/?q=`), as a reader sees it. For each of the queries in
data/search-queries.json (written before any ranking was tried; alternately in a "choose" and a
"report" half), the first five papers (topic and lab pages are left out) are kept.

With --pairs, writes every (query, paper) pair any ranking returned, with the paper's title and
abstract and nothing of which ranking returned it or where, for blind readers; their verdicts go
into data/search-judgements.json ({"query": {"paper id": 0 or 1}}). Without it, prints each
ranking's precision at 5 on each half (a pair no reader judged counts as not relevant, and is
counted) and the ratio to Pagefind's defaults, the baseline in the same run. Skips cleanly
when Chromium or the site is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from search_scale import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
QUERIES = DATA / "search-queries.json"
JUDGEMENTS = DATA / "search-judgements.json"
TOP = 5
# Pagefind 1.x's defaults first: the baseline.
RANKINGS = {
    "Pagefind's defaults": {"termFrequency": 1.0, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 1.0},
    "no length normalisation": {"termFrequency": 1.0, "pageLength": 0.0, "termSaturation": 1.4, "termSimilarity": 1.0},
    "early saturation": {"termFrequency": 1.0, "pageLength": 0.75, "termSaturation": 0.6, "termSimilarity": 1.0},
    "less term frequency": {"termFrequency": 0.4, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 1.0},
    "early saturation, half length": {"termFrequency": 1.0, "pageLength": 0.4, "termSaturation": 0.8,
                                      "termSimilarity": 1.0},
    "exact terms first": {"termFrequency": 1.0, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 4.0},
}

SEARCH = """async ([ranking, queries, top]) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  await pagefind.options({ baseUrl: "/", ranking });
  const out = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const papers = [];
    for (const result of search.results) {
      if (papers.length >= top) break;
      const data = await result.data();
      const match = data.url.match(/papers\\/([^/]+)\\//);
      if (match) papers.push(match[1]);
    }
    out[query] = papers;
  }
  return out;
}"""


SITE_SEARCH = "the site's search page (all but one word when no page has every word)"


def rankings(site: Path, queries: list[str]) -> dict[str, dict[str, list[str]]]:
    """Each ranking's first papers for each query, then the site's own search page's."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = {}
            for name, ranking in RANKINGS.items():
                page = browser.new_page()            # a fresh page: options apply before the first search
                page.goto(url)
                results[name] = page.evaluate(SEARCH, [ranking, queries, TOP])
                page.close()
            results[SITE_SEARCH] = {query: search_page(browser, url, query) for query in queries}
            browser.close()
    finally:
        httpd.shutdown()
    return results


def search_page(browser, url: str, query: str) -> list[str]:
    """The first papers /search/?q= lists, as a reader sees them."""
    from urllib.parse import quote

    page = browser.new_page()
    page.goto(f"{url}search/?q={quote(query)}")
    page.wait_for_function("""() => { const m = document.querySelector('.digest-search-page__meta');
                                      return m && /matching|No page|No matching/.test(m.textContent); }""")
    links = page.eval_on_selector_all(".digest-search-page__results a.md-search-result__link",
                                      "links => links.map(a => a.getAttribute('href'))")
    page.close()
    ids = [m.group(1) for m in (re.search(r"papers/([^/]+)/", href) for href in links) if m]
    return ids[:TOP]


def paper_text(site: Path, paper_id: str) -> dict:
    import html

    page = (site / "papers" / paper_id / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page, re.S)
    abstract = re.search(r'<h2[^>]*id="abstract".*?</h2>\s*<p>(.*?)</p>', page, re.S)
    strip = lambda text: html.unescape(re.sub(r"<[^>]+>", "", text or "")).strip()  # noqa: E731
    return {"title": strip(title.group(1) if title else ""), "abstract": strip(abstract.group(1) if abstract else "")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pairs", type=Path, help="write the pairs to judge here instead of scoring")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() or not (args.site / "pagefind").is_dir():
        print("skipped: no Chromium or no built site with a Pagefind index")
        return 0
    spec = json.loads(QUERIES.read_text())
    queries = [q for half in ("choose", "report") for q in spec[half]]
    ranked = rankings(args.site, queries)
    if args.pairs:
        pairs = sorted({(q, p) for by_query in ranked.values() for q, papers in by_query.items() for p in papers})
        args.pairs.write_text(json.dumps([{"query": q, "paper": p, **paper_text(args.site, p)} for q, p in pairs],
                                         ensure_ascii=False, indent=1))
        print(f"wrote {len(pairs)} pairs to judge to {args.pairs}")
        return 0
    judged = json.loads(JUDGEMENTS.read_text()) if JUDGEMENTS.exists() else {}
    judged.pop("about", None)
    print(f"| ranking | choose: P@{TOP} | report: P@{TOP} | unjudged | report / defaults |")
    print("|---|---:|---:|---:|---:|")
    baseline = None
    for name, by_query in ranked.items():
        cells, missing = [], 0
        for half in ("choose", "report"):
            hits = total = 0
            for query in spec[half]:
                for paper in by_query[query]:
                    verdict = judged.get(query, {}).get(paper)
                    missing += verdict is None
                    hits += verdict == 1
                total += TOP
            cells.append(100 * hits / total)
        baseline = baseline or cells[1]
        print(f"| {name} | {cells[0]:.1f} | {cells[1]:.1f} | {missing} | {cells[1] / baseline:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
