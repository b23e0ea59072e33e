"""The map in a real browser: readable labels, a title on tap, usable on a phone, links without
JavaScript (seed site, Chromium)."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import LAPTOP, PHONE, clean_page, shot

pytestmark = pytest.mark.browser


def test_topic_labels_do_not_overlap(seed_site, page) -> None:
    served, _, _ = seed_site
    page.goto(f"{served.url}map/")
    boxes = page.evaluate("() => [...document.querySelectorAll('svg.digest-map .digest-map__label')]"
                          ".map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })")
    assert len(boxes) >= 10
    overlapping = [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
                   if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert overlapping == []


def test_on_a_phone_a_tap_shows_the_nearest_title_and_a_second_tap_opens_it(seed_site, browser: Browser) -> None:
    served, analysis, _ = seed_site
    with clean_page(browser, viewport=PHONE, has_touch=True, is_mobile=True) as page:
        page.goto(f"{served.url}map/")
        point = page.locator('svg.digest-map a[href="../papers/disparse/"] circle')
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        assert box["width"] >= 6                                          # 3.7 px before
        page.touchscreen.tap(box["x"] + box["width"] / 2 + 8, box["y"] + box["height"] / 2)   # a finger's miss
        card = page.locator(".digest-map__card")
        expect(card).to_be_visible()
        expect(card).to_have_text(analysis.digest.paper("disparse").title)
        expect(page).to_have_url(f"{served.url}map/")
        shot(page, "map-phone")
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page).to_have_url(f"{served.url}papers/disparse/")


def test_without_javascript_every_point_is_a_link(seed_site, browser: Browser) -> None:
    served, analysis, _ = seed_site
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.url}map/")
        expect(page.locator("svg.digest-map a[href]")).to_have_count(len(analysis.digest.papers))
        page.locator('svg.digest-map a[href="../papers/disparse/"]').focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{served.url}papers/disparse/")
    finally:
        context.close()
