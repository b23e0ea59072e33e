"""`--site` is replaced whole, so a folder that is not a built site is never taken for one: the
content tree, the project, the working folder or any other folder with files in it is refused
(exit 2) before anything is enriched or written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.publish.output_folders import OutputFolderError, check_site_folder
from generator.publish.site import build_site
from tests.site_helpers import make_project, tree_bytes


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path / "project", "content")
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("a curator's own file\n")
    (project / "overrides").mkdir()                                  # a digest's own theme files
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    monkeypatch.chdir(project)
    return project


@pytest.mark.parametrize(("site", "says"), [
    ("content", "may not be, hold or sit inside the content folder"),
    ("content/papers", "may not be, hold or sit inside the content folder"),
    (".", "would remove the project folder"),
    ("..", "would remove the project folder"),
    ("build", "may not be, hold or sit inside the generated pages"),
    ("notes", "exists and is not a site built by digest"),
    ("overrides", "exists and is not a site built by digest"),
])
def test_a_site_folder_that_would_replace_other_files_is_refused(project: Path, site: str, says: str) -> None:
    before = tree_bytes(project.parent)
    result = CliRunner().invoke(cli, ["build", "--site", site])
    assert result.exit_code == 2, result.output
    assert f"error: {site}: " in result.output and says in result.output
    assert tree_bytes(project.parent) == before


def test_the_project_and_the_working_folder_are_never_replaced(project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "elsewhere" / "content"      # so only the project or working-folder rule applies
    with pytest.raises(OutputFolderError, match="would remove the project folder"):
        check_site_folder(project, content, project)
    monkeypatch.chdir(project / "notes")
    with pytest.raises(OutputFolderError, match="would remove the working folder"):
        check_site_folder(project / "notes", content, tmp_path / "elsewhere")


def test_the_library_checks_before_reading_anything(project: Path) -> None:
    (project / "content" / "topics.yaml").write_text(": broken [")     # would stop a build that read it
    with pytest.raises(OutputFolderError, match="content folder"):
        build_site(project / "content", project / "content" / "site", config_file=project / "mkdocs.yml")


def test_an_empty_folder_or_an_earlier_site_may_be_replaced(project: Path) -> None:
    (project / "empty").mkdir()
    check_site_folder(project / "empty", project / "content", project)
    check_site_folder(project / "not-yet", project / "content", project)
    earlier = project / "site"
    (earlier / "pagefind").mkdir(parents=True)
    (earlier / "index.html").write_text("<html></html>")
    check_site_folder(earlier, project / "content", project)
    (earlier / "index.html").unlink()
    with pytest.raises(OutputFolderError, match="not a site built by digest"):
        check_site_folder(earlier, project / "content", project)


def test_folders_a_killed_build_left_are_removed_and_a_running_builds_kept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from generator.publish.staging import remove_abandoned

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)                                       # a process that has ended
    target = tmp_path / "site"
    left = [tmp_path / f".site-new-{dead}-x1y2", tmp_path / f".site-old-{dead}", tmp_path / ".site-new-legacy"]
    kept = [tmp_path / f".site-new-{os.getppid()}-a1b2", tmp_path / ".site-new-young", tmp_path / ".sitemap-new-1"]
    for folder in left + kept:
        (folder / "pagefind").mkdir(parents=True)
    os.utime(tmp_path / ".site-new-legacy", (0, 0))               # named by no process, and old
    remove_abandoned(target)
    assert [f.name for f in left if f.exists()] == []
    assert [f.name for f in kept if not f.exists()] == []


def test_a_large_sites_old_tree_is_removed_by_a_process_of_its_own(tmp_path: Path) -> None:
    import os
    import time

    from generator.publish.staging import swap_in

    target, new = tmp_path / "site", tmp_path / ".site-new-1"
    for folder, page in ((target, "old"), (new, "new")):
        (folder / "papers" / "a").mkdir(parents=True)
        (folder / "papers" / "a" / "index.html").write_text(page)
    started = time.monotonic()
    swap_in(new, target, remove_in_background=True)
    assert (target / "papers" / "a" / "index.html").read_text() == "new"
    assert not new.exists()
    while [p for p in tmp_path.iterdir() if p.name.startswith(".site-old-")] and time.monotonic() - started < 60:
        time.sleep(0.05)
    assert sorted(os.listdir(tmp_path)) == ["site"]                 # the old tree went, in the background


def test_swapping_in_twice_in_one_process_keeps_each_old_tree_apart(tmp_path: Path) -> None:
    from generator.publish.staging import swap_in

    target = tmp_path / "site"
    for round_ in range(3):
        new = tmp_path / f".site-new-{round_}"
        new.mkdir()
        (new / "index.html").write_text(str(round_))
        swap_in(new, target, remove_in_background=True)       # a removal still under way must not be in its way
    assert (target / "index.html").read_text() == "2"
