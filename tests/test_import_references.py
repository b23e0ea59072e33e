"""New dumps in the seed formats and reference exports (BibTeX, RIS, arXiv Atom), from fixtures
written for this: shapes the seeds never had, identity across sources, and broken exports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.commands.importing import IMPORT_FORMATS
from generator.curation.loader import display_path, load_content
from generator.importers import formats
from generator.importers.dumps import read_dumps
from generator.importers.records import DumpError
from generator.models import PartialDate
from tests.test_import import empty_content, front_and_body, run_import, snapshot  # noqa: F401

IMPORTS = Path(__file__).parent / "fixtures" / "imports"


def papers_of(content: Path) -> dict:
    loaded = load_content(content)
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    return {p.id: p for p in loaded.digest.papers}


@pytest.mark.parametrize("name, expected", [
    ("lines.txt", "abstract-lines"), ("daily.txt", "daily-papers"), ("listing.txt", "lab-listing"),
    ("references.bib", "bibtex"), ("records.ris", "ris"), ("arxiv.xml", "arxiv-atom")])
def test_each_new_dump_is_detected_by_its_content(name: str, expected: str, tmp_path: Path) -> None:
    lines = (IMPORTS / name).read_text().split("\n")
    assert formats.detect(lines, name).NAME == expected
    renamed = tmp_path / "dump.txt"                      # the content decides, not the extension
    assert formats.detect(lines, str(renamed)).NAME == expected


def test_cli_offers_every_format() -> None:
    assert set(IMPORT_FORMATS) == {"auto", *formats.FORMATS}


def test_abstracts_without_a_full_stop_one_sentence_or_opening_with_a_year_import() -> None:
    papers = read_dumps([IMPORTS / "lines.txt"])
    assert len(papers) == 4
    assert papers[0].abstract.endswith("co-adapting too much")          # no final full stop
    assert papers[1].abstract.startswith("2019 saw the release")
    assert papers[2].abstract.startswith("Yann LeCun's convolutional networks")


def test_daily_page_with_question_titles_and_a_second_date_line() -> None:
    papers = read_dumps([IMPORTS / "daily.txt"])
    assert [(p.title, p.source) for p in papers] == [
        ("Do Vision Transformers See Like Convolutional Neural Networks?", "daily.txt:9"),
        ("Scaling, Sparsity, and Speed: Mixture-of-Experts Routing Revisited", "daily.txt:13"),
        ("AlphaFold: a solution to a 50-year-old grand challenge in biology", "daily.txt:19")]
    assert papers[1].abstract == ("We revisit token routing in mixture-of-experts layers and show that a simple "
                                  "balanced assignment trains as fast as learned routers")


def test_listing_with_question_mark_title_accents_camel_surname_and_year_opening() -> None:
    first, second = read_dumps([IMPORTS / "listing.txt"])
    assert first.title == "Self-Normalizing Neural Networks: Do We Still Need Batch Norm?"
    assert first.authors == ("Günter Klambauer", "Thomas Unterthiner", "Andreas Mayr")
    assert (first.authors_truncated, first.labs, first.published) == (True, ("jku",), PartialDate(2017, 6, 12))
    assert first.categories == ("cs.LG",)
    assert second.title == "Energy-Based Models, Revisited: A Tutorial"
    assert second.authors == ("Yann LeCun", "Sumit Chopra", "Raia Hadsell")
    assert second.abstract.startswith("2006 marked a turn")


def test_bibtex_decodes_latex_turns_names_and_reads_identifiers() -> None:
    mp2, attention = read_dumps([IMPORTS / "references-fixed.bib"])
    assert mp2.title == "MP2: Mixing Pre-training Pairs for Müller-Style Augmentation"
    assert mp2.authors == ("Jörg Müller", "Ana García") and mp2.authors_truncated
    assert mp2.published == PartialDate(2021, 7)                         # year and month, no day
    assert mp2.doi == "10.5555/mp2.2021"
    assert "$\\mathrm{Beta}(\\alpha, \\alpha)$" in mp2.abstract and "2% on average" in mp2.abstract
    assert (attention.arxiv, attention.categories) == ("1706.03762", ("cs.CL",))
    assert attention.published == PartialDate(2017)
    assert attention.source == "references-fixed.bib:15"


def test_malformed_bibtex_entry_is_reported_with_its_line_and_nothing_is_written(empty_content: Path) -> None:
    before = snapshot(empty_content)
    result = run_import(empty_content, str(IMPORTS / "references.bib"), str(IMPORTS / "lines.txt"))
    assert result.exit_code == 2
    assert f"{IMPORTS / 'references.bib'}:14: malformed BibTeX entry '@article{{broken2020,'" in result.output
    assert snapshot(empty_content) == before


def test_ris_records_with_several_tag_spellings() -> None:
    resnet, adam = read_dumps([IMPORTS / "records.ris"])
    assert resnet.title == "Deep Residual Learning for Image Recognition"
    assert resnet.authors == ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")
    assert (resnet.published, resnet.doi) == (PartialDate(2016, 6, 27), "10.1109/cvpr.2016.90")
    assert resnet.links == (("pdf", "https://openaccess.thecvf.com/content_cvpr_2016/papers/"
                                    "He_Deep_Residual_Learning_CVPR_2016_paper.pdf"),)
    assert (adam.title, adam.authors, adam.arxiv) == ("Adam: A Method for Stochastic Optimization",
                                                      ("Diederik P. Kingma", "Jimmy Ba"), "1412.6980")
    assert adam.abstract.startswith("We introduce Adam") and adam.published == PartialDate(2015)
    assert (resnet.source, adam.source) == ("records.ris:1", "records.ris:13")


def test_ris_record_without_its_end_is_reported(tmp_path: Path) -> None:
    dump = tmp_path / "cut.ris"
    dump.write_text("TY  - JOUR\nTI  - A title\nAB  - An abstract\n")
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert [str(p) for p in caught.value.problems] == [f"{dump}:1: RIS record has no 'ER  - ' end"]


def test_arxiv_response_joins_titles_and_drops_versions() -> None:
    attention, gpt3 = read_dumps([IMPORTS / "arxiv.xml"])
    assert attention.title == "Attention Is All You Need"
    assert attention.arxiv == "1706.03762" and attention.published == PartialDate(2017, 6, 12)
    assert attention.categories == ("cs.CL", "cs.LG")    # the primary category, then the cross-lists
    assert attention.abstract.startswith("The dominant sequence transduction models are based on complex "
                                         "recurrent or convolutional neural networks in an encoder-decoder")
    assert attention.authors[-1] == "Jakob Uszkoreit"
    assert (gpt3.arxiv, gpt3.doi) == ("2005.14165", "10.48550/arxiv.2005.14165")
    assert gpt3.source == "arxiv.xml:39"


@pytest.mark.parametrize("cut_before", ["<name>Jakob Uszkoreit", "task-agnostic, few-shot"])
def test_an_arxiv_response_cut_off_is_refused_whole(tmp_path: Path, cut_before: str) -> None:
    """Cut in an author list or in the second entry's abstract: nothing imported, the line named."""
    text = (IMPORTS / "arxiv.xml").read_text()
    assert cut_before in text
    dump = tmp_path / "cut.xml"
    dump.write_text(text[:text.index(cut_before)])
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    [problem] = caught.value.problems
    assert problem.path == str(dump) and problem.line == text[:text.index(cut_before)].count("\n") + 1
    assert "not a readable Atom document" in problem.message


