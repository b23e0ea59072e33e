"""How a build meets curation errors: a paper with errors is left out, loudly, and the rest is built;
`--strict` (CI) stops at any error, writing nothing; a broken registry always stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.publish import site
from generator.cli import cli
from generator.enrich.cache import EnrichmentCache
from generator.pipeline import analyse
from generator.problems import CurationError
from tests.conftest import paper_text
from tests.fake_embedder import HashingEmbedder, one_model_settings
from tests.site_helpers import make_project

BROKEN = paper_text("title: Broken\nadded: 2026-11-22\nautors: [Jane Doe]", "A paper with a typo in a field name.")
ERROR = "content/papers/broken.md:4: unknown field 'autors' — did you mean 'authors'?"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path)
    (project / "content" / "papers" / "broken.md").write_text(BROKEN)
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """build_site replaced by a recorder: these tests are about what the command decides."""
    calls: list[Path] = []

    def fake_build(content: Path, site_dir: Path, **_) -> site.BuildReport:
        calls.append(content)
        return site.BuildReport(site_dir)

    monkeypatch.setattr(site, "build_site", fake_build)
    return calls


def test_build_leaves_a_bad_paper_out_naming_file_and_field(project: Path, built: list[Path]) -> None:
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert ERROR in result.output
    assert ("warning: 1 paper(s) with errors left out: content/papers/broken.md. Fix them (digest validate "
            "lists every problem); with --strict the build stops instead.") in result.output
    assert built == [Path("content")]


def test_strict_build_stops_at_a_bad_paper_and_writes_nothing(project: Path, built: list[Path]) -> None:
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 2
    assert ERROR in result.output and "build stopped: nothing was written" in result.output
    assert built == [] and not (project / "site").exists()


def test_a_broken_registry_stops_even_a_lenient_build(project: Path, built: list[Path]) -> None:
    (project / "content" / "topics.yaml").write_text("model-compression: [\n")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "content/topics.yaml:2: YAML syntax error" in result.output
    assert "build stopped: nothing was written" in result.output and built == []


def test_analysis_leaves_the_bad_paper_out_and_keeps_its_errors(project: Path) -> None:
    settings = dict(embedder_factory=HashingEmbedder, settings=one_model_settings())
    analysis = analyse(Path("content"), EnrichmentCache(project / "c.sqlite3"), **settings)
    assert "broken" not in {paper.id for paper in analysis.digest.papers}
    assert [str(p) for p in analysis.skipped] == [ERROR]
    with pytest.raises(CurationError):
        analyse(Path("content"), EnrichmentCache(project / "c.sqlite3"), strict=True, **settings)


def test_a_site_without_directory_urls_is_refused_naming_the_line(tmp_path: Path) -> None:
    """The digest's feeds, map, lists and parts link pages as folders (papers/<id>/)."""
    from generator.publish.site import SiteBuildError, build_site

    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    line = config.read_text().splitlines().index("use_directory_urls: false") + 1
    with pytest.raises(SiteBuildError, match=rf"mkdocs\.yml:{line}: use_directory_urls is false"):
        build_site(project / "content", project / "site", config_file=config)
    assert not (project / "site").exists()
