"""Pages that stay bounded as the digest grows: pagination at its boundaries, the author-page
rule, weekly issues split by topic, the keyphrase index, long author lists, feeds in a folder."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from generator.publish import site_files as site_files_module
from generator.render import keyphrase_pages as keyphrase_pages_module
from generator.render import pages as pages_module
from generator.render.site_view import SiteView
from generator.render.paging import paginate, paginate_by_age
from tests.site_helpers import FIXTURES, make_project
from tests.test_site import SITE_URL, build, rendered

TOPICS = {"alpha": "Alpha methods", "beta": "Beta methods", "gamma": "Gamma methods", "delta": "Delta methods"}


@pytest.fixture(autouse=True)
def site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_SITE_URL", SITE_URL)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def paper_file(paper_id: str, *, topic: str, authors: list[str], added: str = "2026-11-20",
               tags: list[str] = (), links: dict | None = None, extra: str = "") -> tuple[str, str]:
    front = {"title": f"Paper {paper_id} on {topic}", "authors": authors, "added": added, "topics": [topic],
             "tags": list(tags)}
    if links:
        front["links"] = links
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    abstract = f"We study {paper_id} with a method of our own, unlike any other, and report what it does."
    return paper_id, "---\n" + "\n".join(lines) + extra + "\n---\n" + abstract + "\n"


def project_with(tmp_path: Path, papers: list[tuple[str, str]]) -> Path:
    content = tmp_path / "src"
    (content / "papers").mkdir(parents=True)
    shutil.copy(FIXTURES / "content" / "labs.yaml", content / "labs.yaml")
    (content / "topics.yaml").write_text("".join(
        f"{slug}:\n  name: {name}\n  description: Papers about {name.lower()}.\n" for slug, name in TOPICS.items()))
    for paper_id, text in papers:
        (content / "papers" / f"{paper_id}.md").write_text(text, encoding="utf-8")
    return make_project(tmp_path / "project", content)


def test_paginate_at_its_boundaries() -> None:
    empty = paginate("topics/x", [], per_page=3)
    assert [(p.path, list(p.items)) for p in empty] == [("topics/x.md", [])]
    assert [list(p.items) for p in paginate("topics/x", [1], per_page=3)] == [[1]]
    assert [list(p.items) for p in paginate("topics/x", [1, 2, 3], per_page=3)] == [[1, 2, 3]]
    more = paginate("topics/x", [1, 2, 3, 4], per_page=3)
    assert [(p.path, list(p.items), p.count, p.first_index) for p in more] == [
        ("topics/x.md", [1, 2, 3], 2, 0), ("topics/x/page-2.md", [4], 2, 3)]
    assert more[0].href(2) == "../topics/x/page-2.md" and more[1].href(1) == "../../topics/x.md"
    many = paginate("t", list(range(100)), per_page=1)
    assert many[49].numbers == [1, None, 48, 49, 50, 51, 52, None, 100]


def test_paginate_by_age_keeps_older_pages_as_they_are() -> None:
    assert [list(p.items) for p in paginate_by_age("t", [], per_page=3)] == [[]]
    assert [list(p.items) for p in paginate_by_age("t", [5, 4, 3, 2, 1], per_page=3)] == [[5, 4, 3, 2, 1]]
    six = paginate_by_age("t", [6, 5, 4, 3, 2, 1], per_page=3)
    assert [(p.path, list(p.items)) for p in six] == [("t.md", [6, 5, 4]), ("t/page-1.md", [3, 2, 1])]
    nine = paginate_by_age("t", list(range(9, 0, -1)), per_page=3)
    assert [(p.path, list(p.items), p.older, p.newer_label) for p in nine] == [
        ("t.md", [9, 8, 7], (2, 1), None), ("t/page-2.md", [6, 5, 4], (), None), ("t/page-1.md", [3, 2, 1], (), 2)]
    ten = paginate_by_age("t", list(range(10, 0, -1)), per_page=3)       # one more: only the newest grows
    assert [list(p.items) for p in ten[1:]] == [list(p.items) for p in nine[1:]]
    assert nine[2].href_label(2) == "../t/page-2.md" and nine[1].href_label(None) == "../t.md"


def test_topic_listings_are_paged_by_age_so_a_new_paper_leaves_older_pages_as_they_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_module, "PAPERS_PER_PAGE", 2)
    papers = ([paper_file(f"g{i}", topic="gamma", authors=[f"Gee {i}"], added=f"2026-11-1{i}") for i in range(6)]
              + [paper_file("d0", topic="delta", authors=["Dee"])])
    project = project_with(tmp_path, papers)
    files = rendered(project)
    assert "topics/alpha.md" in files and "No papers yet." in files["topics/alpha.md"]     # 0 papers: one page
    assert "topics/delta.md" in files and not any(f.startswith("topics/delta/") for f in files)
    newest, second, first = files["topics/gamma.md"], files["topics/gamma/page-2.md"], files["topics/gamma/page-1.md"]
    assert "topics/gamma/page-3.md" not in files
    assert newest.count('href="../../papers/') == 2 and first.count('href="../../../papers/') == 2   # by address
    assert 'href="../../../papers/g0/"' in first and 'href="../../../papers/g1/"' in first    # the first two listed
    assert "**Newest 2 of 6**" in newest and "[older →](../topics/gamma/page-2.md)" in newest
    assert "**Page 1** (1–2, counted from the oldest)" in first and "[← newer](../../topics/gamma/page-2.md)" in first
    assert "# Gamma methods (page 1)" in first and "of 6" not in first + second               # no total there
    assert "search:" in newest.split("---")[1] and "search:" not in first.split("---")[1]  # indexed once
    name, text = paper_file("g6", topic="gamma", authors=["Gee 6"], added="2026-11-17")
    (project / "content" / "papers" / f"{name}.md").write_text(text)
    grown = rendered(project)
    assert "**Newest 3 of 7**" in grown["topics/gamma.md"]
    assert (grown["topics/gamma/page-1.md"], grown["topics/gamma/page-2.md"]) == (first, second)


def test_author_pages_and_feeds_only_from_a_second_paper(tmp_path: Path) -> None:
    papers = [paper_file("one", topic="alpha", authors=["Ada Lovelace", "Solo Person"]),
              paper_file("two", topic="beta", authors=["Ada Lovelace", "Charles Babbage"], added="2026-11-21")]
    files = rendered(project_with(tmp_path, papers))
    assert "authors/ada-lovelace.md" in files
    assert not any(name.startswith(("authors/solo-person", "authors/charles-babbage")) for name in files)
    assert {"feeds/author-ada-lovelace.rss.xml", "feeds/author-ada-lovelace.atom.xml"} <= set(files)
    assert not any("author-solo-person" in name for name in files)
    page = files["papers/one.md"]
    assert "[Ada Lovelace](../authors/ada-lovelace.md), Solo Person" in page       # no link to a page that is not
    listed = files["topics/alpha.md"]          # lists name authors without links, which would change older pages
    assert "— Ada Lovelace, Solo Person ·" in listed and "authors/ada-lovelace" not in listed
    assert "authors/letter-l.md" in files and "Ada Lovelace" in files["authors/letter-l.md"]
    assert "1 authors with two or more papers" in files["authors/index.md"]


def test_a_big_week_is_split_by_topic_and_the_home_page_stays_small(tmp_path: Path) -> None:
    shown = SiteView.WEEK_SECTION_SHOWN
    papers = [paper_file(f"a{i:02d}", topic="alpha", authors=[f"Writer {i}"]) for i in range(shown + 1)]
    papers += [paper_file("b0", topic="beta", authors=["Someone Else"])]
    files = rendered(project_with(tmp_path, papers))
    issue = files["weeks/2026-w47.md"]
    assert issue.count('href="../../papers/') == shown + 1                          # 10 alpha + 1 beta
    assert f"[All {shown + 1} papers on Alpha methods this week →](2026-w47/alpha.md)" in issue
    assert "weeks/2026-w47/alpha.md" in files and "weeks/2026-w47/beta.md" not in files
    assert files["weeks/2026-w47/alpha.md"].count('href="../../../papers/') == shown + 1
    home = files["index.md"]
    on_home = SiteView.HOME_SECTION_SHOWN
    assert home.count('href="papers/') == on_home + 1
    assert f"[{shown + 1 - on_home} more on Alpha methods this week →](weeks/2026-w47/alpha.md)" in home
    weekly = feedparser.parse(files["feeds/weekly.atom.xml"])
    content = weekly.entries[0].content[0]
    assert content.type == "text/html" and content.value.count("<li>") == shown + 1
    assert "1 more on Alpha methods this week" in content.value


def test_keyphrase_index_lists_shared_phrases_by_letter(tmp_path: Path) -> None:
    papers = [paper_file("p1", topic="alpha", authors=["A One"], tags=["Shared phrase", "only mine"]),
              paper_file("p2", topic="alpha", authors=["B Two"], tags=["shared phrase", "Zebra thing"]),
              paper_file("p3", topic="alpha", authors=["C Three"], tags=["zebra thing"])]
    files = rendered(project_with(tmp_path, papers))
    assert {"tags/index.md", "tags/letter-s.md", "tags/letter-z.md"} <= set(files)
    assert "tags/letter-o.md" not in files                                   # "only mine": one paper
    letter = files["tags/letter-s.md"]
    assert re.search(r"## [Ss]hared phrase \(2\) \{ #tag-share-phrase \}", letter)    # by its stems
    assert letter.count('href="../../papers/') == 2
    assert "](../tags/letter-s.md#tag-share-phrase)" in files["papers/p1.md"]
    assert "only mine" in files["papers/p1.md"] and "only mine](" not in files["papers/p1.md"]


def test_a_new_keyphrase_entry_leaves_every_other_entry_where_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """render/keyphrase_pages.py: a letter past MAX_ENTRIES is a page per initial letters, so an
    entry's address (which every paper page sharing it links to) does not move when another is
    added before it, as it did with pages by count."""
    from generator.render.keyphrase_pages import KeyphraseIndex

    monkeypatch.setattr(keyphrase_pages_module, "LETTER_ON_ONE_PAGE", 3)
    monkeypatch.setattr(keyphrase_pages_module, "RANGE_ON_ONE_PAGE", 3)
    phrases = ["segment anything", "segmentation masks", "semantic maps", "semantic parsing", "shape priors"]
    tags = {f"p{i}": tuple(phrases) for i in range(2)}
    before = KeyphraseIndex(tags, sorted(tags))
    assert [page.path for page in before.pages["s"]] == [
        "tags/letter-s.md", "tags/letter-s/sea-seh.md", "tags/letter-s/sei-seq.md", "tags/letter-s/sh.md"]
    assert before.href("semantic maps") == "tags/letter-s/sei-seq.md#tag-semant-map"
    tags = {pid: ("safety alignment", "scene graphs") + shared for pid, shared in tags.items()}
    after = KeyphraseIndex(tags, sorted(tags))
    assert {phrase: after.href(phrase) for phrase in phrases} == {phrase: before.href(phrase) for phrase in phrases}
    assert after.href("safety alignment") == "tags/letter-s/sa.md#tag-safeti-align"
    digits = {f"d{i}": ("3D scenes", "6DoF poses", "ε-greedy", "ω-stable sets") for i in range(2)}
    other = KeyphraseIndex(digits, sorted(digits)).pages["other"]                # past 3: a page per range
    assert [(page.path, page.label) for page in other] == [
        ("tags/letter-other.md", "OTHER"), ("tags/letter-other/0-h.md", "0–H"), ("tags/letter-other/r-z.md", "R–Z")]


def test_feeds_carry_typed_content_authors_and_stable_ids(tmp_path: Path) -> None:
    papers = [paper_file("p1", topic="alpha", authors=["Ada Lovelace", "Grace Hopper"]),
              paper_file("p2", topic="alpha", authors=["Ada Lovelace"], added="2026-11-21")]
    files = rendered(project_with(tmp_path, papers))
    atom = feedparser.parse(files["feeds/topic-alpha.atom.xml"])
    assert atom.bozo == 0 and atom.feed.id == f"{SITE_URL}feed-topic-alpha"         # the id it had at the root
    entry = atom.entries[1]
    assert entry.content[0].type == "text/html" and "<p>Ada Lovelace, Grace Hopper</p>" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Ada Lovelace", "Grace Hopper"]
    rss = feedparser.parse(files["feeds/topic-alpha.rss.xml"])
    assert rss.bozo == 0 and [a.name for a in rss.entries[1].authors] == ["Ada Lovelace", "Grace Hopper"]
    assert rss.entries[1].id == entry.id
    main = feedparser.parse(files["feed.atom.xml"])
    assert main.feed.id == f"{SITE_URL}feed" and main.entries[0].content[0].type == "text/html"
    assert files["feeds/sitemap.xml"].count("<url>") == 0


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property", "")).startswith(("citation_", "og:")):
            self.meta.append((attrs.get("name") or attrs["property"], attrs["content"]))


def test_paper_pages_carry_citation_metadata_and_a_fallback_link(tmp_path: Path) -> None:
    papers = [paper_file("linked", topic="alpha", authors=["Ada Lovelace", "Grace Hopper"],
                         links={"arxiv": "https://arxiv.org/abs/2301.01234", "doi": "https://doi.org/10.1000/xyz"},
                         extra="\npublished: 2023-01-04"),
              paper_file("unlinked", topic="alpha", authors=["Ada Lovelace"])]
    project = project_with(tmp_path, papers)
    build(project)
    site = project / "site"
    parser = _Meta()
    parser.feed((site / "papers" / "linked" / "index.html").read_text())
    meta = parser.meta
    assert ("citation_title", "Paper linked on alpha") in meta
    assert [v for k, v in meta if k == "citation_author"] == ["Ada Lovelace", "Grace Hopper"]
    assert ("citation_publication_date", "2023/01/04") in meta
    assert ("citation_arxiv_id", "2301.01234") in meta and ("citation_doi", "10.1000/xyz") in meta
    assert ("citation_pdf_url", "https://arxiv.org/pdf/2301.01234") in meta
    assert ("og:url", f"{SITE_URL}papers/linked/") in meta and ("og:type", "article") in meta
    unlinked = (site / "papers" / "unlinked" / "index.html").read_text()
    assert "Not linked yet" in unlinked
    assert 'href="https://arxiv.org/search/?query=Paper+unlinked+on+alpha&amp;searchtype=title"' in unlinked
    assert "Not linked yet" not in (site / "papers" / "linked" / "index.html").read_text()


def test_a_collaboration_paper_with_3000_authors_stays_within_bounds(tmp_path: Path) -> None:
    names = [f"Member{i:04d} Physicist" for i in range(3000)]
    papers = [paper_file("collab", topic="alpha", authors=names),
              paper_file("other", topic="alpha", authors=[names[0], "Someone Else"], added="2026-11-21")]
    project = project_with(tmp_path, papers)
    build(project)
    site = project / "site"
    page = (site / "papers" / "collab" / "index.html").read_text()
    assert len(page.encode()) < 1_000_000
    assert "and 2,990 more" in page and "All 3,000 authors" in page and "Member2999 Physicist" in page
    assert page.count('name="citation_author"') == 100
    assert "and others" in page                                             # the BibTeX entry
    listing = (site / "topics" / "alpha" / "index.html").read_text()
    assert "and 2,995 more" in listing and "Member0005" not in listing
    feed = feedparser.parse((site / "feed.atom.xml").read_bytes())
    collab = next(e for e in feed.entries if e.link.endswith("/collab/"))
    assert len(collab.authors) == 10 and "and 2,990 more" in collab.content[0].value
    assert len(list((site / "authors").iterdir())) < 10                     # one author with two papers
    for html in site.rglob("*.html"):
        assert html.stat().st_size < 1_000_000, html


def test_a_collaboration_is_shown_as_a_group_before_the_authors(tmp_path: Path) -> None:
    papers = [paper_file("nemo", topic="alpha", authors=["Aaron Blakeman", "Abhinav Khattar"],
                         extra="\ncollaboration: NVIDIA")]
    files = rendered(project_with(tmp_path, papers))
    assert "**Collaboration:** NVIDIA" in files["papers/nemo.md"]
    assert "— NVIDIA: Aaron Blakeman, Abhinav Khattar" in files["topics/alpha.md"]
    assert "collaboration = {NVIDIA}" in files["papers/nemo.md"]
    entry = feedparser.parse(files["feed.atom.xml"]).entries[0]
    assert "<p>NVIDIA: Aaron Blakeman, Abhinav Khattar</p>" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Aaron Blakeman", "Abhinav Khattar"]


def test_building_with_the_default_loopback_url_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = project_with(tmp_path, [paper_file("p1", topic="alpha", authors=["A One"])])
    monkeypatch.delenv("DIGEST_SITE_URL")
    report = build(project)
    assert any("site_url is http://127.0.0.1:8000/" in w and "DIGEST_SITE_URL" in w for w in report.warnings)
    monkeypatch.setenv("DIGEST_SITE_URL", SITE_URL)
    assert build(project).warnings == []


def test_an_unchanged_rebuild_reuses_every_page_byte_for_byte(tmp_path: Path) -> None:
    papers = [paper_file(f"p{i}", topic="alpha", authors=["Ada Lovelace", f"Writer {i}"]) for i in range(3)]
    project = project_with(tmp_path, papers)
    first = build(project)
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert first.pages_reused == 0
    again = build(project)
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert again.pages_reused == again.pages and after == before
    paper = project / "content" / "papers" / "p1.md"
    paper.write_text(paper.read_text().replace("authors:", 'note: "A new note."\nauthors:'))
    edited = build(project)
    assert 0 < edited.pages_reused < edited.pages
    assert "A new note." in (project / "site" / "papers" / "p1" / "index.html").read_text()
    assert (project / "site" / "papers" / "p0" / "index.html").read_bytes() == before[Path("papers/p0/index.html")]
    import sqlite3

    with sqlite3.connect(project / ".cache" / "pages.sqlite3") as db:       # the edited pages' old HTML is gone
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == edited.pages


def test_an_edit_to_a_custom_dir_of_any_name_is_not_served_from_the_page_cache(tmp_path: Path) -> None:
    """The page cache's fingerprint hashes the theme folders the configuration names, so a digest
    whose custom_dir is not called overrides/ sees its template edits on the next build."""
    project = project_with(tmp_path, [paper_file("p1", topic="alpha", authors=["Ada Lovelace"])])
    theme = project / "my-theme"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials" / "copyright.html").write_text("<p>Made by the first curator</p>\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n", "theme:\n  custom_dir: my-theme\n", 1))
    assert "custom_dir: my-theme" in config.read_text()
    first = build(project)
    assert "Made by the first curator" in (project / "site" / "index.html").read_text()
    assert build(project).pages_reused == first.pages
    (theme / "partials" / "copyright.html").write_text("<p>Made by the second curator</p>\n")
    edited = build(project)
    assert edited.pages_reused == 0
    assert "Made by the second curator" in (project / "site" / "papers" / "p1" / "index.html").read_text()


def test_one_page_cache_keys_every_build_alike(tmp_path: Path) -> None:
    """The theme is hashed onto the site's fingerprint at each build's start, not onto the last
    build's: a page cache kept across builds (a long-running serve) still finds its pages."""
    from types import SimpleNamespace

    from generator.publish.page_cache import PageCache

    theme = tmp_path / "my-theme"
    theme.mkdir()
    (theme / "main.html").write_text("{% extends 'base.html' %}\n")
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(theme)]))
    cache = PageCache(tmp_path / "pages.sqlite3", "site")
    cache.on_pre_build(config)
    first = cache.fingerprint
    cache.on_pre_build(config)
    assert cache.fingerprint == first != "site"
    (theme / "main.html").write_text("{% extends 'base.html' %}{# edited #}\n")
    cache.on_pre_build(config)
    assert cache.fingerprint != first


