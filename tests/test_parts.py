"""A digest in parts (generator/publish/parts.py): a small digest spread over two years, built
with `extra.digest_parts: year`. Each closed year is a site of its own under the root, with its
own search index; the root holds the current year, links into the parts, and one search box
covers all; a part is built again only when what it is made of changes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
from click.testing import CliRunner
import pytest
from playwright.sync_api import expect

from generator.cli import cli
from generator.commands.live_site import part_reader
from generator.enrich.cache import EnrichmentCache
from generator.publish.parts import period_of
from generator.publish.site import SiteBuildError, build_site
from generator.render.site_info import period_label
from tests.browser_support import Served, clean_page
from tests.fake_embedder import HashingEmbedder, one_model_settings
from tests.site_helpers import make_project, tree_bytes

SITE_URL = "https://digest.example.org/"
OLD = {"deep-incubation": "2025-06-03", "disparse": "2025-11-20"}      # the rest stay in 2026


@pytest.fixture(autouse=True)
def site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_SITE_URL", SITE_URL)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory):
    """The two-year digest built once, for the tests that only read it: (project, build report)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGEST_SITE_URL", SITE_URL)
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        project = two_year_project(tmp_path_factory.mktemp("two-years"))
        return project, build(project)


def two_year_project(where: Path, scheme: str = "year") -> Path:
    project = make_project(where)
    for paper_id, day in OLD.items():
        path = project / "content" / "papers" / f"{paper_id}.md"
        path.write_text(re.sub(r"^added: .*$", f"added: {day}", path.read_text(), count=1, flags=re.M))
    with (project / "mkdocs.yml").open("a") as config:
        config.write(f"\nextra:\n  digest_parts: {scheme}\n")
    return project


def build(project: Path, site: Path | None = None):
    return build_site(project / "content", site or project / "site", config_file=project / "mkdocs.yml",
                      cache=EnrichmentCache(project / ".cache" / "c.sqlite3"), embedder_factory=HashingEmbedder,
                      settings=one_model_settings())


def paper_pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)) for p in site.glob("**/papers/*/index.html"))


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Relative links and links to the site's own address that lead to no file."""
    broken = []
    for page in site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#?]+)(?:[#?][^"]*)?"', page.read_text()):
            if href.startswith(SITE_URL):
                target = site / href[len(SITE_URL):]
            elif ":" in href or href.startswith("/"):
                continue
            else:
                target = (page.parent / href).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((str(page.relative_to(site)), href))
    return broken


def test_periods_are_named_by_the_scheme() -> None:
    day = dt.date(2025, 11, 20)
    assert [period_of(day, s) for s in ("year", "quarter", "month")] == ["2025", "2025-q4", "2025-11"]
    assert [period_label(k) for k in ("2025", "2025-q4", "2025-11")] == ["2025", "Q4 2025", "November 2025"]


