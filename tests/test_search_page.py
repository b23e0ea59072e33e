"""The /search/ page and the header results in a real browser (seed site, Chromium): what shows
for a few results, which filters are offered, a phone's first screen, the highlight's contrast."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_support import PHONE, clean_page
from tests.test_map import contrast

pytestmark = pytest.mark.browser
RESULTS = ".digest-search-page__results .md-search-result__item"


def test_show_more_is_hidden_when_every_result_is_shown(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}search/?q=disentangled+sparsification")
    expect(page.locator(".digest-search-page__meta")).to_contain_text("matching", timeout=15_000)
    assert 0 < page.locator(RESULTS).count() < 20
    expect(page.locator(".digest-search-page__more")).to_be_hidden()
    page.goto(f"{served.url}search/?q=learning")
    expect(page.locator(RESULTS)).to_have_count(20, timeout=15_000)
    expect(page.locator(".digest-search-page__more")).to_be_visible()  # more than 20: it is there


def test_filters_offer_no_value_without_results(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}search/?q=disentangled+sparsification")
    expect(page.locator(RESULTS).first).to_be_visible(timeout=15_000)
    labels = page.locator(".digest-search-page__facet label").all_inner_texts()
    assert labels and not [label for label in labels if label.strip().endswith("(0)")]


def test_on_a_phone_the_first_results_are_on_the_first_screen(seed_site, browser: Browser) -> None:
    served, _, _ = seed_site
    with clean_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(f"{served.url}search/?q=learning")
        first = page.locator(RESULTS).first
        expect(first).to_be_visible(timeout=15_000)
        assert first.bounding_box()["y"] < PHONE["height"] - 100                   # was 900 px down
        summary = page.locator(".digest-search-page__filters summary")
        summary.click()                                                              # the filters unfold
        expect(page.locator(".digest-search-page__facet").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_highlighted_words_have_4_5_to_1_contrast(seed_site, browser: Browser, scheme: str) -> None:
    served, _, _ = seed_site
    with clean_page(browser, color_scheme=scheme) as page:
        page.goto(f"{served.url}search/?q=learning")
        mark = page.locator(".digest-search-page__results mark").first
        expect(mark).to_be_visible(timeout=15_000)
        colours = mark.evaluate("""m => {
            const hex = c => '#' + c.match(/\\d+/g).slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join('');
            let e = m, background = 'rgba(0, 0, 0, 0)';
            while (e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) { background = getComputedStyle(e).backgroundColor; e = e.parentElement; }
            return [hex(getComputedStyle(m).color), hex(background)]; }""")
        assert contrast(*colours) >= 4.5, colours                                 # was 4.26 and 3.78


def test_result_titles_are_not_page_headings_of_the_first_level(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}search/?q=learning")
    expect(page.locator(RESULTS).first).to_be_visible(timeout=15_000)
    expect(page.locator("article h1")).to_have_count(1)                            # the page's own
    expect(page.locator(RESULTS + " h2").first).to_be_visible()


def test_a_query_no_page_matches_whole_shows_the_pages_with_all_but_one_word(seed_site, page: Page) -> None:
    """Pagefind finds only pages with every word (a word in no page at all it ignores): no seed
    paper says both "sparsification" and "robot", so "disentangled sparsification robot" shows
    the pages with all but one word, DiSparse among them, with a line saying a word is missing,
    on the search page and in the header box; a query some page matches whole says "matching"."""
    served, analysis, _ = seed_site
    title = analysis.digest.paper("disparse").title
    page.goto(f"{served.url}search/?q=disentangled+sparsification+robot")
    meta = page.locator(".digest-search-page__meta")
    expect(meta).to_contain_text("No page has every word;", timeout=15_000)
    expect(meta).to_contain_text("all but one")
    expect(page.locator(RESULTS).filter(has_text=title)).to_have_count(1)
    page.goto(f"{served.url}papers/disparse/")
    page.locator("#digest-search-input").click()
    page.locator("#digest-search-input").fill("sparsification robot")
    expect(page.locator("#digest-search-meta")).to_contain_text("No page has every word;", timeout=15_000)
    expect(page.locator("#digest-search-results li").filter(has_text=title)).to_have_count(1)
    page.locator("#digest-search-input").fill("disentangled sparsification")
    expect(page.locator("#digest-search-meta")).to_have_text("1 matching page", timeout=15_000)
