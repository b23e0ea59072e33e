"""Commands that can take long show progress in a CI log too (stderr not a terminal): a line
`enriching: done/total` (generator/commands/console.py), the last one always."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.site_helpers import make_project


def test_enrich_prints_progress_lines_in_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fake_embedder import HashingEmbedder
    import generator.enrich.pipeline as pipeline

    monkeypatch.setattr(pipeline, "make_embedder", lambda settings: HashingEmbedder())
    root = make_project(tmp_path / "digest")
    monkeypatch.chdir(root)
    papers = len(list((root / "content" / "papers").glob("*.md")))
    result = CliRunner().invoke(cli, ["enrich", "--cache", ".cache/c.sqlite3", "--topic-models", "none"])
    assert result.exit_code == 0, result.output
    lines = re.findall(r"^enriching: (\d+)/(\d+)$", result.stderr, re.MULTILINE)
    assert lines and lines[-1] == (str(papers), str(papers))
    again = CliRunner().invoke(cli, ["enrich", "--cache", ".cache/c.sqlite3", "--topic-models", "none"])
    assert "enriching:" not in again.stderr and f"{papers} papers: {papers} cached, 0 computed" in again.stderr
