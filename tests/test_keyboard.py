"""The keyboard in a real browser: the header search box (seed site, Chromium; the map's keys are in
test_map_browser.py)."""

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
