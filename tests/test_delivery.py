"""Delivery: the workflows pass actionlint, and the curators' pre-commit hook refuses bad content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.site_helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is installed with the test dependencies"
    result = subprocess.run([actionlint, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The lint is real: a workflow with an unknown context and a bad runner label fails."""
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    broken = tmp_path / ".github" / "workflows" / "x.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo ${{ nope.x }}\n")
    result = subprocess.run([actionlint, "-no-color", str(broken)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0
    assert "nope" in result.stdout


def test_deploy_workflow_shape() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    assert deploy["permissions"] == {"contents": "read"}
    assert deploy["concurrency"]["group"] == "pages"
    steps = [s.get("uses", "").split("@")[0] for s in deploy["jobs"]["build"]["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/cache"} <= set(steps)
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_hook_validates_changed_content(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "content", repo / "content")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "digest").symlink_to(Path(sys.executable).parent / "digest")
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    git("init", "-q")
    git("add", "-A")
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--files"]
    ok = subprocess.run([*pre_commit, "content/papers/disparse.md"], cwd=repo, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    paper = repo / "content" / "papers" / "disparse.md"
    paper.write_text(paper.read_text().replace("labs: [gatech]", "labs: [gatek]"))
    bad = subprocess.run([*pre_commit, "content/papers/disparse.md"], cwd=repo, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "content/papers/disparse.md:5: unknown lab 'gatek' — did you mean 'gatech'?" in bad.stdout
    unrelated = subprocess.run([*pre_commit, ".pre-commit-config.yaml"], cwd=repo, capture_output=True, text=True)
    assert "digest validate" in unrelated.stdout and "Skipped" in unrelated.stdout


def test_the_hook_definition_stops_another_digests_commit_of_a_broken_paper(tmp_path: Path) -> None:
    """.pre-commit-hooks.yaml, as another digest uses it (pre-commit's try-repo runs it from
    this repository), on a staged paper file with an unknown lab."""
    repo = tmp_path / "other-digest"
    shutil.copytree(ROOT / "tests" / "fixtures" / "content", repo / "content")
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)  # noqa: E731
    git("init", "-q")
    paper = repo / "content" / "papers" / "disparse.md"
    paper.write_text(paper.read_text().replace("labs: [gatech]", "labs: [gatek]"))
    git("add", "-A")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "digest-validate",
                          "--files", "content/papers/disparse.md"], cwd=repo, capture_output=True, text=True, env=env)
    assert run.returncode != 0, run.stdout + run.stderr
    assert "content/papers/disparse.md:5: unknown lab 'gatek' — did you mean 'gatech'?" in run.stdout