def test_a_reused_page_with_a_link_to_a_page_that_is_gone_fails_the_strict_build(tmp_path: Path) -> None:
    import sqlite3

    from generator.publish.site import SiteBuildError

    project = project_with(tmp_path, [paper_file("p0", topic="alpha", authors=["A One"])])
    build(project)
    with sqlite3.connect(project / ".cache" / "pages.sqlite3") as db:
        key, facts = db.execute("SELECT key, facts FROM pages").fetchone()
        facts = json.loads(facts)
        facts["links"].append("papers/gone.md")
        db.execute("UPDATE pages SET facts = ? WHERE key = ?", (json.dumps(facts), key))
    with pytest.raises(SiteBuildError) as failed:
        build(project)
    assert any("papers/gone.md" in message for message in failed.value.messages)


def test_a_reused_page_is_written_without_mkdocs_and_its_anchors_are_still_checked(tmp_path: Path) -> None:
    """Pages outside the navigation that the cache holds are files to MkDocs (page_cache.py
    ReusedPage): no page events run for them, yet links to anchors into them and out of them are
    checked as MkDocs checks them between pages."""
    import sqlite3

    from generator.publish.page_cache import PageCache
    from generator.publish.site import SiteBuildError

    papers = [paper_file(f"p{i}", topic="alpha", authors=["A One"], tags=["shared phrase"]) for i in range(2)]
    project = project_with(tmp_path, papers)
    build(project)
    built: list[str] = []
    original = PageCache.on_post_page
    with pytest.MonkeyPatch.context() as patch:       # a spy on MkDocs' last event of a page, not a stub
        patch.setattr(PageCache, "on_post_page", lambda self, output, page, config: (
            built.append(page.file.src_uri), original(self, output, page, config))[1])
        again = build(project)
    assert again.pages_reused == again.pages and "papers/p0.md" not in built and "index.md" in built
    sitemap = (project / "site" / "sitemap-pages.xml").read_text()
    assert "papers/p0/</loc>" in sitemap and "tags/letter-s/</loc>" in sitemap

    def edit_facts(change) -> None:      # `change` edits a page's facts and says whether it did
        with sqlite3.connect(project / ".cache" / "pages.sqlite3") as db:
            for key, facts in db.execute("SELECT key, facts FROM pages").fetchall():
                facts = json.loads(facts)
                if change(facts):
                    db.execute("UPDATE pages SET facts = ? WHERE key = ?", (json.dumps(facts), key))

    def drop_anchor(facts: dict) -> bool:
        if "tag-share-phrase" not in facts["anchors"]:
            return False
        facts["anchors"].remove("tag-share-phrase")
        return True

    def link_to_a_gone_anchor(facts: dict) -> bool:
        if facts["title"] != "Paper p0 on alpha":
            return False
        facts["to_anchors"].append(["tags/letter-s.md", "tag-gone", "../tags/letter-s.md#tag-gone"])
        return True

    paper = project / "content" / "papers" / "p1.md"              # rendered again, it links into the index
    paper.write_text(paper.read_text().replace("We study", "Here we study"))
    edit_facts(drop_anchor)                                       # the index page stays reused
    with pytest.raises(SiteBuildError) as failed:
        build(project)
    assert any("does not contain an anchor '#tag-share-phrase'" in m for m in failed.value.messages)
    (project / ".cache" / "pages.sqlite3").unlink()
    build(project)
    edit_facts(link_to_a_gone_anchor)                             # from a reused page (p0, unedited)
    with pytest.raises(SiteBuildError) as failed:
        build(project)
    assert any("does not contain an anchor '#tag-gone'" in m for m in failed.value.messages)