BOLTS = """@article{a1,
  title = {Bolts Tightened Faster},
  author = {Bolt, Usain and Nut, Wing},
  abstract = {We propose a bolt method that tightens bolts faster.},
  year = {2020}
}
"""
WASHERS = BOLTS.replace("Bolts Tightened Faster", "Washers That Reduce Friction").replace(
    "Bolt, Usain and Nut, Wing", "Washer, Flat").replace("a bolt method that tightens bolts faster", "a washer")


def test_a_bibtex_key_used_twice_imports_both_papers_whole(tmp_path: Path) -> None:
    dump = tmp_path / "twice.bib"
    dump.write_text(BOLTS + WASHERS)
    bolts, washers = read_dumps([dump])
    assert bolts.authors == ("Usain Bolt", "Wing Nut") and washers.authors == ("Flat Washer",)
    assert (bolts.source, washers.source) == ("twice.bib:1", "twice.bib:7")


def test_a_bibtex_field_without_its_comma_is_refused_naming_the_entry(tmp_path: Path) -> None:
    dump = tmp_path / "comma.bib"
    dump.write_text(WASHERS + BOLTS.replace("Faster},", "Faster}"))
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert [str(p) for p in caught.value.problems] == [
        f"{dump}:8: @article{{a1}}: field 'title' runs into 'author = ...' on its next line: is a comma "
        "missing after it?"]
    # the line of the run-on, even when the title's text also opens the entry's key
    dump.write_text(WASHERS + BOLTS.replace("{a1,", "{Bolts,").replace("{Bolts Tightened Faster},", "{Bolts}"))
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert [p.line for p in caught.value.problems] == [8]
    # after an author list, which bibtexparser splits into names: the abstract would be lost in it
    dump.write_text(WASHERS + BOLTS.replace("Nut, Wing},", "Nut, Wing}"))
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert [str(p) for p in caught.value.problems] == [
        f"{dump}:9: @article{{a1}}: field 'author' runs into 'abstract = ...' on its next line: is a comma "
        "missing after it?"]


