"""axe-core on every kind of page of the seed site, in the light and the dark scheme: no serious
or critical violation. axe-core comes bundled with the axe-playwright-python package (pinned in
requirements.lock), injected into the page and run there."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser_support import clean_page

pytestmark = pytest.mark.browser
_AXE = Axe()
KINDS = ["home", "week", "topic", "lab", "author", "paper", "map", "stats", "search", "feeds", "tags", "404"]


def path_of(kind: str, site: Path) -> str:
    """A page of each kind; weeks and authors are looked up in the built site, since which
    exist depends on the content."""
    if kind == "week":
        return "weeks/" + max(p.parent.name for p in site.glob("weeks/*-w*/index.html")) + "/"
    if kind == "author":
        return "authors/" + min(p.parent.name for p in site.glob("authors/*/index.html")
                                if not p.parent.name.startswith("letter-")) + "/"
    return {"home": "", "topic": "topics/reinforcement-learning/", "lab": "labs/tsinghua/",
            "paper": "papers/disparse/", "map": "map/", "stats": "stats/", "search": "search/?q=learning",
            "feeds": "feeds/", "tags": "tags/", "404": "404.html"}[kind]


def serious_violations(page) -> list[str]:
    found = _AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
            f"{' …' if len(v['nodes']) > 5 else ''}"
            for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_accessibility_violations(seed_site, browser: Browser, kind: str, scheme: str) -> None:
    served, _, _ = seed_site
    with clean_page(browser, color_scheme=scheme) as page:
        page.goto(served.url + path_of(kind, served.site))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme",
                                                       "slate" if scheme == "dark" else "default")
        if kind == "search":
            expect(page.locator(".digest-search-page__results li").first).to_be_visible(timeout=15_000)
        assert serious_violations(page) == []


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_screenshots_of_home_paper_map_and_search(seed_site, browser: Browser, size: str) -> None:
    """For a person to look at: test-artifacts/screenshots/<page>-<size>.png."""
    from tests.browser_support import LAPTOP, PHONE, shot

    served, _, _ = seed_site
    phone = size == "phone"
    with clean_page(browser, viewport=PHONE if phone else LAPTOP, is_mobile=phone, has_touch=phone) as page:
        for name, path in [("home", ""), ("paper", "papers/disparse/"), ("map", "map/"),
                           ("search", "search/?q=sparse+attention")]:
            page.goto(served.url + path)
            if name == "search":
                expect(page.locator(".digest-search-page__results li").first).to_be_visible(timeout=15_000)
            if name == "map":                  # focused at once, before the points may have loaded
                page.locator(".digest-map canvas").focus()
                expect(page.locator(".digest-map__card")).to_be_visible()
            shot(page, f"{name}-{size}")