def test_a_rebuild_links_what_did_not_change_and_writes_what_did(tmp_path: Path) -> None:
    """Files the last build's tree holds byte for byte are linked from it (staging.link_or_write),
    and since every file of a build is new, neither tree changes the other."""
    papers = [paper_file(f"p{i}", topic="alpha", authors=["A One"]) for i in range(2)]
    project = project_with(tmp_path, papers)
    build(project)
    site, docs = project / "site", project / "build" / "docs"
    kept = [site / "papers" / "p0" / "index.html", docs / "papers" / "p0.md", site / "feeds" / "topic-alpha.rss.xml"]
    before = {path: (path.stat().st_ino, path.read_bytes()) for path in kept}
    paper = project / "content" / "papers" / "p1.md"
    paper.write_text(paper.read_text().replace("authors:", 'note: "A new note."\nauthors:'))
    build(project)
    assert {path: (path.stat().st_ino, path.read_bytes()) for path in kept} == before     # linked, not written
    edited = site / "papers" / "p1" / "index.html"
    assert "A new note." in edited.read_text() and edited.stat().st_nlink == 1             # written anew
    incremental = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    shutil.rmtree(site)
    (project / ".cache" / "pages.sqlite3").unlink()
    build(project)                                             # clean: no site, no page cache
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == incremental