def test_each_year_is_a_part_with_its_own_index_and_every_paper_is_in_one(two_years) -> None:
    project, report = two_years
    site = project / "site"
    assert report.parts.built == ["2025"] and report.parts.reused == []
    # every paper once, at the address of its year, the current year's in the root
    assert paper_pages(site) == ["2025/papers/deep-incubation", "2025/papers/disparse",
                                 "2026/papers/hierarchical-goal-conditioned-rl", "2026/papers/mixture-of-surprises"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "2025" / "pagefind" / "pagefind-entry.json").is_file()
    # Pagefind opens only the pages it may index (search_index.INDEXED_PAGES), and misses none:
    # every page with a body to index, at the root and in the part, is in its index.
    for root, part in ((site, "2025"), (site / "2025", None)):
        bodies = [page for page in root.rglob("*.html") if "data-pagefind-body" in page.read_text()
                  and not (part and page.is_relative_to(root / part))]
        entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text())
        assert len(bodies) >= 4 and entry["languages"]["en"]["page_count"] == len(bodies), root
    assert '"url": "2025/"' in (site / "parts.json").read_text()
    assert f"<loc>{SITE_URL}2025/sitemap-pages.xml</loc>" in (site / "sitemap.xml").read_text()   # for search engines
    assert (site / "2025" / "sitemap-pages.xml").is_file()
    assert broken_links(site) == []
    # the root links a topic's and the archive's earlier papers into the part
    topic = (site / "topics" / "model-compression" / "index.html").read_text()
    assert f'href="{SITE_URL}2025/topics/model-compression/">2025</a> (2)' in topic
    assert f'href="{SITE_URL}2025/"' in (site / "archive" / "index.html").read_text()
    assert "4 papers (2 in 2026, the rest in" in (site / "index.html").read_text()     # the home page counts all
    # the part says what it is and where its root is; its addresses are its own
    part_home = (site / "2025" / "index.html").read_text()
    assert "This is the digest's part for 2025" in part_home and '<meta name="digest-home" content="../">' in part_home
    part_feed = feedparser.parse((site / "2025" / "feed.atom.xml").read_bytes())
    assert sorted(e.link for e in part_feed.entries) == [f"{SITE_URL}2025/papers/{i}/" for i in sorted(OLD)]
    # the root's map shows every paper, each with the folder of its page; a part's, its own
    rows = json.loads((site / "map" / "papers-0.json").read_text())
    assert sorted((row[0], row[2]) for row in rows) == [("deep-incubation", "2025/"), ("disparse", "2025/"),
                                                        ("hierarchical-goal-conditioned-rl", "2026/"),
                                                        ("mixture-of-surprises", "2026/")]
    assert len((site / "map" / "points.bin").read_bytes()) == 4 * 5
    assert [row[0] for row in json.loads((site / "2025" / "map" / "papers-0.json").read_text())] == sorted(OLD)
    # the root's feeds link the current papers where they stay when the year closes
    feed = feedparser.parse((site / "feed.rss.xml").read_bytes())
    assert not feed.bozo and {e.link for e in feed.entries} == {
        f"{SITE_URL}2026/papers/hierarchical-goal-conditioned-rl/", f"{SITE_URL}2026/papers/mixture-of-surprises/"}


def test_an_unchanged_part_is_reused_an_edited_one_built_again_and_both_equal_a_clean_build(tmp_path: Path) -> None:
    project = two_year_project(tmp_path / "a")
    build(project)
    before = tree_bytes(project / "site")
    again = build(project)
    assert again.parts.reused == ["2025"] and again.parts.built == []
    assert tree_bytes(project / "site") == before
    path = project / "content" / "papers" / "disparse.md"
    path.write_text(path.read_text().replace('title: "DiSparse:', 'title: "DiSparse, retitled:', 1))
    edited = build(project)
    assert edited.parts.built == ["2025"]
    assert "DiSparse, retitled:" in (project / "site" / "2025" / "papers" / "disparse" / "index.html").read_text()
    clean = two_year_project(tmp_path / "b")
    (clean / "content" / "papers" / "disparse.md").write_text(path.read_text())
    build(clean)
    assert tree_bytes(project / "site") == tree_bytes(clean / "site")


def test_related_papers_reach_into_earlier_parts_and_are_computed_once(tmp_path: Path) -> None:
    """A paper's related papers are among all papers added no later, in whichever part
    (generator/publish/related_across_parts.py), linked by their address there; kept in the cache
    by the papers up to its day, so an unchanged build computes none again."""
    import sqlite3

    project = two_year_project(tmp_path)
    build(project)
    site = project / "site"
    page = (site / "2026" / "papers" / "mixture-of-surprises" / "index.html").read_text()
    related = page[page.index('id="related-papers"'):page.index('id="cite"')]
    assert f'href="{SITE_URL}2025/papers/deep-incubation/"' in related        # in the closed part
    assert f'href="{SITE_URL}2025/papers/disparse/"' in related
    earliest = (site / "2025" / "papers" / "deep-incubation" / "index.html").read_text()
    assert 'id="related-papers"' not in earliest                               # nothing before it
    assert broken_links(site) == []

    def rows() -> int:
        with sqlite3.connect(project / ".cache" / "c.sqlite3") as db:
            return db.execute("SELECT COUNT(*) FROM texts WHERE text LIKE '[[%' OR text = '[]'").fetchone()[0]

    assert rows() == 4
    assert build(project).parts.reused == ["2025"] and rows() == 4
    path = project / "content" / "papers" / "deep-incubation.md"
    path.write_text(path.read_text().replace('title: "Deep Incubation:', 'title: "Deep Incubation, retitled:', 1))
    assert build(project).parts.built == ["2025"]
    assert "Deep Incubation, retitled:" in (site / "2026" / "papers" / "mixture-of-surprises" / "index.html").read_text()


