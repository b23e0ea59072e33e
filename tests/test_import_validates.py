"""One rule set: `digest import` never writes a file that `digest validate` refuses.

Whatever the rules refuse, import refuses before writing anything, naming the dump file and line;
what it writes passes validate. Shown on every fixture dump and on generated arXiv responses.
"""

from __future__ import annotations

import os
import shutil
from itertools import chain
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from tests.test_import import LABS, empty_content, run_import, snapshot  # noqa: F401
from tests.test_import_collaborations import atom_entry, atom_feed, people

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FIXTURE_DUMPS = sorted(chain((FIXTURES / "dumps").iterdir(), (FIXTURES / "imports").iterdir()))


def validate(content: Path) -> "click.testing.Result":
    return CliRunner().invoke(cli, ["validate", "--content", str(content)])


def assert_written_or_refused(content: Path, before: dict[str, bytes], result, dump_names: set[str]) -> None:
    """Either the import succeeded and validate passes, or it failed naming a dump and wrote nothing."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 0:
        checked = validate(content)
        assert checked.exit_code == 0, checked.output
    else:
        assert result.exit_code == 2, result.output
        assert snapshot(content) == before
        errors = [line for line in result.output.splitlines() if ": " in line and "warning:" not in line]
        assert errors and all(line.split(":")[0] in dump_names for line in errors), result.output


@pytest.mark.parametrize("dump", ALL_FIXTURE_DUMPS, ids=lambda p: p.name)
def test_every_fixture_dump_imports_into_valid_content_or_is_refused(empty_content: Path, dump: Path) -> None:
    before = snapshot(empty_content)
    result = run_import(empty_content, str(dump))
    assert_written_or_refused(empty_content, before, result, {dump.name, str(dump)})


def test_all_good_fixture_dumps_together_import_into_valid_content(empty_content: Path) -> None:
    good = [str(d) for d in ALL_FIXTURE_DUMPS if d.name != "references.bib"]   # that one has a broken entry
    result = run_import(empty_content, *good)
    assert result.exit_code == 0, result.output
    assert validate(empty_content).exit_code == 0


def test_an_abstract_validate_refuses_is_refused_by_import_naming_the_dump_line(
        empty_content: Path, tmp_path: Path) -> None:
    dump = tmp_path / "long.xml"
    dump.write_text(atom_feed(atom_entry("2606.00001", "Fine", ["Jane Doe"]),
                              atom_entry("2606.00002", "Too Long", ["Jane Doe"], "word " * 2_500)))
    before = snapshot(empty_content)
    result = run_import(empty_content, str(dump))
    assert result.exit_code == 2
    assert ("long.xml:16: not imported: content/papers/too-long.md:11 would be refused by digest validate: "
            "abstract is too long (12,499 characters; at most 10,000)") in result.output
    assert "nothing imported" in result.output
    assert snapshot(empty_content) == before


def test_more_authors_than_the_schema_admits_is_refused_before_writing(empty_content: Path, tmp_path: Path) -> None:
    dump = tmp_path / "huge.xml"
    dump.write_text(atom_feed(atom_entry("2606.00003", "Everyone", people(20_001))))
    result = run_import(empty_content, str(dump))
    assert result.exit_code == 2
    assert ("huge.xml:5: not imported: content/papers/everyone.md:3 would be refused by digest validate: "
            "'authors' has too many items (20,001; at most 20,000)") in result.output
    assert list((empty_content / "papers").iterdir()) == []


def test_a_name_longer_than_a_name_can_be_is_refused_naming_the_bibtex_line(empty_content: Path,
                                                                            tmp_path: Path) -> None:
    dump = tmp_path / "refs.bib"
    dump.write_text("@article{a,\n  title = {Fine},\n  abstract = {Fine.}\n}\n\n"
                    "@article{b,\n  title = {Named},\n  author = {" + "Verylongname " * 20 + "Doe},\n"
                    "  abstract = {Named.}\n}\n")
    result = run_import(empty_content, str(dump))
    assert result.exit_code == 2
    assert "refs.bib:6: not imported: content/papers/named.md:3 would be refused by digest validate: " \
           "'authors[1]' is too long (263 characters; at most 200)" in result.output


def test_an_update_that_would_make_a_file_invalid_is_refused(empty_content: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.xml"
    first.write_text(atom_feed(atom_entry("2606.00004", "Growing", ["Jane Doe"])))
    assert run_import(empty_content, str(first)).exit_code == 0
    path = empty_content / "papers" / "growing.md"
    path.write_text(path.read_text().replace("authors: [Jane Doe]\n", ""))     # the curator drops the authors
    before = snapshot(empty_content)
    again = tmp_path / "again.xml"
    again.write_text(atom_feed(atom_entry("2606.00004", "Growing", people(20_001))))
    result = run_import(empty_content, str(again))
    assert result.exit_code == 2
    assert "again.xml:5: not imported: content/papers/growing.md:3 would be refused" in result.output
    assert snapshot(empty_content) == before


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
_NAMES = st.one_of(st.sampled_from(["NVIDIA", ":", ",", "NVIDIA:", "The ATLAS Collaboration", "Kimi Team",
                                    "DeepSeek-AI", "Jane Doe", "Bárbara Moreira", "-", "x" * 201]), _TEXT)
_ENTRIES = st.tuples(
    st.one_of(_TEXT, st.text(min_size=395, max_size=410, alphabet="ab ")),               # titles
    st.one_of(_TEXT, st.just("word " * 2_100)),                                          # abstracts
    st.lists(_NAMES, max_size=8))                                                        # bylines


@settings(max_examples=int(os.environ.get("DIGEST_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_ENTRIES, min_size=1, max_size=3))
def test_generated_arxiv_responses_import_valid_files_or_nothing(empty_content: Path, entries: list) -> None:
    shutil.rmtree(empty_content / "papers")
    (empty_content / "papers").mkdir()
    (empty_content / "labs.yaml").write_text(LABS)
    run_import(empty_content, str(FIXTURES / "dumps" / "listing.txt"))
    before = snapshot(empty_content)
    dump = empty_content.parent / "day.xml"
    dump.write_text(atom_feed(*(atom_entry(f"2606.{i:05d}", escape(title), [escape(n) for n in names], escape(summary))
                                for i, (title, summary, names) in enumerate(entries))))
    result = run_import(empty_content, str(dump))
    assert_written_or_refused(empty_content, before, result, {"day.xml"})