def test_a_rebuild_renders_only_the_feeds_whose_items_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed whose key (generator/render/feed_keys.py) is the last build's is kept from its tree;
    an edited paper's authors', topic's and the main feed are rendered again. Damaged keys cost a
    render, not the build; the keys are not published."""
    papers = ([paper_file(f"a{i}", topic="alpha", authors=["Ann Alpha"]) for i in range(2)]
              + [paper_file(f"b{i}", topic="beta", authors=["Bo Beta"]) for i in range(2)])
    project = project_with(tmp_path, papers)
    rendered_feeds: list[str] = []

    def spy(specs, *args, **kwargs):
        rendered_feeds.extend(spec.rss for spec in specs)
        return real(specs, *args, **kwargs)

    real = site_files_module.render_feeds
    monkeypatch.setattr(site_files_module, "render_feeds", spy)
    build(project)
    site, docs = project / "site", project / "build" / "docs"
    alpha = site / "feeds" / "author-ann-alpha.rss.xml"
    assert {"feeds/author-ann-alpha.rss.xml", "feeds/author-bo-beta.rss.xml", "feed.rss.xml"} <= set(rendered_feeds)
    assert (docs / ".feed-keys.json").is_file() and not list(site.rglob(".feed-keys.json"))
    before = (alpha.stat().st_ino, alpha.read_bytes())
    paper = project / "content" / "papers" / "b1.md"
    paper.write_text(paper.read_text().replace("Paper b1 on beta", "Paper b1, retitled"))
    rendered_feeds.clear()
    build(project)
    assert sorted(rendered_feeds) == ["feed.rss.xml", "feeds/author-bo-beta.rss.xml", "feeds/topic-beta.rss.xml"]
    assert (alpha.stat().st_ino, alpha.read_bytes()) == before
    assert "Paper b1, retitled" in (site / "feeds" / "author-bo-beta.atom.xml").read_text()
    (docs / ".feed-keys.json").write_text("{half a file")
    rendered_feeds.clear()
    build(project)
    assert "feeds/author-ann-alpha.rss.xml" in rendered_feeds and alpha.read_bytes() == before[1]


def test_the_map_shows_every_paper_oldest_first(tmp_path: Path) -> None:
    papers = [paper_file(f"p{i}", topic="alpha", authors=["A One"], added=f"2026-11-2{3 - i}") for i in range(4)]
    files = rendered(project_with(tmp_path, papers))
    assert [row[0] for row in json.loads(files["map/papers-0.json"])] == ["p3", "p2", "p1", "p0"]
    assert len(files["map/points.bin"]) == 5 * 4
    assert 'data-count="4"' in files["map.md"] and "Map of 4 papers" in files["map.md"]


def test_every_split_page_builds_strictly_with_its_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One item a page everywhere: MkDocs' strict build checks every pager and back link."""
    for name in ("PAPERS_PER_PAGE", "NAMES_PER_PAGE"):
        monkeypatch.setattr(pages_module, name, 1)
    monkeypatch.setattr(keyphrase_pages_module, "LETTER_ON_ONE_PAGE", 1)
    monkeypatch.setattr(keyphrase_pages_module, "RANGE_ON_ONE_PAGE", 1)
    papers = [paper_file(f"p{i}", topic="alpha", authors=["Ada Lovelace", "Alan Lovelock"],
                         tags=["shared one", "shared two"], added=f"2026-11-2{i}") for i in range(3)]
    project = project_with(tmp_path, papers)
    build(project)
    site = project / "site"
    for page in ("topics/alpha/page-2/index.html", "topics/alpha/page-1/index.html",
                 "authors/letter-l/page-2/index.html", "archive/2026-11/page-1/index.html"):
        assert (site / page).is_file(), page
    assert len(list((site / "tags" / "letter-s").glob("*/index.html"))) == 2      # a page per range


