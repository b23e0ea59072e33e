"""End to end in a real browser: the seed site served on 127.0.0.1, Chromium driven by Playwright.

Screenshots of the home page, a topic, a paper, search results and the search page go to
test-artifacts/screenshots/ for inspection.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import feedparser
import pytest
from playwright.sync_api import Page, expect

from generator.enrich.cache import EnrichmentCache
from generator.publish.site import build_site
from tests.browser_support import Served, shot  # the fixtures (seed_site, page, ...) come through conftest.py
from tests.site_helpers import ROOT, make_project

pytestmark = pytest.mark.browser


def test_home_lists_the_latest_papers(seed_site, page: Page) -> None:
    """The home page shows the latest issue's newest papers of each topic (a bounded front page)
    and links to the rest."""
    from generator.group.weeks import issue_sections, weekly_issues
    from generator.render.site_view import SiteView

    served, analysis, _ = seed_site
    issue = weekly_issues(analysis.digest.papers)[0]
    sections = issue_sections(issue, analysis.grouping.assignments, analysis.digest.topics)
    shown_per_topic = SiteView.HOME_SECTION_SHOWN
    expected = [p for section in sections for p in section.papers[:shown_per_topic]]
    page.goto(served.url)
    expect(page.locator("h1")).to_contain_text("Paper Digest")
    links = page.locator("article li > strong > a")
    expect(links).to_have_count(len(expected))
    shown = {links.nth(i).inner_text() for i in range(len(expected))}
    assert {p.title for p in expected if "$" not in p.title} <= shown          # (math titles render as MathML)
    longer = [s for s in sections if len(s.papers) > shown_per_topic]
    for section in longer:
        more = page.get_by_role("link", name=f"{len(section.papers) - shown_per_topic} more on {section.name} this week")
        expect(more).to_have_count(1)
    assert longer, "the seed issue should have a topic with more papers than the home page shows"
    shot(page, "home")


def _pagefind_requests(page: Page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/pagefind/" in r.url else None)
    return requests


def test_header_search_finds_a_keyphrase_from_a_page_that_does_not_link_it(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    paper = analysis.digest.paper("activenerf")
    keyphrase = next(t for t in analysis.grouping.tags[paper.id] if " " in t)        # e.g. "Neural Radiance Fields"
    page.goto(f"{served.url}feeds/")
    assert page.locator('a[href*="activenerf"]').count() == 0
    page.keyboard.press("/")                                                      # Material's habit: / focuses search
    box = page.locator("#digest-search-input")
    expect(box).to_be_focused()
    box.fill(keyphrase)
    result = page.locator("#digest-search-results .md-search-result__item", has_text=paper.title).first
    expect(result).to_be_visible(timeout=15_000)
    expect(result.locator("mark").first).to_be_visible()                          # the excerpt highlights the match
    expect(result).to_contain_text(paper.authors[0])
    shot(page, "search-results")
    result.locator("a").click()
    expect(page).to_have_url(f"{served.url}papers/activenerf/")
    expect(page.locator("h1")).to_contain_text("ActiveNeRF")


def test_header_search_keyboard_enter_arrows_and_escape(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    paper = analysis.digest.paper("disparse")
    page.goto(f"{served.url}labs/tsinghua/")
    page.keyboard.press("s")
    page.keyboard.type("Disentangled Sparsification Multitask")
    first = page.locator("#digest-search-results .md-search-result__item").first
    expect(first).to_contain_text(paper.title, timeout=15_000)
    page.keyboard.press("ArrowDown")
    expect(first.locator("a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#digest-search-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    page.keyboard.press("/")
    page.keyboard.press("Enter")                                                  # Enter opens the best result
    expect(page).to_have_url(f"{served.url}papers/disparse/")


def test_a_page_load_fetches_no_index_until_the_box_is_focused(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    requests = _pagefind_requests(page)
    page.goto(f"{served.url}papers/disparse/")
    page.wait_for_load_state("networkidle")
    assert requests == []
    page.locator("#digest-search-input").focus()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('pagefind.js'))")
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests)
    assert not any("/fragment/" in url for url in requests)                       # fragments only for a query


def test_search_page_topic_facet_and_deep_link(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    topic = analysis.digest.topics["reinforcement-learning"]
    page.goto(f"{served.url}search/?q=learning")
    results = page.locator(".digest-search-page__results .md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    before = page.locator(".digest-search-page__meta").inner_text()
    page.get_by_role("checkbox", name=re.compile(re.escape(topic.name))).check()
    expect(page).to_have_url(re.compile(r"topic=Reinforcement\+learning"))
    expect(page.locator(".digest-search-page__meta")).not_to_have_text(before)
    expect(results.first).to_be_visible()
    count = results.count()
    assert count > 0
    for i in range(count):
        expect(results.nth(i).locator(".md-tag", has_text=topic.name)).to_have_count(1)
    shot(page, "search-page-facets")
    deep_link = page.url
    page.goto(f"{served.url}")
    page.goto(deep_link)                                                          # restores query and filter
    expect(page.locator("#digest-search-page-input")).to_have_value("learning")
    expect(page.get_by_role("checkbox", name=re.compile(re.escape(topic.name)))).to_be_checked()
    expect(results).to_have_count(count, timeout=15_000)


def test_search_page_without_query_lists_nothing(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}search/")
    expect(page.locator(".digest-search-page__facet").first).to_be_visible(timeout=15_000)
    expect(page.locator(".digest-search-page__results .md-search-result__item")).to_have_count(0)


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", '"quoted" \'single\'', "🚀 emoji ∑", "x" * 2000,
                                   "<img src=x onerror=alert(1)>"])
def test_any_query_shows_results_or_none_and_runs_nothing(hostile_site: Served, page: Page, query: str) -> None:
    page.goto(f"{hostile_site.url}search/")
    page.locator("#digest-search-page-input").fill(query)
    expect(page.locator(".digest-search-page__meta")).to_contain_text(re.compile("matching"), timeout=15_000)
    page.locator("#digest-search-input").fill(query)
    expect(page.locator("#digest-search-meta")).to_contain_text(re.compile("matching"), timeout=15_000)
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"], script:not([src]):not([id]):not([type])').length") \
        == page.evaluate("() => document.querySelectorAll('script:not([src]):not([id]):not([type])').length")


def test_hostile_titles_stay_text_in_search_results(hostile_site: Served, page: Page) -> None:
    page.goto(f"{hostile_site.url}search/?q=attention")
    title = page.locator(".digest-search-page__results h2", has_text="<script>alert('title')</script>")
    expect(title).to_be_visible(timeout=15_000)
    expect(title).to_contain_text("Attention Is <b>All</b> You Need")
    assert page.locator(".digest-search-page__results b, .digest-search-page__results script, "
                        ".digest-search-page__results img").count() == 0


def test_reader_walks_home_weekly_issue_paper_author_and_author_feed(seed_site, page: Page) -> None:
    from generator.group.authors import author_identity
    from generator.group.weeks import issue_sections, weekly_issues
    from generator.render.site_view import SiteView

    served, analysis, _ = seed_site
    issue = weekly_issues(analysis.digest.papers)[0]
    on_issue_page = [p for s in issue_sections(issue, analysis.grouping.assignments, analysis.digest.topics)
                     for p in s.papers[:SiteView.WEEK_SECTION_SHOWN]]
    authors = analysis.grouping.authors
    paper, author = next((p, authors[author_identity(name)]) for p in on_issue_page if "$" not in p.title
                         for name in p.authors if authors[author_identity(name)].has_page)
    page.goto(served.url)
    latest = page.locator("h2#latest-additions")
    expect(latest).to_contain_text("This week")
    page.get_by_role("link", name="The whole issue").click()
    expect(page).to_have_url(re.compile(r"/weeks/\d{4}-w\d{2}/$"))
    shot(page, "weekly-issue")
    page.locator("article").get_by_role("link", name=paper.title, exact=True).first.click()
    expect(page).to_have_url(f"{served.url}papers/{paper.id}/")
    expect(page.locator("article")).to_contain_text("In one sentence:")
    page.locator("article").get_by_role("link", name=author.name, exact=True).first.click()
    expect(page).to_have_url(f"{served.url}authors/{author.slug}/")
    expect(page.locator("h1")).to_contain_text(author.name)
    expect(page.get_by_role("link", name=paper.title, exact=True)).to_be_visible()
    shot(page, "author")
    href = page.locator(f'head link[rel="alternate"][type="application/rss+xml"][href*="author-{author.slug}"]').evaluate(
        "link => link.href")
    with urllib.request.urlopen(href) as response:
        feed = feedparser.parse(response.read())
    assert feed.bozo == 0 and [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == list(author.papers)


def test_stats_charts_have_their_numbers(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    page.goto(f"{served.url}stats/")
    charts = page.locator("svg.digest-chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        assert charts.nth(i).bounding_box()["height"] > 50
        assert charts.nth(i).locator("title").count() >= 1                       # a text alternative
    topics_table = page.locator("details").nth(1)
    topics_table.locator("summary").click()
    for slug, topic in analysis.digest.topics.items():                            # agrees with the topic pages
        count = len(analysis.grouping.topic_members.get(slug, ()))
        expect(topics_table.locator("tr", has_text=topic.name).first).to_contain_text(str(count))
    shot(page, "stats")


def test_navigation_home_topic_paper_lab(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    paper = analysis.digest.paper("disparse")
    topic = analysis.digest.topics[analysis.grouping.assignments["disparse"].slugs[0]]
    page.goto(served.url)
    page.get_by_role("link", name=topic.name, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(topic.name)
    shot(page, "topic")
    page.get_by_role("link", name=paper.title).first.click()
    expect(page).to_have_url(f"{served.url}papers/disparse/")
    shot(page, "paper")
    page.locator("article").get_by_role("link", name="Georgia Institute of Technology").click()
    expect(page).to_have_url(f"{served.url}labs/gatech/")
    expect(page.locator("h1")).to_contain_text("Georgia Institute of Technology")
    expect(page.get_by_role("link", name=paper.title)).to_be_visible()


def test_feed_links_in_head_resolve_to_feeds(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}topics/reinforcement-learning/")
    links = page.locator('head link[rel="alternate"]')
    expect(links).to_have_count(4)
    hrefs = [links.nth(i).evaluate("link => link.href") for i in range(4)]
    assert any(h.endswith("/feeds/topic-reinforcement-learning.atom.xml") for h in hrefs)
    for href in hrefs:
        with urllib.request.urlopen(href) as response:
            parsed = feedparser.parse(response.read())
        assert parsed.bozo == 0 and len(parsed.entries) > 0, href


def test_math_renders_as_raised_superscripts(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}papers/parameter-memory-time-efficient-visual/")
    math = page.locator("article math").first
    expect(math).to_be_visible()
    base = math.locator("msup > mi").first.bounding_box()
    exponent = math.locator("msup > mn").first.bounding_box()
    assert base["width"] > 0 and exponent["width"] > 0
    assert exponent["y"] < base["y"], (base, exponent)                  # rendered, not plain text


@pytest.mark.parametrize("path", ["papers/script-title/", "papers/math-and-markdown/", "topics/xss/",
                                  "labs/evil-lab/", "", "tags/", "tags/letter-c/", "tags/letter-other/", "authors/",
                                  "authors/img-src-x-onerror-alert-author/",
                                  "weeks/", "map/", "stats/"])
def test_hostile_content_is_inert_in_the_browser(hostile_site: Served, page: Page, path: str) -> None:
    page.goto(f"{hostile_site.url}{path}")
    page.wait_for_load_state("networkidle")
    injected = page.evaluate("""() => ({
        iframes: document.querySelectorAll('iframe').length,
        images: document.querySelectorAll('img[src="x"]').length,
        bold: [...document.querySelectorAll('article b')].length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:')).length,
    })""")
    assert injected == {"iframes": 0, "images": 0, "bold": 0, "handlers": 0, "jsLinks": 0}
    if path == "papers/script-title/":
        expect(page.locator("h1")).to_contain_text("<script>alert('title')</script> Attention Is <b>All</b> You Need")
        expect(page.locator("article")).to_contain_text("{{ config }}")


def test_whole_seed_site_links_anchors_and_feeds(seed_site) -> None:
    """Every internal link and #anchor of the built seed site resolves; every feed is valid."""
    import re
    from html.parser import HTMLParser

    _, analysis, project = seed_site
    site = project / "site"
    ids: dict[Path, set[str]] = {}

    class Ids(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: set[str] = set()

        def handle_starttag(self, tag, attrs):
            self.found.update(v for k, v in attrs if k == "id" and v)

    def anchors(page: Path) -> set[str]:
        if page not in ids:
            parser = Ids()
            parser.feed(page.read_text())
            ids[page] = parser.found
        return ids[page]

    broken = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        for href in re.findall(r'href="([^"]*)"', page.read_text()):
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            path, _, fragment = href.partition("#")
            path = path.split("?")[0]
            target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path) if path else page
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []
    assert len(pages) > len(analysis.digest.papers)
    feeds = sorted([*site.glob("feed.*.xml"), *(p for p in site.glob("feeds/*.xml") if p.name != "sitemap.xml")])
    assert len(feeds) == 2 * (1 + 1 + len(analysis.digest.topics) + len(analysis.digest.labs)
                              + sum(author.has_page for author in analysis.grouping.authors.values()))
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, feed.name
        assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_seed_site_builds_byte_identical_twice(seed_site, tmp_path: Path) -> None:
    from tests.site_helpers import tree_bytes

    _, _, project = seed_site
    again = make_project(tmp_path / "again", content=project / "content")
    build_site(again / "content", again / "site", config_file=again / "mkdocs.yml",
               cache=EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3"))
    assert tree_bytes(again / "site") == tree_bytes(project / "site")