def test_the_weekly_feed_holds_a_week_that_began_in_a_closed_month_whole(tmp_path: Path) -> None:
    """Monthly parts: DiSparse on Saturday 31 October and Mixture of Surprises on Sunday
    1 November are one ISO week; the root holds November, and its weekly feed's item for that week
    lists both, each linked where its page is."""
    project = make_project(tmp_path)
    for paper_id, day in {"disparse": "2026-10-31", "mixture-of-surprises": "2026-11-01"}.items():
        path = project / "content" / "papers" / f"{paper_id}.md"
        path.write_text(re.sub(r"^added: .*$", f"added: {day}", path.read_text(), count=1, flags=re.M))
    with (project / "mkdocs.yml").open("a") as config:
        config.write("\nextra:\n  digest_parts: month\n")
    build(project)
    site = project / "site"
    assert paper_pages(site)[:1] == ["2026-10/papers/disparse"] and (site / "2026-10" / "part.json").is_file()
    weekly = feedparser.parse((site / "feeds" / "weekly.atom.xml").read_bytes())
    week = next(e for e in weekly.entries if e.link.endswith("/weeks/2026-w44/"))
    assert week.link == f"{SITE_URL}weeks/2026-w44/"
    content = week.content[0].value
    assert f'href="{SITE_URL}2026-10/papers/disparse/"' in content
    assert f'href="{SITE_URL}2026-11/papers/mixture-of-surprises/"' in content
    assert broken_links(site) == []


def test_a_new_digest_in_parts_with_no_papers_yet_builds(tmp_path: Path) -> None:
    project = two_year_project(tmp_path)
    for paper in (project / "content" / "papers").glob("*.md"):
        paper.unlink()
    report = build(project)
    assert report.parts.built == [] and '"parts": []' in (project / "site" / "parts.json").read_text()
    assert paper_pages(project / "site") == []


@pytest.mark.parametrize("failing", ["2025", "root"])
def test_a_build_that_fails_leaves_the_previous_site_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          failing: str) -> None:
    """The index of the 2025 part (built again after an edit) or of the root (the 2025 part
    unchanged, to be moved into the new site) fails: the site before, its parts included, is as
    it was, and no staging folder is left."""
    from generator.publish import search_index

    project = two_year_project(tmp_path)
    build(project)
    before = tree_bytes(project / "site")
    real = search_index.pagefind_command
    monkeypatch.setattr(search_index, "pagefind_command",
                        lambda site: real(site) + (["--no-such-option"] if (site.name == "2025") == (failing == "2025")
                                                   else []))
    path = project / "content" / "papers" / ("disparse.md" if failing == "2025" else "mixture-of-surprises.md")
    path.write_text(path.read_text().rstrip("\n") + " An edited sentence.\n")       # the abstract
    with pytest.raises(SiteBuildError):
        build(project)
    assert tree_bytes(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-new-")]


def test_a_parts_setting_no_scheme_has_is_refused_naming_the_key(tmp_path: Path) -> None:
    project = two_year_project(tmp_path, scheme="weekly")
    lines = (project / "mkdocs.yml").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.strip() == "digest_parts: weekly")
    with pytest.raises(SiteBuildError, match=rf"mkdocs\.yml:{line}: extra\.digest_parts is 'weekly'; it must be"):
        build(project)
    assert not (project / "site").exists()


