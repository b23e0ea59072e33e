"""What the browser tests share: the seed and hostile sites served on 127.0.0.1, Debian's
Chromium driven by Playwright, pages that fail a test on any console error, and screenshots.

The fixtures are imported by tests/conftest.py, so every browser test file gets the same
session-scoped sites (each is built once per run).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.enrich.cache import EnrichmentCache
from generator.publish.site import build_site
from tests.fake_embedder import HashingEmbedder, one_model_settings
from tests.site_helpers import ROOT, make_project

SHOTS = ROOT / "test-artifacts" / "screenshots"
SEED = ROOT / "tests" / "fixtures" / "seed"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


class Served:
    def __init__(self, site: Path):
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.site = site
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, object, Path]]:
    """The seed papers, built with the real models (cache shared with the project). A copy of
    them is in tests/fixtures/seed/ with 295 of the exemplars (up to 15 a topic), so that a fork
    that replaces content/ keeps these tests (tests/test_fork.py), and a cold run embeds 295
    exemplars, not 4,607."""
    from generator.pipeline import analyse

    project = make_project(tmp_path_factory.mktemp("seed"), content=SEED)
    cache = EnrichmentCache(ROOT / ".cache" / "enrichment.sqlite3")
    os.environ.pop("DIGEST_SITE_URL", None)
    build_site(project / "content", project / "site", config_file=project / "mkdocs.yml", cache=cache)
    analysis = analyse(project / "content", cache)
    served = Served(project / "site")
    yield served, analysis, project
    served.close()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = make_project(tmp_path_factory.mktemp("hostile"), content="hostile")
    build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
               cache=EnrichmentCache(project / "c.sqlite3"), embedder_factory=HashingEmbedder,
               settings=one_model_settings())
    served = Served(project / "site")
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS}
        if executable != "playwright":
            options["executable_path"] = executable
        browser = playwright.chromium.launch(**options)
        yield browser
        browser.close()


def watched_page(browser: Browser, **context_options) -> tuple[Page, list[str]]:
    """A new page in its own context, and the list its console errors, page errors, failed
    requests and dialogs are added to."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return page, problems


@contextmanager
def clean_page(browser: Browser, **context_options) -> Iterator[Page]:
    """A watched page, closed on the way out; the block fails on any problem it recorded."""
    page, problems = watched_page(browser, **context_options)
    try:
        yield page
    finally:
        page.context.close()
    assert problems == []


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page that fails the test on any console error, page error or failed request."""
    with clean_page(browser) as page:
        yield page


def shot(page: Page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
