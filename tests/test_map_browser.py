"""The map in a real browser (seed site, Chromium): every paper drawn from map/points.bin, a
paper's title where it is drawn, the keyboard, a topic picked out, labels that never overlap,
and a phone that sees the whole map without scrolling sideways."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser_support import LAPTOP, PHONE, clean_page, shot

pytestmark = pytest.mark.browser

# Where digest-map.js draws a paper, in page coordinates: read from the files the page loads and
# placed by the same rule as the script (a square of the canvas's shorter side, 12 px inside).
WHERE = """async (id) => {
  const frame = document.querySelector('.digest-map');
  const n = +frame.dataset.count, chunk = +frame.dataset.chunk;
  const buffer = await (await fetch('points.bin')).arrayBuffer();
  let index = -1;
  for (let k = 0; index < 0 && k * chunk < n; k++) {
    const rows = await (await fetch('papers-' + k + '.json')).json();
    const i = rows.findIndex(r => r[0] === id);
    if (i >= 0) index = k * chunk + i;
  }
  const xs = new Uint16Array(buffer, 0, n), ys = new Uint16Array(buffer, 2 * n, n);
  const c = frame.querySelector('canvas').getBoundingClientRect();
  const side = Math.min(c.width, c.height) - 24;
  return [c.left + (c.width - side) / 2 + xs[index] / 65535 * side,
          c.top + (c.height - side) / 2 + (1 - ys[index] / 65535) * side];
}"""
LABEL_BOXES = """() => [...document.querySelectorAll('.digest-map__label')].filter(l => !l.hidden).map(l => {
  const r = l.getBoundingClientRect(); return [l.textContent, r.left, r.top, r.right, r.bottom]; })"""


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".digest-map__label:not([hidden])").first).to_be_visible()      # drawn


def test_a_paper_is_drawn_where_its_title_shows_and_a_click_opens_it(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    open_map(page, f"{served.url}map/")
    assert page.locator(".digest-map").get_attribute("data-count") == str(len(analysis.digest.papers))
    painted = page.evaluate("""() => { const c = document.querySelector('.digest-map canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
    assert painted > 20 * len(analysis.digest.papers)                   # points drawn, a few pixels each
    x, y = page.evaluate(WHERE, "disparse")
    page.mouse.move(x, y)
    card = page.locator(".digest-map__card")
    expect(card).to_have_text(analysis.digest.paper("disparse").title)
    shown = card.bounding_box()
    assert abs(shown["x"] + shown["width"] / 2 - x) < shown["width"] / 2 + 10 and abs(shown["y"] - y) < 120
    shot(page, "map")
    page.mouse.click(x, y)
    expect(page).to_have_url(f"{served.url}papers/disparse/")


def test_the_map_is_one_tab_stop_and_arrows_move_between_papers(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    open_map(page, f"{served.url}map/")
    canvas, card = page.locator(".digest-map canvas"), page.locator(".digest-map__card")
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.digest-map canvas')"):
            break
    expect(canvas).to_be_focused()
    newest = max(analysis.digest.papers, key=lambda p: (p.added, p.id))
    expect(card).to_have_attribute("data-paper", newest.id)            # starts at the newest paper
    expect(page.locator(".digest-map__status")).to_have_text(card.inner_text())   # said, not only shown
    page.keyboard.press("Tab")                                        # one Tab leaves the map
    expect(page.locator(".digest-legend a").first).to_be_focused()   # ... for the list of its topics
    page.keyboard.press("Shift+Tab")
    expect(canvas).to_be_focused()
    visited = set()
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "Home", "End"]:
        before = card.get_attribute("data-paper")
        page.keyboard.press(key)
        try:                                      # a key may have no paper in its direction: then none moves
            page.wait_for_function("b => document.querySelector('.digest-map__card').dataset.paper !== b",
                                   arg=before, timeout=2000)
        except PlaywrightTimeout:
            pass
        visited.add(card.get_attribute("data-paper"))
    assert len(visited) >= 4
    page.keyboard.press("ArrowLeft")
    expect(card).to_be_visible()
    target = card.get_attribute("data-paper")
    expect(card).to_have_text(analysis.digest.paper(target).title)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{served.url}papers/{target}/")
    page.go_back()
    open_map(page, f"{served.url}map/")
    page.locator(".digest-map canvas").focus()
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_a_topic_pages_map_link_picks_out_its_papers(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    slug = analysis.grouping.assignments["disparse"].slugs[0]
    name = analysis.digest.topics[slug].name
    page.goto(f"{served.url}topics/{slug}/")
    page.get_by_role("link", name="See them on the map").click()
    expect(page).to_have_url(f"{served.url}map/?topic={slug}")
    expect(page.locator(".digest-map__label:not([hidden])")).to_have_text([name])   # its label alone
    expect(page.locator('.digest-legend li[aria-current="true"]')).to_contain_text(name)
    x, y = page.evaluate(WHERE, "disparse")
    alpha = page.evaluate("""([x, y]) => { const c = document.querySelector('.digest-map canvas');
        const r = c.getBoundingClientRect(), k = c.width / r.width;
        return c.getContext('2d').getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data[3]; }""",
                          [x, y])
    assert alpha > 150                                                  # drawn strong, the others faded
    page.get_by_role("link", name="Show every topic on the map").click()
    expect(page.locator(".digest-map__label:not([hidden])").nth(1)).to_be_visible()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_labels_never_overlap_and_a_phone_sees_the_whole_map(seed_site, browser: Browser, size: str) -> None:
    served, analysis, _ = seed_site
    phone = size == "phone"
    with clean_page(browser, viewport=PHONE if phone else LAPTOP, is_mobile=phone, has_touch=phone) as page:
        open_map(page, f"{served.url}map/")
        canvas = page.locator(".digest-map canvas").bounding_box()
        assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= page.viewport_size["width"]
        assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
        boxes = page.evaluate(LABEL_BOXES)
        assert len(boxes) >= 3
        for (_, *a), (_, *b) in itertools.combinations(boxes, 2):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        for _, left, top, right, bottom in boxes:                        # on the map, not clipped
            assert canvas["x"] <= left and right <= canvas["x"] + canvas["width"]
            assert canvas["y"] <= top and bottom <= canvas["y"] + canvas["height"]
        if phone:                                                         # a tap selects, a second opens
            x, y = page.evaluate(WHERE, "disparse")
            page.touchscreen.tap(x + 8, y)                                 # a finger's miss
            card = page.locator(".digest-map__card")
            expect(card).to_have_attribute("data-paper", "disparse")
            expect(page).to_have_url(f"{served.url}map/")
            shot(page, "map-phone")
            page.touchscreen.tap(x, y)
            expect(page).to_have_url(f"{served.url}papers/disparse/")


def test_without_javascript_the_map_says_so_and_its_legend_links_every_topic(seed_site, browser: Browser) -> None:
    served, analysis, _ = seed_site
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{served.url}map/")
        # (Playwright turns scripts off but not the parser's scripting flag, so <noscript> is not shown here)
        assert "<noscript><p>The map is drawn by JavaScript. The topics below list the same papers" in page.content()
        shown = {s for a in analysis.grouping.assignments.values() for s in a.slugs[:1]}
        expect(page.locator(".digest-legend li")).to_have_count(len(shown) + (1 if analysis.grouping.unsorted else 0))
        page.locator(".digest-legend li a").first.click()
        expect(page.locator("h1")).to_be_visible()
        assert "/topics/" in page.url
    finally:
        context.close()


def test_a_map_focused_before_its_points_load_shows_the_newest_paper_once_drawn(seed_site, browser: Browser) -> None:
    served, analysis, _ = seed_site
    with clean_page(browser, viewport=LAPTOP) as page:
        release = []
        page.route("**/map/points.bin", lambda route: release.append(route))       # held back
        page.goto(f"{served.url}map/")
        page.locator(".digest-map canvas").focus()
        expect(page.locator(".digest-map__card")).to_be_hidden()
        page.wait_for_timeout(200)
        assert release
        release[0].continue_()
        newest = max(analysis.digest.papers, key=lambda p: (p.added, p.id))
        expect(page.locator(".digest-map__card")).to_have_attribute("data-paper", newest.id)