def test_keep_going_imports_the_entries_that_read_and_names_the_broken_one(empty_content: Path) -> None:
    """One broken entry in an export: by default nothing is written and the message offers
    --keep-going; with it the good entry is written, the broken one named, exit 2; the mended
    dump imported again adds only what was left out."""
    dump = empty_content.parent / "export.bib"
    dump.write_text(WASHERS + BOLTS.replace("Faster},", "Faster}"))
    before = snapshot(empty_content)
    refused = run_import(empty_content, str(dump))
    assert refused.exit_code == 2 and snapshot(empty_content) == before
    assert "nothing imported; mend the entries above, or import the others with --keep-going" in refused.output
    dry = run_import(empty_content, str(dump), extra=("--keep-going", "--dry-run"))
    assert dry.exit_code == 2 and snapshot(empty_content) == before
    assert "new: content/papers/washers-that-reduce-friction.md" in dry.output
    kept = run_import(empty_content, str(dump), extra=("--keep-going",))
    assert kept.exit_code == 2, kept.output
    assert f"{display_path(dump)}:8: @article{{a1}}: field 'title' runs into 'author = ...'" in kept.output
    assert "1 problem(s) in the dumps, above: those entries were not imported, the others were" in kept.output
    assert sorted(papers_of(empty_content)) == ["washers-that-reduce-friction"]
    dump.write_text(WASHERS + BOLTS)
    mended = run_import(empty_content, str(dump))
    assert mended.exit_code == 0, mended.output
    assert sorted(papers_of(empty_content)) == ["bolts-tightened-faster", "washers-that-reduce-friction"]
    assert papers_of(empty_content)["washers-that-reduce-friction"].sources == ("export.bib:1",)


def test_a_bare_percent_in_a_bibtex_field_is_text_not_a_comment(tmp_path: Path) -> None:
    """BibTeX reads % inside a field as itself; read as a LaTeX comment it cut the abstract there."""
    dump = tmp_path / "percent.bib"
    dump.write_text(BOLTS.replace("tightens bolts faster.", "tightens bolts 86% faster; a 5\\% margin remains."))
    [bolts] = read_dumps([dump])
    assert bolts.abstract == "We propose a bolt method that tightens bolts 86% faster; a 5% margin remains."


def test_a_dump_read_in_a_format_it_is_not_in_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DumpError) as caught:
        read_dumps([IMPORTS / "records.ris", tmp_path], format_name="bibtex")
    assert [str(p) for p in caught.value.problems] == [
        f"{display_path(IMPORTS / 'records.ris')}:1: no papers found in it as bibtex (BibTeX (.bib): @article{{key, title = "
        "{...}, ...} entries); is it in another format?",
        f"{display_path(tmp_path)}:1: a folder, not a dump file"]


