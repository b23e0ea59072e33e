"""The keyboard in a real browser: the header search box and the map (seed site, Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

IN_DIALOG = "() => !!document.activeElement.closest('.digest-search')"


def open_header_results(page: Page, url: str, query: str = "sparse attention") -> None:
    page.goto(url)
    page.keyboard.press("/")
    page.keyboard.type(query)
    expect(page.locator("#digest-search-results .md-search-result__item").first).to_be_visible(timeout=15_000)


def test_tabbing_past_the_header_search_box_closes_its_overlay(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    open_header_results(page, f"{served.url}topics/reinforcement-learning/")
    expect(page.locator("#__search")).to_be_checked()
    for _ in range(40):                                   # the box, its results, the "all results" link
        page.keyboard.press("Tab")
        if not page.evaluate(IN_DIALOG):
            break
    assert not page.evaluate(IN_DIALOG)
    expect(page.locator("#__search")).not_to_be_checked()              # no overlay over where focus went
    expect(page.locator(".digest-search .md-search__output")).to_be_hidden()


def test_escape_on_a_highlighted_result_returns_focus_to_the_box(seed_site, page: Page) -> None:
    served, _, _ = seed_site
    open_header_results(page, f"{served.url}labs/tsinghua/")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#digest-search-results a").nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#digest-search-input")).to_be_focused()
    expect(page.locator("#digest-search-input")).to_be_visible()
    page.keyboard.press("Escape")                                      # and a second Esc closes
    expect(page.locator("#__search")).not_to_be_checked()


def focused_point(page: Page) -> str | None:
    return page.evaluate("() => { const a = document.activeElement.closest('svg.digest-map a');"
                         " return a ? a.getAttribute('href') : null; }")


def test_the_map_is_one_tab_stop_and_arrows_move_between_points(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    page.goto(f"{served.url}map/")
    stops = page.evaluate("() => [...document.querySelectorAll('svg.digest-map a')].filter(a => a.tabIndex >= 0).length")
    assert stops == 1                                                  # not one per paper
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused_point(page):
            break
    first = focused_point(page)
    assert first
    page.keyboard.press("Tab")                                        # one Tab leaves the map
    assert focused_point(page) is None
    expect(page.locator(".digest-legend a").first).to_be_focused()   # ... for the list of its topics
    page.keyboard.press("Shift+Tab")
    assert focused_point(page) == first
    visited = {first}
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "End", "Home"]:
        page.keyboard.press(key)
        visited.add(focused_point(page))
    assert None not in visited and len(visited) >= 4
    page.keyboard.press("ArrowRight")
    href = focused_point(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(served.url + "papers/" + href.split("/papers/")[1])


def test_a_focused_point_shows_its_title(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    page.goto(f"{served.url}map/")
    target = page.locator('svg.digest-map a[href="../papers/disparse/"]')
    target.focus()
    card = page.locator(".digest-map__card")
    expect(card).to_be_visible()
    expect(card).to_have_text(analysis.digest.paper("disparse").title)
    circle, shown = target.locator("circle").bounding_box(), card.bounding_box()
    assert abs((shown["x"] + shown["width"] / 2) - (circle["x"] + circle["width"] / 2)) < shown["width"] / 2 + 10
    assert abs(shown["y"] - circle["y"]) < 120                          # beside the point, not somewhere else
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
