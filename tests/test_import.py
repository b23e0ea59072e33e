"""`digest import` end to end on small dumps: merge, idempotence, curator edits, labs, errors."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.curation.loader import load_content

DUMPS = Path(__file__).parent / "fixtures" / "dumps"
ALL_DUMPS = [str(DUMPS / n) for n in ("abstracts-a.txt", "abstracts-b.txt", "listing.txt", "daily.txt")]
LABS = """# yaml-language-server: $schema=../generator/curation/schemas/labs.schema.json
# a curator's comment that must survive
tsinghua:
  name: Tsinghua University
  url: https://www.tsinghua.edu.cn/en/
"""


@pytest.fixture
def empty_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    (content / "labs.yaml").write_text(LABS)
    (content / "topics.yaml").write_text("")
    monkeypatch.chdir(tmp_path)
    return content


def run_import(content: Path, *dumps: str, extra: tuple[str, ...] = ()) -> "click.testing.Result":
    return CliRunner().invoke(cli, ["import", "--content", str(content), "--added", "2026-11-22",
                                    *extra, *dumps])


def count(output: str, row: str) -> int:
    """A count from the summary table."""
    match = re.search(rf"│ {row}\s+│\s+(\d+) │", output)
    assert match, output
    return int(match.group(1))


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def test_import_all_formats_gives_valid_content_with_every_paper_once(empty_content: Path) -> None:
    result = run_import(empty_content, *ALL_DUMPS)
    assert result.exit_code == 0, result.output
    loaded = load_content(empty_content)
    assert loaded.errors == ()
    papers = loaded.digest.papers
    # 3 + 2 abstract lines (one shared) + 12 listing + 3 daily (EfficientTrain shared) = 18
    assert len(papers) == 18
    assert len({p.abstract for p in papers}) == 18
    assert sum(p.title_derived for p in papers) == 4


def test_same_paper_in_two_formats_becomes_one_file_combining_both(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    paper = load_content(empty_content).digest.paper("efficienttrain")
    assert paper.title.startswith("EfficientTrain: Exploring Generalized Curriculum Learning")
    assert paper.authors == ("Yulin Wang", "Yang Yue", "Rui Lu")
    assert paper.labs == ("tsinghua",)
    assert paper.sources == ("listing.txt:8", "daily.txt:20")
    assert paper.links == {"code": "https://github.com/LeapLabTHU/EfficientTrain"}


def test_same_abstract_in_two_dumps_lists_both_sources(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    shared = [p for p in load_content(empty_content).digest.papers if len(p.sources) == 2
              and p.sources[0].startswith("abstracts-a")]
    assert [p.sources for p in shared] == [("abstracts-a.txt:2", "abstracts-b.txt:1")]
    assert shared[0].title_derived and shared[0].title == "VMT-Adapter: Once-for-all Vision Multi-Task Adapter"


def test_second_import_changes_nothing(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    before = snapshot(empty_content)
    result = run_import(empty_content, *ALL_DUMPS)
    assert result.exit_code == 0
    assert snapshot(empty_content) == before
    assert count(result.output, "unchanged") == 18


def test_curator_edits_survive_reimport_and_are_reported(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    path = empty_content / "papers" / "disparse.md"
    edited = path.read_text().replace(
        "title: 'DiSparse: Disentangled Sparsification for Multitask Model Compression'",
        "title: 'DiSparse: multitask pruning'  # shortened by a curator").replace(
        "labs: [gatech, tencent-ai]", "labs: [gatech]").replace(
        "code: https://github.com/SHI-Labs/DiSparse-Multitask-Model-Compression",
        "code: https://github.com/a-curator/fork")
    path.write_text(edited)
    result = run_import(empty_content, *ALL_DUMPS)
    assert path.read_text() == edited
    code_line = edited.split("\n").index("  code: https://github.com/a-curator/fork") + 1
    assert (f"content/papers/disparse.md:{code_line}: warning: conflict: 'links.code' here is "
            "'https://github.com/a-curator/fork'") in result.output
    assert ("content/papers/disparse.md:2: warning: conflict: 'title' here is 'DiSparse: multitask pruning', "
            "the dump says 'DiSparse: Disentangled Sparsification for Multitask Model Compression' "
            "(kept the file's value)") in result.output
    assert ("content/papers/disparse.md:5: warning: conflict: 'labs' differs from the dump: only in the dump "
            "'tencent-ai' (kept the file's value)") in result.output


def test_a_link_kind_left_empty_stays_empty_on_reimport(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    path = empty_content / "papers" / "disparse.md"
    edited = path.read_text().replace("code: https://github.com/SHI-Labs/DiSparse-Multitask-Model-Compression",
                                      "code:")
    assert edited != path.read_text()
    path.write_text(edited)
    result = run_import(empty_content, *ALL_DUMPS)
    assert result.exit_code == 0 and "links.code" not in result.output
    assert path.read_text() == edited
    assert load_content(empty_content).digest.paper("disparse").link("code") is None


def test_removed_field_is_filled_in_but_present_fields_are_kept(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    path = empty_content / "papers" / "bevformer-v2.md"
    text = path.read_text()
    path.write_text(text.replace("published: 2022-11-18\n", "").replace("labs: [pku]", "labs: []  # not PKU"))
    run_import(empty_content, *ALL_DUMPS)
    after = path.read_text()
    assert "published: 2022-11-18\n" in after
    assert "labs: []  # not PKU" in after


def test_real_title_from_a_later_dump_replaces_a_derived_one(empty_content: Path, tmp_path: Path) -> None:
    abstract = (DUMPS / "listing.txt").read_text().split("\n")[1]
    dump = tmp_path / "one.txt"
    dump.write_text(abstract + "\n")
    run_import(empty_content, str(dump))
    [derived] = list((empty_content / "papers").glob("*.md"))
    assert "title_derived: true" in derived.read_text()
    run_import(empty_content, str(DUMPS / "listing.txt"))
    text = derived.read_text()
    assert "title: 'DiSparse: Disentangled Sparsification for Multitask Model Compression'" in text
    assert "title_derived" not in text
    assert "sources: [one.txt:1, listing.txt:1]" in text
    assert len(list((empty_content / "papers").glob("*.md"))) == 12   # merged, not a second file


def test_new_labs_are_appended_to_the_registry_keeping_curator_text(empty_content: Path) -> None:
    result = run_import(empty_content, *ALL_DUMPS)
    labs = (empty_content / "labs.yaml").read_text()
    assert labs.startswith(LABS)
    assert "gatech:\n  name: Gatech  # added by digest import: check the name, add a url\n" in labs
    assert "pku:\n" in labs and "tencent-ai:\n" in labs
    assert labs.count("tsinghua:") == 1
    assert "new labs in labs.yaml, to complete: gatech, pku, tencent-ai" in result.output


def test_new_labs_join_a_flow_style_registry_as_valid_yaml(empty_content: Path) -> None:
    (empty_content / "labs.yaml").write_text("{tsinghua: {name: Tsinghua University, url: 'https://www.tsinghua.edu.cn/en/'}}\n")
    result = run_import(empty_content, *ALL_DUMPS)
    assert result.exit_code == 0, result.output
    registry = yaml.safe_load((empty_content / "labs.yaml").read_text())
    assert registry["tsinghua"] == {"name": "Tsinghua University", "url": "https://www.tsinghua.edu.cn/en/"}
    assert registry["gatech"] == {"name": "Gatech"} and {"pku", "tencent-ai"} <= set(registry)
    assert load_content(empty_content).errors == ()


def test_a_paper_whose_abstract_a_curator_corrected_is_found_again_not_written_twice(empty_content: Path,
                                                                                     tmp_path: Path) -> None:
    lines = (Path(__file__).parent / "fixtures" / "imports" / "lines.txt").read_text()
    (tmp_path / "one.txt").write_text(lines)
    run_import(empty_content, str(tmp_path / "one.txt"))
    path = next((empty_content / "papers").glob("dropout-*.md"))
    edited = path.read_text().replace("addressing overfitting in large", "addressing over-fitting in big")
    assert edited.count("over-fitting in big") == 2                # the abstract, and the title derived from it
    path.write_text(edited)
    (tmp_path / "two.txt").write_text(lines)                       # the same lines under another name
    result = run_import(empty_content, str(tmp_path / "two.txt"))
    assert result.exit_code == 0 and count(result.output, "new") == 0
    assert len(list((empty_content / "papers").glob("*.md"))) == 4
    assert path.read_text() == edited.replace("sources: [one.txt:1]", "sources: [one.txt:1, two.txt:1]")


def test_a_near_identical_abstract_under_another_given_title_is_another_paper(empty_content: Path,
                                                                             tmp_path: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    listing = (DUMPS / "listing.txt").read_text().split("\n")
    header, abstract = listing[0], listing[1]
    twin = header.replace("DiSparse: Disentangled Sparsification for Multitask Model Compression",
                          "A Second Look at Multitask Pruning")
    (tmp_path / "twin.txt").write_text(f"{twin}\n{abstract.replace('simple, effective', 'simple and effective')}\n")
    before = len(list((empty_content / "papers").glob("*.md")))
    result = run_import(empty_content, str(tmp_path / "twin.txt"))
    assert result.exit_code == 0 and count(result.output, "new") == 1
    assert len(list((empty_content / "papers").glob("*.md"))) == before + 1


def test_dry_run_writes_nothing(empty_content: Path) -> None:
    before = snapshot(empty_content)
    result = run_import(empty_content, *ALL_DUMPS, extra=("--dry-run",))
    assert result.exit_code == 0
    assert "dry run" in result.output and count(result.output, "new") == 18
    named = [line for line in result.output.splitlines() if line.startswith("new: content/papers/")]
    assert len(named) == 18 and all("  (from " in line for line in named)      # each file it would write
    assert snapshot(empty_content) == before


def test_a_bad_dump_stops_the_whole_import(empty_content: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("new\n\nSubscribe\n\nOnly a title\n")
    before = snapshot(empty_content)
    result = run_import(empty_content, *ALL_DUMPS, str(bad))
    assert result.exit_code == 2
    assert "bad.txt:5: the title 'Only a title' has no abstract after it" in result.output
    assert "nothing imported" in result.output
    assert snapshot(empty_content) == before


def test_import_refuses_content_with_errors(empty_content: Path) -> None:
    (empty_content / "papers" / "broken.md").write_text("---\ntitle: [\n---\nx\n")
    for extra in ((), ("--dry-run",)):
        result = run_import(empty_content, *ALL_DUMPS, extra=extra)
        assert result.exit_code == 2
        assert "content/papers/broken.md:2: YAML syntax error" in result.output
        # ... and it says that this file is why nothing was imported.
        assert f"nothing imported{' (dry run)' if extra else ''}: content/ has 1 error(s) above" in result.output
        assert "fix them first (`digest validate` lists them)" in result.output


def test_labs_suggest_proposes_from_coauthors_and_writes_only_on_request(empty_content: Path) -> None:
    run_import(empty_content, *ALL_DUMPS)
    before = snapshot(empty_content)
    shown = CliRunner().invoke(cli, ["labs", "suggest", "--content", str(empty_content)])
    assert shown.exit_code == 0
    assert "siamesenorm" not in shown.output        # Tianyu Li and co. appear with no lab anywhere here
    assert "train-once-get-family-state" not in shown.output
    assert snapshot(empty_content) == before
    # Shenzhi Wang has no lab in these dumps; give one paper a lab and the other gets it inferred
    path = empty_content / "papers" / "train-once-get-family-state.md"
    path.write_text(path.read_text().replace("authors_truncated: true\n", "authors_truncated: true\nlabs: [tsinghua]\n"))
    other = empty_content / "papers" / "decoupled-prioritized-resampling-offline-rl.md"
    other.write_text(other.read_text().replace("[Yang Yue,", "[Shenzhi Wang,"))
    written = CliRunner().invoke(cli, ["labs", "suggest", "--write", "--content", str(empty_content)])
    assert "decoupled-prioritized-resampling-offline-rl" in written.output
    assert "Shenzhi Wang (tsinghua, via train-once-get-family-state)" in written.output
    assert "labs_inferred: [tsinghua]\n" in other.read_text()
    paper = load_content(empty_content).digest.paper("decoupled-prioritized-resampling-offline-rl")
    assert paper.labs == () and paper.labs_inferred == ("tsinghua",)


@pytest.mark.parametrize("decided", ["labs_inferred: []", "labs: []"])
def test_labs_suggest_leaves_a_paper_whose_curator_named_no_labs(empty_content: Path, decided: str) -> None:
    run_import(empty_content, *ALL_DUMPS)
    path = empty_content / "papers" / "train-once-get-family-state.md"
    path.write_text(path.read_text().replace("authors_truncated: true\n", "authors_truncated: true\nlabs: [tsinghua]\n"))
    other = empty_content / "papers" / "decoupled-prioritized-resampling-offline-rl.md"
    other.write_text(other.read_text().replace("[Yang Yue,", "[Shenzhi Wang,").replace("added:", f"{decided}\nadded:"))
    before = other.read_bytes()
    written = CliRunner().invoke(cli, ["labs", "suggest", "--write", "--content", str(empty_content)])
    assert written.exit_code == 0, written.output
    assert "decoupled-prioritized-resampling-offline-rl" not in written.output
    assert other.read_bytes() == before


LINES = st.one_of(
    st.sampled_from(["", "new", "Subscribe", "Mar 11", "41.3CVNov 18, 2022", "et al.",
                     "A Title GluedJohn Smith, Jane Doe et al. · tsinghua", " · ", "---", "title: x"]),
    st.sampled_from((DUMPS / "listing.txt").read_text().split("\n")),
    st.text(max_size=80),
)


@settings(max_examples=int(os.environ.get("DIGEST_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, max_size=12))
def test_any_text_imports_or_is_refused_never_corrupting_content(empty_content: Path, lines: list[str]) -> None:
    shutil.rmtree(empty_content / "papers")
    (empty_content / "papers").mkdir()
    (empty_content / "labs.yaml").write_text(LABS)
    run_import(empty_content, str(DUMPS / "listing.txt"))
    before = snapshot(empty_content)
    dump = empty_content.parent / "fuzz.txt"
    dump.write_bytes("\n".join(lines).encode("utf-8", "replace"))
    result = run_import(empty_content, str(dump))
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    after = snapshot(empty_content)
    assert set(before) <= set(after)                     # nothing deleted
    if result.exit_code == 2:
        assert after == before                           # refused: nothing written
    loaded = load_content(empty_content)
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    for name, old in before.items():                     # what a file had, it keeps
        if not name.startswith("papers/"):
            continue
        old_front, old_body = front_and_body(old)
        new_front, new_body = front_and_body(after[name])
        assert new_body == old_body, name
        for key, value in old_front.items():
            if key == "sources":
                assert new_front[key][: len(value)] == value, name
            elif not (key in ("title", "title_derived") and old_front.get("title_derived")):
                assert new_front.get(key) == value, (name, key)


def front_and_body(data: bytes) -> tuple[dict, bytes]:
    _, front, body = data.split(b"---\n", 2)
    return yaml.safe_load(front), body


def test_a_header_line_is_never_taken_for_an_abstract(empty_content: Path, tmp_path: Path) -> None:
    """Found by the property test: a header repeated where its abstract should be."""
    header = (DUMPS / "listing.txt").read_text().split("\n")[0]
    dump = tmp_path / "twice.txt"
    dump.write_text(f"41.3CVNov 18, 2022\n{header}\n{header}\n")
    result = run_import(empty_content, str(dump))
    assert result.exit_code == 2
    assert "twice.txt:3: expected the abstract of 'DiSparse: Disentangled Sparsification for Multitask " \
           "Model Compression' (line 2), found a header or date line: 'DiSparse: Disentangled Sparsification for " \
           "Multitask Model Co'" \
           in result.output


def test_dump_pairing_a_known_abstract_with_another_title_fills_nothing(empty_content: Path, tmp_path: Path) -> None:
    """Found by the property test: a header of one paper over the abstract of another."""
    run_import(empty_content, str(DUMPS / "listing.txt"))
    listing = (DUMPS / "listing.txt").read_text().split("\n")
    siamese = empty_content / "papers" / "siamesenorm.md"
    before = siamese.read_bytes()
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(listing[0] + "\n" + listing[3] + "\n")       # DiSparse header, SiameseNorm abstract
    result = run_import(empty_content, str(mixed))
    assert siamese.read_bytes() == before
    assert "content/papers/siamesenorm.md:2: warning: conflict: 'title' here is 'SiameseNorm: Breaking the " \
           "Barrier to Reconciling Pre/Post-Norm', the dump says 'DiSparse: Disentangled Sparsification for " \
           "Multitask Model Compression' (kept the file's value)" in result.output