def test_a_derived_title_is_marked_on_the_map_as_in_lists(tmp_path: Path) -> None:
    papers = [paper_file("made", topic="alpha", authors=["A One"], extra="\ntitle_derived: true"),
              paper_file("real", topic="alpha", authors=["B Two"])]
    files = rendered(project_with(tmp_path, papers))
    titles = dict(json.loads(files["map/papers-0.json"]))
    assert titles == {"made": "Paper made on alpha (title derived)", "real": "Paper real on alpha"}
    assert "<em>(title derived)</em>" in files["topics/alpha.md"]


def test_a_damaged_page_cache_costs_a_render_not_the_build(tmp_path: Path) -> None:
    project = project_with(tmp_path, [paper_file("p0", topic="alpha", authors=["A One"])])
    (project / ".cache").mkdir(parents=True, exist_ok=True)
    (project / ".cache" / "pages.sqlite3").write_bytes(b"half-written" * 100)
    report = build(project)
    assert report.pages_reused == 0 and (project / "site" / "papers" / "p0" / "index.html").is_file()
    assert build(project).pages_reused == report.pages                       # the cache was made anew


def test_feed_items_are_dated_at_noon_utc_so_every_time_zone_shows_the_day(tmp_path: Path) -> None:
    files = rendered(project_with(tmp_path, [paper_file("p0", topic="alpha", authors=["A One"], added="2026-11-22")]))
    entry = feedparser.parse(files["feed.rss.xml"]).entries[0]
    assert entry.published == "Sun, 22 Nov 2026 12:00:00 +0000"
    assert feedparser.parse(files["feed.atom.xml"]).entries[0].updated == "2026-11-22T12:00:00+00:00"


