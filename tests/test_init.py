"""`digest init`: a digest of one's own, set up by the real CLI, then validated, built and
checked in its own folder as its curators would, with nothing of this repository's content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DIGEST = str(Path(sys.executable).parent / "digest")
NAME, URL = "Attention Digest: «transformers»", "https://example.org/attention/"


def run(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("DIGEST_SITE_URL", None)
    result = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=env)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def new_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "my-digest"
    result = run(DIGEST, "init", target.name, "--name", NAME, "--url", URL, cwd=target.parent)
    # installed here from a folder: requirements.txt cannot serve GitHub until it names a Git commit
    assert "warning: requirements.txt installs the generator from this machine" in result.stderr
    written = {line.removeprefix("wrote ") for line in result.stdout.splitlines()}
    assert written == {str(Path("my-digest") / p) for p in (
        "content/labs.yaml", "content/topics.yaml", "content/papers/attention-is-all-you-need.md", "mkdocs.yml",
        "README.md", "Makefile", "requirements.txt", "requirements.lock", ".gitignore", ".pre-commit-config.yaml",
        ".github/workflows/checks.yml", ".github/workflows/deploy.yml")}
    return target


def test_the_new_digest_validates_and_builds_strictly_on_its_own(new_digest: Path, tmp_path: Path) -> None:
    """Its own `digest validate` and `digest build --strict` (the Makefile's `check`), with the
    theme from the installed generator: the new folder has no overrides/."""
    assert not (new_digest / "overrides").exists()
    validate = run(DIGEST, "validate", cwd=new_digest)
    assert validate.stderr.strip().endswith("1 paper file(s): 0 error(s), 0 warning(s)")
    cache = tmp_path / "cache"                  # a cold cache of its own; the model export is shared
    cache.mkdir()
    (ROOT / ".cache" / "onnx").mkdir(parents=True, exist_ok=True)
    (cache / "onnx").symlink_to(ROOT / ".cache" / "onnx")
    run(DIGEST, "build", "--strict", "--topic-models", "none", "--cache", str(cache / "enrichment.sqlite3"),
        cwd=new_digest)
    site = new_digest / "site"
    paper = (site / "papers" / "attention-is-all-you-need" / "index.html").read_text()
    assert "<title>Attention Is All You Need - Attention Digest: «transformers»</title>" in paper
    assert 'id="digest-search-input"' in paper                       # the generator's theme is in
    assert (site / "pagefind" / "pagefind.js").is_file()
    feed = feedparser.parse((site / "feed.atom.xml").read_bytes())
    assert feed.bozo == 0 and feed.feed.title.startswith(NAME)
    assert [e.link for e in feed.entries] == [f"{URL}papers/attention-is-all-you-need/"]


def test_the_new_digests_files_say_what_it_is(new_digest: Path) -> None:
    config = (new_digest / "mkdocs.yml").read_text()
    ours = (ROOT / "mkdocs.yml").read_text()
    changed = {a for a, b in zip(config.splitlines(), ours.splitlines()) if a != b}
    assert changed == {f'site_name: "{NAME}"', f'site_description: "{NAME}: a curated digest of research papers."',
                       f'site_url: !ENV [DIGEST_SITE_URL, "{URL}"]'}
    assert (new_digest / "requirements.lock").read_text() == (ROOT / "requirements.lock").read_text()
    assert (new_digest / "requirements.txt").read_text().splitlines()[-1].startswith("paper-digest @ ")
    readme = (new_digest / "README.md").read_text()
    assert readme.startswith(f"# {NAME}\n") and URL in readme and "make check" in readme
    assert {"/site/", "/.cache/", ".venv/", "/build/"} <= set((new_digest / ".gitignore").read_text().split())
    hooks = yaml.safe_load((new_digest / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["id"] == "digest-validate"


def test_the_new_digests_workflows_pass_actionlint(new_digest: Path) -> None:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    workflows = sorted((new_digest / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run([actionlint, "-no-color", *map(str, workflows)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_new_digests_hook_stops_a_commit_of_a_broken_paper(new_digest: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(new_digest, repo, ignore=shutil.ignore_patterns("site", "build", ".cache"))
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "digest").symlink_to(DIGEST)
    run("git", "init", "-q", cwd=repo)
    paper = repo / "content" / "papers" / "attention-is-all-you-need.md"
    paper.write_text(paper.read_text().replace("labs: [google-research]", "labs: [google-reserch]"))
    run("git", "add", "-A", cwd=repo)
    result = run(sys.executable, "-m", "pre_commit", "run", "--files", "content/papers/attention-is-all-you-need.md",
                 cwd=repo, check=False)
    assert result.returncode != 0
    assert ("content/papers/attention-is-all-you-need.md:4: unknown lab 'google-reserch' — did you mean "
            "'google-research'?") in result.stdout


def test_init_never_overwrites_and_refuses_a_bad_address(tmp_path: Path) -> None:
    target = tmp_path / "d"
    (target / "content").mkdir(parents=True)
    (target / "content" / "topics.yaml").write_text("mine: {name: Mine, description: My own topic.}\n")
    clash = run(DIGEST, "init", str(target), "--name", "X", "--url", URL, cwd=tmp_path, check=False)
    assert clash.returncode == 2 and "already holds content/topics.yaml" in clash.stderr
    assert "nothing was written" in clash.stderr
    assert sorted(p.name for p in target.rglob("*")) == ["content", "topics.yaml"]
    assert (target / "content" / "topics.yaml").read_text().startswith("mine:")
    bad = run(DIGEST, "init", str(tmp_path / "e"), "--name", "X", "--url", "example.org", cwd=tmp_path, check=False)
    assert bad.returncode == 2 and "--url 'example.org'" in bad.stderr and not (tmp_path / "e").exists()


def test_init_takes_the_generator_as_a_requirement(tmp_path: Path) -> None:
    pinned = "paper-digest @ git+https://github.com/someone/paper-digest@0123abc"
    result = run(DIGEST, "init", "d", "--name", "X", "--url", URL, "--generator", pinned, cwd=tmp_path)
    assert "warning" not in result.stderr
    assert (tmp_path / "d" / "requirements.txt").read_text().splitlines()[-1] == pinned
    assert "](https://github.com/OWNER" not in (tmp_path / "d" / "README.md").read_text()          # no dead link