def test_everything_imports_and_one_paper_in_bibtex_and_atom_is_one_file(empty_content: Path) -> None:
    dumps = [str(IMPORTS / n) for n in ("lines.txt", "daily.txt", "listing.txt", "references-fixed.bib",
                                        "records.ris", "arxiv.xml")]
    result = run_import(empty_content, *dumps)
    assert result.exit_code == 0, result.output
    papers = papers_of(empty_content)
    assert len(papers) == 4 + 3 + 2 + 2 + 2 + 2 - 1              # "Attention Is All You Need" twice
    attention = papers["attention-all-you-need"]
    assert attention.sources == ("references-fixed.bib:15", "arxiv.xml:10")
    assert attention.links == {"arxiv": "https://arxiv.org/abs/1706.03762"}
    assert attention.published == PartialDate(2017, 6, 12)            # the more precise source wins
    assert len(attention.authors) == 4
    mp2 = papers["mp2"]
    assert mp2.published.isoformat() == "2021-07"                     # stored without an invented day
    assert "published: 2021-07\n" in (empty_content / "papers" / "mp2.md").read_text()
    again = run_import(empty_content, *dumps)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert snapshot(empty_content) == snapshot(empty_content)
    before = snapshot(empty_content)
    run_import(empty_content, *dumps)
    assert snapshot(empty_content) == before                          # re-import changes nothing


def test_reference_without_abstract_fills_a_known_paper_and_is_otherwise_skipped(
        empty_content: Path, tmp_path: Path) -> None:
    run_import(empty_content, str(IMPORTS / "arxiv.xml"))
    scholar = tmp_path / "scholar.bib"
    scholar.write_text("@article{vaswani2017,\n  title={Attention is all you need},\n"
                       "  author={Vaswani, Ashish and Shazeer, Noam},\n  journal={arXiv preprint arXiv:1706.03762},\n"
                       "  doi={10.5555/3295222.3295349},\n  year={2017}\n}\n\n"
                       "@book{unknown,\n  title={A Book Nobody Imported},\n  year={1999}\n}\n")
    result = run_import(empty_content, str(scholar))
    assert result.exit_code == 0, result.output
    assert "scholar.bib:9: warning: 'A Book Nobody Imported' has no abstract and matches no paper" in result.output
    attention = papers_of(empty_content)["attention-all-you-need"]
    assert attention.links["doi"] == "https://doi.org/10.5555/3295222.3295349"   # filled in
    assert attention.sources[-1] == "scholar.bib:1"
    assert len(papers_of(empty_content)) == 2


def test_unknown_format_lists_every_format(tmp_path: Path) -> None:
    dump = tmp_path / "data.json"
    dump.write_text('\n{"id": 1, "title": "x"}\n')
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    message = str(caught.value.problems[0])
    assert message.startswith(f"{dump}:2: unknown dump format")
    assert all(name in message for name in formats.FORMATS)


REFERENCE_LINES = st.one_of(
    st.sampled_from((IMPORTS / "references.bib").read_text().split("\n")),
    st.sampled_from((IMPORTS / "records.ris").read_text().split("\n")),
    st.sampled_from((IMPORTS / "arxiv.xml").read_text().split("\n")),
    st.sampled_from(["@misc{k,", "}", "TY  - JOUR", "ER  - ", "<entry>", "</entry>", "and others", "@string{x = {y}}"]),
    st.text(max_size=60),
)


@settings(max_examples=int(os.environ.get("DIGEST_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(REFERENCE_LINES, max_size=16), st.sampled_from([".bib", ".ris", ".xml", ".txt"]))
def test_any_reference_text_imports_or_is_refused_never_corrupting_content(
        empty_content: Path, lines: list[str], suffix: str) -> None:
    shutil.rmtree(empty_content / "papers")
    (empty_content / "papers").mkdir()
    run_import(empty_content, str(IMPORTS / "references-fixed.bib"))
    before = snapshot(empty_content)
    dump = empty_content.parent / f"fuzz{suffix}"
    dump.write_bytes("\n".join(lines).encode("utf-8", "replace"))
    result = run_import(empty_content, str(dump))
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    after = snapshot(empty_content)
    assert set(before) <= set(after)
    if result.exit_code == 2:
        assert after == before
    assert load_content(empty_content).errors == ()
    for name, old in before.items():
        if name.startswith("papers/"):
            old_front, old_body = front_and_body(old)
            new_front, new_body = front_and_body(after[name])
            assert new_body == old_body
            assert all(new_front.get(k) == v for k, v in old_front.items() if k not in ("sources", "links"))