def test_an_acronym_papers_define_and_its_expansion_are_one_keyphrase_entry(tmp_path: Path) -> None:
    def defining(pid: str, tags: list[str]) -> tuple[str, str]:
        name, text = paper_file(pid, topic="alpha", authors=[pid.title()], tags=tags)
        return name, text.replace(f"We study {pid}", f"We study 3D Gaussian Splatting (3DGS) for {pid}")

    papers = [defining("one", ["3DGS"]), defining("two", ["3D Gaussian Splatting"]),
              paper_file("spelled", topic="alpha", authors=["B Two"], tags=["3D Gaussian splatting"]),
              paper_file("short", topic="alpha", authors=["C Three"], tags=["3DGS"])]
    files = rendered(project_with(tmp_path, papers))
    index = "".join(text for name, text in files.items() if name.startswith("tags/letter-"))
    name = r"3D Gaussian splatting \(3DGS\)"            # the spelling most used, case aside, fewest capitals
    assert index.count(f"## {name} (4)") == 1 and "## 3DGS" not in index
    entry = index[index.index(name):]
    assert all(f'papers/{pid}/"' in entry for pid in ("one", "two", "spelled", "short"))
    # A paper page shows the tag as its curator wrote it, linked to the entry.
    link = "](../tags/letter-other.md#tag-3d-gaussian-splat)"
    assert f"[3DGS{link}" in files["papers/short.md"] and f"[3DGS{link}" in files["papers/one.md"]
    assert f"[3D Gaussian splatting{link}" in files["papers/spelled.md"]
