"""The site build: golden pages and feeds, the real strict MkDocs build, feeds read by feedparser,
hostile content, atomic replacement and byte-identical rebuilds."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import numpy as np
import pytest

from generator.enrich.cache import EnrichmentCache
from generator.pipeline import analyse
from generator.problems import CurationError
from generator.render.feeds import FEED_ITEMS, paper_uuid
from generator.publish.site import SiteBuildError, build_site, render_files, site_info
from tests.fake_embedder import HashingEmbedder, one_model_settings
from tests.site_helpers import make_project, tree_bytes

GOLDEN = Path(__file__).parent / "golden"
SITE_URL = "https://digest.example.org/"


@pytest.fixture(autouse=True)
def site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_SITE_URL", SITE_URL)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def build(project: Path, site: Path | None = None):
    return build_site(project / "content", site or project / "site", config_file=project / "mkdocs.yml",
                      cache=EnrichmentCache(project / ".cache" / "c.sqlite3"), embedder_factory=HashingEmbedder,
                      settings=one_model_settings())


def rendered(project: Path) -> dict[str, str | bytes]:
    analysis = analyse(project / "content", EnrichmentCache(project / "c.sqlite3"), embedder_factory=HashingEmbedder,
                       settings=one_model_settings())
    return render_files(analysis, site_info(project / "mkdocs.yml"))


def test_each_topic_model_gets_the_embedder_a_caller_keeps(tmp_path: Path) -> None:
    """digest serve keeps one embedder per model across rebuilds: the topic model's is used, and
    its vectors come from the cache on the next build."""
    from dataclasses import replace

    project = make_project(tmp_path)
    topic_model = HashingEmbedder(dims=32)
    topic_model.identity = "hashing-topic-model"
    settings = replace(one_model_settings(), topic_models=("a-topic-model",))
    cache = EnrichmentCache(project / "c.sqlite3")
    first = analyse(project / "content", cache, embedder_factory=HashingEmbedder, settings=settings,
                    topic_embedders={"a-topic-model": lambda: topic_model})
    assert len(first.topic_spaces) == 2 and topic_model.calls                     # papers and topic texts
    assert {len(v) for v in first.topic_spaces[1].paper_vectors.values()} == {32}
    # Each space carries the shipped reference abstracts in its own model, the topics' background.
    assert [s.reference_vectors.shape for s in first.topic_spaces] == [(206, 64), (206, 32)]
    calls = list(topic_model.calls)
    again = analyse(project / "content", cache, embedder_factory=HashingEmbedder, settings=settings,
                    topic_embedders={"a-topic-model": lambda: topic_model})
    assert topic_model.calls == calls                                             # all cached
    assert again.grouping.assignments == first.grouping.assignments


def test_golden_markdown_and_feeds(tmp_path: Path) -> None:
    """The fixture content rendered to Markdown and feeds equals tests/golden/ (regenerate with
    DIGEST_UPDATE_GOLDEN=1 and review the diff)."""
    files = rendered(make_project(tmp_path))
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for name, data in files.items():
            path = GOLDEN / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode())
    expected = {str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    actual = {name: data if isinstance(data, bytes) else data.encode() for name, data in files.items()}
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], name


def test_the_about_page_is_for_readers(tmp_path: Path) -> None:
    about = rendered(make_project(tmp_path))["about.md"]
    assert about.startswith("---\ntitle: About\n---\n\n# About Paper Digest\n\nA curated digest of machine\\-learning")
    assert "It holds 4 papers, added from 2026-11-20 to 2026-11-22" in about and "in 2 [topics](topics/index.md)" in about
    assert "## How it is made" in about and "## How to follow it" in about
    assert "[RSS](feed.rss.xml)" in about and "[RSS](feeds/weekly.rss.xml)" in about
    assert "YAML" not in about and "digest import" not in about                  # not the curator's manual


def test_strict_build_feeds_and_links(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    report = build(project)
    site = project / "site"
    # home, 4 papers, topics (index, 2, unsorted), labs (index, 2, without lab), archive (index, 1 month),
    # tags, feeds, search, about; weekly issues (index, one week), authors (index; no author has two
    # papers, so no author pages and no letter pages); map, stats
    assert report.pages == 1 + 4 + 4 + 4 + 2 + 4 + 2 + 1 + 2
    for page in ("index.html", "papers/disparse/index.html", "topics/model-compression/index.html",
                 "labs/tsinghua/index.html", "tags/index.html", "archive/2026-11/index.html",
                 "feeds/index.html", "about/index.html", "search/index.html", "pagefind/pagefind.js",
                 "pagefind/pagefind-entry.json"):
        assert (site / page).is_file(), page
    assert not (site / "search" / "search_index.json").exists()          # no Material search index
    assert site.stat().st_mode & 0o755 == 0o755                          # readable by a web server's user
    paper_html = (site / "papers" / "disparse" / "index.html").read_text()
    assert paper_html.count("data-pagefind-body") == 1
    assert '<span data-pagefind-filter="lab">Georgia Institute of Technology</span>' in paper_html
    assert 'data-pagefind-weight="10"' in paper_html
    # Material's indentation is gone (generator/publish/page_minifier.py), the BibTeX block's is not
    outside_pre = re.sub(r"<pre\b.*?</pre>", "<pre/>", paper_html, flags=re.S)
    assert not re.search(r"\n\s", outside_pre)
    assert re.search(r'<pre class="bibtex"><code>@\w+\{\w+,\n  title = \{', paper_html)
    cite = paper_html.index('id="cite"')
    assert paper_html.rfind("data-pagefind-ignore", 0, cite) > paper_html.index("data-pagefind-body")
    assert "data-pagefind-body" not in (site / "index.html").read_text()            # only papers, topics, labs
    assert (site / "sitemap.xml").read_text().count("<loc>") == 1                    # an index ...
    assert "papers/disparse/" in (site / "sitemap-pages.xml").read_text()          # ... of the full sitemap
    papers = {"deep-incubation", "disparse", "hierarchical-goal-conditioned-rl", "mixture-of-surprises"}
    feed_files = sorted([p.name for p in site.glob("feed.*.xml")] + [f"feeds/{p.name}" for p in (site / "feeds").glob("*.xml")
                                                                       if p.name != "sitemap.xml"])
    assert len(feed_files) == 2 + 2 + 2 * 2 + 2 * 2                                  # all, weekly, topics, labs
    assert sorted(p.name for p in site.iterdir() if p.suffix == ".xml") == [
        "feed.atom.xml", "feed.rss.xml", "sitemap-pages.xml", "sitemap.xml"]           # the rest in feeds/
    for name in feed_files:
        parsed = feedparser.parse((site / name).read_bytes())
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), name
        if name.startswith("feed."):
            assert len(ids) == min(len(papers), FEED_ITEMS)
            assert ids[0] == paper_uuid("hierarchical-goal-conditioned-rl")     # newest added first
            assert parsed.entries[0].link == f"{SITE_URL}papers/hierarchical-goal-conditioned-rl/"
            assert parsed.feed.get("updated", parsed.feed.get("published", "")).startswith(
                ("2026-11-22", "Sun, 22 Nov 2026"))
    lab_feed = feedparser.parse((site / "feeds/lab-tsinghua.rss.xml").read_bytes())
    assert sorted(e.link.rsplit("/", 2)[-2] for e in lab_feed.entries) == ["deep-incubation", "mixture-of-surprises"]
    assert (site / "feeds.opml").read_bytes().count(b'type="rss"') == 1 + 1 + 2 + 2       # all, weekly, topics, labs
    weekly = feedparser.parse((site / "feeds/weekly.rss.xml").read_bytes())
    assert weekly.bozo == 0 and len(weekly.entries) == 1
    assert weekly.entries[0].link == f"{SITE_URL}weeks/2026-w47/"
    issue_html = weekly.entries[0].description       # what RSS readers show: the issue, not a count
    assert issue_html.count("<li>") == len(papers) and "<h2>Model compression (2)</h2>" in issue_html
    atom_issue = feedparser.parse((site / "feeds/weekly.atom.xml").read_bytes()).entries[0]
    assert atom_issue.content[0].value == issue_html and atom_issue.summary == f"{len(papers)} new papers."
    assert not list((site / "feeds").glob("author-*"))            # no author has a second paper
    first = feedparser.parse((site / "feed.rss.xml").read_bytes()).entries[0]
    highlight = "We propose a hierarchical algorithm for goal-conditioned RL from offline data."   # connective trimmed
    assert first.description.startswith(f"<p><strong>{highlight}</strong></p>")


def test_internal_links_resolve(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build(project)
    site = project / "site"
    broken = []
    for page in site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#:?]+)(?:#[^"]*)?"', page.read_text()):
            target = (site / href.lstrip("/")) if href.startswith("/") else (page.parent / href).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b")
    build(first)
    build(second)
    assert tree_bytes(first / "site") == tree_bytes(second / "site")
    build(first)                                   # and again in place, with a warm cache
    assert tree_bytes(first / "site") == tree_bytes(second / "site")


def test_registry_error_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "content" / "labs.yaml").write_text("gatech: [\n")
    with pytest.raises(CurationError) as caught:
        build(project)
    assert any("labs.yaml:2: YAML syntax error" in str(p) for p in caught.value.problems)
    assert not (project / "site").exists() and not (project / "build").exists()


def test_a_paper_with_errors_is_left_out_and_the_rest_is_built(tmp_path: Path) -> None:
    """One bad paper does not stop the digest (`digest build --strict` stops instead)."""
    project = make_project(tmp_path)
    (project / "content" / "papers" / "broken.md").write_text("---\ntitle: [\n---\nx\n")
    build(project)
    site = project / "site"
    assert (site / "papers" / "disparse" / "index.html").exists()
    assert not (site / "papers" / "broken").exists()
    assert "broken" not in (site / "feed.rss.xml").read_text(encoding="utf-8")


def test_failed_mkdocs_build_leaves_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build(project)
    before = tree_bytes(project / "site")
    docs_before = tree_bytes(project / "build" / "docs")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - About: about.md", "  - About: about.md\n  - Gone: missing.md"))
    (project / "content" / "papers" / "disparse.md").write_text(
        (project / "content" / "papers" / "disparse.md").read_text().replace("Multitask Model", "Multi-task Model"))
    with pytest.raises(SiteBuildError) as caught:
        build(project)
    assert any("missing.md" in message for message in caught.value.messages)
    assert tree_bytes(project / "site") == before
    assert tree_bytes(project / "build" / "docs") == docs_before
    leftovers = [p.name for p in list(project.iterdir()) + list((project / "build").iterdir()) if "-new-" in p.name]
    assert leftovers == []


def test_a_digest_with_no_papers_does_not_replace_an_earlier_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build(project)
    before = tree_bytes(project / "site")
    (project / "content" / "papers").rename(project / "papers-moved-away")
    with pytest.raises(SiteBuildError) as caught:
        build(project)
    assert caught.value.messages == [f"{project / 'content' / 'papers'}: no papers, so the earlier site is not "
                                     "replaced by an empty one"]
    assert tree_bytes(project / "site") == before


class _ExecutableMarkup(HTMLParser):
    """Collects what a browser could run: event-handler attributes, javascript: URLs, foreign
    elements, and scripts that are not the theme's own."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.findings.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "b", "img"):
            self.findings.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if src and "assets/javascripts/" not in src:
                self.findings.append(f"<script src={src}>")
            self._in_script = not src

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.findings.append("inline script with alert(")