def test_a_deployment_publishes_the_root_without_its_parts_and_only_the_parts_that_changed(
        two_years, tmp_path: Path) -> None:
    project, _ = two_years
    site, out = project / "site", tmp_path / "deploy"

    def plan(*live: str) -> list[str]:
        result = CliRunner().invoke(cli, ["deploy-plan", "--site", str(site), "--out", str(out), "--live", *live])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert plan(str(tmp_path / "nothing-live-yet.json")) == ["2025"]               # a first deployment
    assert (out / "parts" / "2025" / "papers" / "disparse" / "index.html").is_file()
    assert not (out / "root" / "2025").exists() and (out / "root" / "2026" / "papers").is_dir()
    assert tree_bytes(out / "root") == {name: data for name, data in tree_bytes(site).items()
                                        if not name.startswith("2025/")}
    live = tmp_path / "live.json"
    live.write_text((site / "parts.json").read_text())
    assert plan(str(live)) == [] and list((out / "parts").iterdir()) == []          # nothing changed
    live.write_text((site / "parts.json").read_text().replace('"stamp": "', '"stamp": "0', 1))
    assert plan(str(live)) == ["2025"]


def test_a_part_the_live_site_holds_as_it_is_is_neither_built_nor_deployed_again(two_years, tmp_path: Path) -> None:
    """The deploy workflow's build starts without the last site: `--reuse-parts-from` asks the
    live site for each closed part's stamp instead, so a build costs the current period only."""
    built, _ = two_years
    live = Served(built / "site")                      # the deployed site
    try:
        project = two_year_project(tmp_path / "clone")   # a fresh checkout: no site/ yet

        def build_against_live() -> tuple[object, list[str]]:
            report = build_site(project / "content", project / "site", config_file=project / "mkdocs.yml",
                                cache=EnrichmentCache(project / ".cache" / "c.sqlite3"),
                                embedder_factory=HashingEmbedder, settings=one_model_settings(),
                                live_part=part_reader(live.url))
            plan = CliRunner().invoke(cli, ["deploy-plan", "--site", str(project / "site"), "--out",
                                            str(tmp_path / "deploy"), "--live", live.url + "parts.json"])
            assert plan.exit_code == 0, plan.output
            return report, json.loads(plan.stdout)

        report, changed = build_against_live()
        assert report.parts.live == ["2025"] and report.parts.built == report.parts.reused == []
        site = project / "site"
        assert not (site / "2025").exists() and changed == []
        assert (site / "topics" / "model-compression" / "index.html").read_text() == \
            (built / "site" / "topics" / "model-compression" / "index.html").read_text()      # linked as before
        path = project / "content" / "papers" / "disparse.md"
        path.write_text(path.read_text().replace('title: "DiSparse:', 'title: "DiSparse, retitled:', 1))
        report, changed = build_against_live()
        assert report.parts.built == ["2025"] and changed == ["2025"]
        assert "DiSparse, retitled:" in (site / "2025" / "papers" / "disparse" / "index.html").read_text()
    finally:
        live.close()


@pytest.mark.browser
def test_one_search_box_finds_papers_in_every_part(two_years, browser) -> None:
    """From the root, the header box finds a paper of the 2025 part; from the part, one of the
    root; and the root's map opens a paper of the part."""
    project, _ = two_years
    served = Served(project / "site")
    try:
        with clean_page(browser) as page:
            for start, query, found in (("", "disentangled sparsification", "2025/papers/disparse/"),
                                        ("2025/", "mixture of surprises", "2026/papers/mixture-of-surprises/")):
                page.goto(served.url + start)
                page.keyboard.press("/")
                page.locator("#digest-search-input").fill(query)
                result = page.locator(f'#digest-search-results .md-search-result__item a[href$="{found}"]').first
                expect(result).to_be_visible(timeout=15_000)
                result.click()
                expect(page).to_have_url(served.url + found)
        with clean_page(browser) as page:                      # the root's map opens a paper in its part
            page.goto(served.url + "map/")
            expect(page.locator(".digest-map__label:not([hidden])").first).to_be_visible()
            page.locator(".digest-map canvas").focus()
            page.keyboard.press("Home")                          # the oldest paper: in 2025
            expect(page.locator(".digest-map__card")).to_have_attribute("data-paper", "deep-incubation")
            page.keyboard.press("Enter")
            expect(page).to_have_url(served.url + "2025/papers/deep-incubation/")
    finally:
        served.close()
