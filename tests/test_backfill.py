"""`digest enrich --cluster`: enrichment on a Dask cluster of two local workers writes the same
cache rows, byte for byte, as the local path (generator/backfill.py), with the real model."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.site_helpers import FIXTURES

pytestmark = pytest.mark.model


def rows(cache: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(cache) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY key").fetchall()
                for table in ("enrichment", "vectors")}


def enrich(content: Path, cache: Path, *extra: str):
    # the main model only: its paper rows and its vectors of the reference abstracts are both kinds of work
    result = CliRunner().invoke(cli, ["enrich", "--content", str(content), "--cache", str(cache),
                                      "--topic-models", "none", *extra])
    assert result.exit_code == 0, result.output
    return result


def test_a_cluster_of_two_workers_writes_the_rows_the_local_path_writes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    caches = tmp_path / "caches"             # both caches beside one ONNX export folder
    enrich(content, caches / "local.sqlite3")
    result = enrich(content, caches / "cluster.sqlite3", "--cluster", "local:2")
    assert "cluster: 2 workers; 4 papers enriched and 206 document vectors computed" in result.output
    assert "4 papers: 4 cached, 0 computed" in result.output        # the build after it finds them all
    local, cluster = rows(caches / "local.sqlite3"), rows(caches / "cluster.sqlite3")
    assert len(local["enrichment"]) == 4 and len(local["vectors"]) >= 206
    assert cluster == local


def test_a_cluster_that_is_not_there_is_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    result = CliRunner().invoke(cli, ["enrich", "--content", str(content), "--cache", str(tmp_path / "c.sqlite3"),
                                      "--topic-models", "none", "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "no Dask cluster at tcp://127.0.0.1:9" in result.output