def executable_markup(text: str) -> list[str]:
    parser = _ExecutableMarkup()
    parser.feed(text)
    return parser.findings


def test_hostile_content_produces_no_executable_html(tmp_path: Path) -> None:
    project = make_project(tmp_path, content="hostile")
    build(project)
    site = project / "site"
    page = (site / "papers" / "script-title" / "index.html").read_text()
    # Text survives as text...
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page or "&lt;script&gt;alert('title')" in page
    assert "{{ config }}" in page and "{% for x in y %}" in page
    assert "<math" in page and "\\href" not in page.split("alttext")[0]
    # ...and nothing of it becomes markup: checked with an HTML parser, as a browser reads it.
    for html_file in site.rglob("*.html"):
        findings = executable_markup(html_file.read_text())
        assert findings == [], (html_file, findings)
    assert "<b>All</b>" not in page and "<iframe" not in page
    feeds = [*site.glob("feed*.xml"), *site.glob("feeds/*.xml")]
    assert len(feeds) > 4
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0
        for entry in parsed.entries:
            assert "<script" not in entry.get("summary", "")
            assert all("<script" not in content.value for content in entry.get("content", []))


def test_failed_search_index_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.publish import search_index

    project = make_project(tmp_path)
    build(project)
    before = tree_bytes(project / "site")
    real = search_index.pagefind_command
    monkeypatch.setattr(search_index, "pagefind_command", lambda site: real(site) + ["--no-such-option"])
    (project / "content" / "papers" / "disparse.md").write_text(
        (project / "content" / "papers" / "disparse.md").read_text().replace("DiSparse:", "DiSparse 2:"))
    with pytest.raises(SiteBuildError) as caught:
        build(project)
    assert any(m.startswith("pagefind:") for m in caught.value.messages)
    assert tree_bytes(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-new-")]


def test_bibtex_describes_the_paper_not_the_digest() -> None:
    import bibtexparser

    from generator.models import PartialDate, Paper
    from generator.render.bibtex import bibtex_entry

    paper = Paper(id="disparse", title="DiSparse: {Disentangled} Sparsification", abstract="x",
                  added=dt.date(2026, 11, 22), authors=("Xinglong Sun", "Ali Hassani"), authors_truncated=True,
                  published=PartialDate(2022, 6), categories=("cs.CV",),
                  links={"arxiv": "https://arxiv.org/abs/2206.04662", "doi": "https://doi.org/10.1109/CVPR52688.2022.01206",
                         "code": "https://github.com/SHI-Labs/DiSparse"})
    (entry,) = bibtexparser.parse_string(bibtex_entry(paper)).entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "misc" and entry.key == "sun2022disparse"
    assert fields["year"] == "2022" and fields["author"] == "Xinglong Sun and Ali Hassani and others"
    assert fields["eprint"] == "2206.04662" and fields["archivePrefix"] == "arXiv" and fields["primaryClass"] == "cs.CV"
    assert fields["doi"] == "10.1109/cvpr52688.2022.01206"
    assert fields["url"] == "https://arxiv.org/abs/2206.04662"                    # the paper's own link
    unpublished = Paper(id="x", title="A Title", abstract="x", added=dt.date(2026, 11, 22),
                        links={"code": "https://github.com/a/b"})
    (entry,) = bibtexparser.parse_string(bibtex_entry(unpublished)).entries
    assert {f.key for f in entry.fields} == {"title", "author"}                  # no year, no digest url


@pytest.mark.parametrize("keep", [0, 1, 2])
def test_map_and_stats_build_for_tiny_digests(tmp_path: Path, keep: int) -> None:
    project = make_project(tmp_path)
    papers = sorted((project / "content" / "papers").glob("*.md"))
    for path in papers[keep:]:
        path.unlink()
    build(project)
    site = project / "site"
    assert (site / "map" / "index.html").is_file()
    assert len((site / "map" / "points.bin").read_bytes()) == 5 * keep        # x, y and topic of each paper
    assert len(list((site / "map").glob("papers-*.json"))) == (1 if keep else 0)
    assert (site / "stats" / "index.html").read_text().count('class="digest-chart"') == 3


def map_titles(site: Path) -> list[list[str]]:
    return [row for path in sorted((site / "map").glob("papers-*.json"), key=lambda p: int(p.stem[7:]))
            for row in json.loads(path.read_text())]


def test_the_map_holds_every_paper_once_oldest_first_and_titles_stay_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, content="hostile")
    build(project)
    site = project / "site"
    rows = map_titles(site)
    analysis = analyse(project / "content", EnrichmentCache(project / ".cache" / "c.sqlite3"),
                       embedder_factory=HashingEmbedder, settings=one_model_settings())
    oldest_first = sorted(analysis.digest.papers, key=lambda p: (p.added, p.id))
    assert [r[0] for r in rows] == [p.id for p in oldest_first]                  # every paper once, as points.bin
    assert "<script>alert('title')</script> Attention Is <b>All</b> You Need" in {r[1] for r in rows}   # text: shown as textContent
    page = (site / "map" / "index.html").read_text()
    topics = json.loads(html.unescape(re.search(r'data-topics="([^"]*)"', page).group(1)))
    assert [t["name"] for t in topics][-1] == "Unsorted"
    assert sum(t["count"] for t in topics) == len(rows) and "<script>alert" not in page.replace("&lt;", "")
    kinds = np.frombuffer((site / "map" / "points.bin").read_bytes(), dtype="u1", offset=4 * len(rows))
    first = [analysis.grouping.assignments[p.id].slugs[:1] for p in oldest_first]
    assert [topics[k]["slug"] for k in kinds] == [s[0] if s else "unsorted" for s in first]


def test_a_new_days_paper_changes_no_older_papers_related_papers(tmp_path: Path) -> None:
    """Related papers are among those added no later (generator/group/related.py), so a day's
    papers do not change older paper pages' related papers (issue 34)."""
    project = make_project(tmp_path)
    before = rendered(project)
    (project / "content" / "papers" / "sparse-multitask-pruning.md").write_text(
        '---\ntitle: "Pruning multitask models by task-aware sparsity"\nauthors: [Ann Lee]\nadded: 2026-12-01\n---\n'
        "Compressing a multitask model is hard because its tasks share weights. We propose a task-aware sparse "
        "training scheme that prunes the weights each task needs least, and keeps accuracy on every task of "
        "NYU-v2 and Cityscapes at 90% sparsity.\n")
    after = rendered(project)

    def related(page: str) -> str:        # a shared keyphrase may now link its entry: that changes
        return page[page.find("## Related papers"):page.find("## Cite")]

    older = [name for name in before if name.startswith("papers/")]
    assert older and all(related(after[name]) == related(before[name]) for name in older)
    assert sum("## Related papers" in before[name] for name in older) == 3      # all but the first day's
    assert 'href="../../papers/disparse/"' in after["papers/sparse-multitask-pruning.md"]   # the work it follows
