"""The parse cache: a file's bytes parsed once, the same digest and problems either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.curation import loader
from generator.curation.loader import load_content
from generator.curation.parse_cache import ParseCache


def test_a_cached_load_equals_a_fresh_one_and_parses_nothing_again(content: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (content / "papers" / "broken.md").write_text("---\ntitle: Broken\nadded: 22/11/2026\n---\nAn abstract.\n")
    fresh = load_content(content, skip_invalid=True)
    cache = ParseCache(tmp_path / "parse.sqlite3")
    first = load_content(content, skip_invalid=True, parse_cache=cache)

    def no_parsing(*args, **kwargs):
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(loader, "parse_paper", no_parsing)
    again = load_content(content, skip_invalid=True, parse_cache=ParseCache(tmp_path / "parse.sqlite3"))
    for result in (first, again):
        assert result.problems == fresh.problems and result.digest == fresh.digest
    assert any("broken.md:3" in str(p) and "'added'" in str(p) for p in again.errors)


def test_an_edited_file_is_parsed_again(content: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "parse.sqlite3"
    load_content(content, parse_cache=ParseCache(cache_path))
    paper = content / "papers" / "disparse.md"
    paper.write_text(paper.read_text().replace('note: "Pruning', 'note: "Edited: pruning'))
    digest = load_content(content, parse_cache=ParseCache(cache_path)).digest
    assert digest.paper("disparse").note.startswith("Edited: pruning")


def test_a_load_keeps_only_the_entries_it_used(content: Path, tmp_path: Path) -> None:
    import sqlite3

    cache_path = tmp_path / "parse.sqlite3"

    def rows() -> int:
        with sqlite3.connect(cache_path) as db:
            return db.execute("SELECT count(*) FROM parsed").fetchone()[0]

    papers = sorted((content / "papers").glob("*.md"))
    load_content(content, parse_cache=ParseCache(cache_path))
    assert rows() == len(papers)
    for n in range(3):                                            # three edits of one file
        papers[0].write_text(papers[0].read_text() + f"\nEdit {n}.\n")
        load_content(content, parse_cache=ParseCache(cache_path))
    assert rows() == len(papers)                                  # the old versions' entries are gone
    papers[1].unlink()
    load_content(content, parse_cache=ParseCache(cache_path))
    assert rows() == len(papers) - 1


def test_a_damaged_cache_is_no_cache(content: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "parse.sqlite3"
    cache_path.write_bytes(b"not a database at all" * 100)
    result = load_content(content, parse_cache=ParseCache(cache_path))
    assert result.digest is not None and result.digest == load_content(content).digest
    assert ParseCache(cache_path)._db is not None                  # and the file was made anew


def test_a_cache_another_process_holds_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    from generator.cache_db import open_cache_db

    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE kept (x)")
    holder.execute("BEGIN EXCLUSIVE")
    assert open_cache_db(path, "CREATE TABLE IF NOT EXISTS parsed (key TEXT)", timeout=0.1) is None
    holder.rollback()
    holder.close()
    with sqlite3.connect(path) as again:                                    # the same file, not deleted
        assert again.execute("SELECT name FROM sqlite_master").fetchall() == [("kept",)]


class _RunsCode:
    """A pickle that, loaded by plain pickle.loads, would create the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("entry", ["code", "int"])
def test_a_tampered_entry_runs_nothing_and_reads_as_a_miss(content: Path, tmp_path: Path, entry: str) -> None:
    import pickle
    import sqlite3

    cache_path, marker = tmp_path / "parse.sqlite3", tmp_path / "PWNED"
    load_content(content, parse_cache=ParseCache(cache_path))
    tampered = pickle.dumps(_RunsCode(marker) if entry == "code" else 42)
    with sqlite3.connect(cache_path) as db:
        db.execute("UPDATE parsed SET paper = ?", (tampered,))
    result = load_content(content, parse_cache=ParseCache(cache_path))
    assert not marker.exists()
    assert result.digest is not None and result.digest == load_content(content).digest


def test_a_build_reads_the_paper_files_through_the_parse_cache(content: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`analyse` (build, serve, diff, topics) keeps the parse cache beside the enrichment cache, so
    an unchanged rebuild parses no paper file again, and gives the same digest."""
    from generator.enrich.cache import EnrichmentCache
    from generator.pipeline import analyse
    from tests.fake_embedder import HashingEmbedder, one_model_settings

    cache = EnrichmentCache(tmp_path / "cache" / "enrichment.sqlite3")
    first = analyse(content, cache, embedder_factory=HashingEmbedder, settings=one_model_settings())
    assert (tmp_path / "cache" / "curation.sqlite3").is_file()

    def no_parsing(*args, **kwargs):
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(loader, "parse_paper", no_parsing)
    again = analyse(content, cache, embedder_factory=HashingEmbedder, settings=one_model_settings())
    assert again.digest == first.digest and again.grouping.assignments == first.grouping.assignments


def test_validate_reads_the_paper_files_through_the_parse_cache(content: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`digest validate` keeps the parse cache beside --cache: a second run parses no paper file
    and says the same."""
    from click.testing import CliRunner

    from generator.cli import cli

    (content / "papers" / "broken.md").write_text("---\ntitle: Broken\nadded: 22/11/2026\n---\nAn abstract.\n")
    arguments = ["validate", "--content", str(content), "--cache", str(tmp_path / "cache" / "enrichment.sqlite3")]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 2 and (tmp_path / "cache" / "curation.sqlite3").is_file()

    def no_parsing(*args, **kwargs):
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(loader, "parse_paper", no_parsing)
    again = CliRunner().invoke(cli, arguments)
    assert again.exit_code == 2 and again.output == first.output
    assert "broken.md:3" in again.output
