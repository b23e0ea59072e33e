"""Page workers (generator/publish/page_workers.py): a share of a build's pages rendered by MkDocs
in processes of their own. Real builds, real worker processes: the site must be the one a single
process builds, and their pages' problems must fail a strict build as the build's own would."""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path

import pytest

from generator.publish import page_workers
from generator.publish.mkdocs_run import SiteBuildError, run_mkdocs
from generator.publish.page_cache import PageCache, site_fingerprint
from generator.render import forked
from tests.site_helpers import make_project, tree_bytes
from tests.test_site import SITE_URL, build, site_url  # noqa: F401  (site_url: the autouse fixture)
from tests.test_site_scale import paper_file, project_with


def _project(tmp_path: Path) -> Path:
    papers = [paper_file(f"p{i}", topic="alpha" if i % 2 else "beta", authors=["Ada Lovelace", f"Writer {i % 3}"],
                         tags=["shared phrase"]) for i in range(8)]
    return project_with(tmp_path, papers)


def test_pages_rendered_by_workers_are_the_pages_one_process_renders(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    monkeypatch.setenv(page_workers.WORKERS_ENV, "0")
    alone = build(project)
    expected = tree_bytes(project / "site")
    assert alone.pages_by_workers == 0
    shutil.rmtree(project / "site")
    (project / ".cache" / "pages.sqlite3").unlink()
    monkeypatch.setenv(page_workers.WORKERS_ENV, "2")
    shared = build(project)
    assert shared.warnings == [] and shared.pages_reused == 0
    assert shared.pages_by_workers > shared.pages / 3          # two workers and the build, a third each
    assert tree_bytes(project / "site") == expected
    again = build(project)                                      # the workers' pages went into the page cache
    assert again.pages_reused == again.pages and again.pages_by_workers == 0
    assert tree_bytes(project / "site") == expected


def test_a_worker_that_fails_costs_time_not_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    monkeypatch.setenv(page_workers.WORKERS_ENV, "0")
    build(project)
    expected = tree_bytes(project / "site")
    shutil.rmtree(project / "site")
    (project / ".cache" / "pages.sqlite3").unlink()
    monkeypatch.setenv(page_workers.WORKERS_ENV, "1")
    monkeypatch.setattr(page_workers, "WORKER_MODULE", "generator.publish.no_such_worker")
    report = build(project)
    assert report.pages_by_workers == 0
    assert any("page workers: a page worker exited with 1" in w and "No module named" in w for w in report.warnings)
    assert tree_bytes(project / "site") == expected
    assert not list((project / "site").rglob(page_workers.FOLDER))


def _docs(tmp_path: Path, pages: dict[str, str]) -> tuple[Path, Path]:
    """A bare MkDocs project with the site's configuration: `pages` beside the navigation's."""
    project = make_project(tmp_path / "project")
    docs = tmp_path / "docs"
    docs.mkdir()
    config = project / "mkdocs.yml"
    nav = [line.split(": ", 1)[1] for line in config.read_text().split("\nnav:\n", 1)[1].split("\n\n")[0].splitlines()
           if line.startswith("  - ")]
    for path in nav + list(pages):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(pages.get(path, f"# {path}\n"))
    return config, docs


def _build(config: Path, docs: Path, site: Path, cache: Path) -> PageCache:
    pages = PageCache(cache, site_fingerprint(config, SITE_URL))
    run_mkdocs(config, docs, site, 0, pages, site_url=SITE_URL)
    return pages


def test_a_worker_pages_broken_links_and_anchors_fail_the_strict_build_once_each(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build renders every other page to render, from the first (page_workers.PageWorkers.start):
    a.md and d.md are the build's, b.md and e.md the worker's."""
    config, docs = _docs(tmp_path, {
        "a.md": "# A\n\n## Here\n\nSee [b](b.md#gone).\n",
        "b.md": "# B\n\n## There\n\nSee [a](a.md#nowhere), [c](c.md), [e](e.md#lost) and [a's part](a.md#here).\n",
        "d.md": "# D\n", "e.md": "# E\n"})
    monkeypatch.setenv(page_workers.WORKERS_ENV, "1")
    with pytest.raises(SiteBuildError) as failed:
        _build(config, docs, tmp_path / "site", tmp_path / "pages.sqlite3")
    messages = failed.value.messages
    expected = ["the doc 'b.md' does not contain an anchor '#gone'",
                "the doc 'a.md' does not contain an anchor '#nowhere'",
                "the doc 'e.md' does not contain an anchor '#lost'",
                "Doc file 'b.md' contains a link 'c.md', but the target is not found"]
    for text in expected:
        assert sum(text in message for message in messages) == 1, (text, messages)
    assert not any("#here" in message for message in messages)

    (docs / "a.md").write_text("# A\n\n## Here\n\nSee [b](b.md#there).\n")
    (docs / "b.md").write_text("# B\n\n## There\n\nSee [a's part](a.md#here).\n")
    pages = _build(config, docs, tmp_path / "site", tmp_path / "pages.sqlite3")
    assert pages.by_workers == 1          # b.md again; d.md and e.md are the last build's
    html = (tmp_path / "site" / "b" / "index.html").read_text()
    assert 'href="../a/#here"' in html and "<h2 id=\"there\">" in html
    assert not (tmp_path / "site" / page_workers.FOLDER).exists()


def test_the_number_of_workers_follows_the_cores_and_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(page_workers.WORKERS_ENV, raising=False)
    monkeypatch.setattr(page_workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert page_workers.worker_count(page_workers.PAGES_PER_WORKER - 1) == 0
    assert page_workers.worker_count(2 * page_workers.PAGES_PER_WORKER) == 2
    assert page_workers.worker_count(100 * page_workers.PAGES_PER_WORKER) == 3
    monkeypatch.setattr(page_workers.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert page_workers.worker_count(100 * page_workers.PAGES_PER_WORKER) == 0
    monkeypatch.setenv(page_workers.WORKERS_ENV, "3")
    assert page_workers.worker_count(1) == 0 and page_workers.worker_count(2) == 3


needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="rendering in forked processes needs fork")


@needs_fork
def test_pages_are_rendered_in_forked_processes_each_in_its_place() -> None:
    jobs = [(f"page-{n}.md", partial(lambda n: f"{n} {os.getpid()}", n)) for n in range(forked.FORK_FROM)]
    pages = forked.render_jobs(jobs, processes=2)
    assert list(pages) == [f"page-{n}.md" for n in range(0, forked.FORK_FROM, 2)] + \
        [f"page-{n}.md" for n in range(1, forked.FORK_FROM, 2)]
    assert all(text.split()[0] == path[5:-3] for path, text in pages.items())
    pids = {text.split()[1] for text in pages.values()}
    assert len(pids) == 2 and str(os.getpid()) in pids


@needs_fork
def test_a_forked_share_that_fails_is_rendered_here_and_a_template_error_still_raises() -> None:
    parent = os.getpid()

    def fails_in_a_child(n: int) -> str:
        if os.getpid() != parent:
            raise RuntimeError("child")
        return str(n)

    jobs = [(f"p{n}", partial(fails_in_a_child, n)) for n in range(forked.FORK_FROM)]
    assert forked.render_jobs(jobs, processes=2) == {f"p{n}": str(n) for n in range(forked.FORK_FROM)}

    def broken(n: int) -> str:
        raise ValueError(f"template of page {n}")

    with pytest.raises(ValueError, match="template of page"):
        forked.render_jobs([(f"p{n}", partial(broken, n)) for n in range(forked.FORK_FROM)], processes=2)


@needs_fork
def test_a_site_rendered_in_two_processes_is_the_site_rendered_in_one(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.enrich.cache import EnrichmentCache
    from generator.pipeline import analyse
    from generator.publish.site import render_files, site_info
    from tests.fake_embedder import HashingEmbedder
    from tests.test_site import one_model_settings

    project = _project(tmp_path)
    analysis = analyse(project / "content", EnrichmentCache(tmp_path / "c.sqlite3"), embedder_factory=HashingEmbedder,
                       settings=one_model_settings())
    info = site_info(project / "mkdocs.yml")
    alone = render_files(analysis, info, processes=1)
    monkeypatch.setattr(forked, "FORK_FROM", 2)
    shared = render_files(analysis, info, processes=2)
    assert len(shared) > 40 and shared == alone


def test_a_number_of_workers_that_is_no_number_stops_the_build_and_keeps_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    build(project)
    before = tree_bytes(project / "site")
    monkeypatch.setenv(page_workers.WORKERS_ENV, "two")
    with pytest.raises(SiteBuildError) as failed:
        build(project)
    assert failed.value.messages == ["DIGEST_PAGE_WORKERS='two' is not a number of processes"]
    assert tree_bytes(project / "site") == before


def _render_in_a_daemon(result) -> None:
    jobs = [(f"p{n}", partial(os.getpid)) for n in range(forked.FORK_FROM)]
    result.put(len({str(pid) for pid in forked.render_jobs(jobs, processes=2).values()}))


@needs_fork
def test_a_daemonic_process_renders_alone_since_it_may_have_no_children() -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    result = context.Queue()
    daemon = context.Process(target=_render_in_a_daemon, args=(result,), daemon=True)
    daemon.start()
    assert result.get(timeout=60) == 1
    daemon.join()
