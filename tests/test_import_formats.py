"""The three dump formats: detection, splitting, attribution, and errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importers import formats
from generator.importers.formats import daily_papers, lab_listing
from generator.importers.abstract_text import derive_title, extract_links
from generator.importers.dumps import read_dumps
from generator.importers.records import DumpError
from generator.models import PartialDate

DUMPS = Path(__file__).parent / "fixtures" / "dumps"


@pytest.mark.parametrize("name, expected", [
    ("abstracts-a.txt", "abstract-lines"), ("listing.txt", "lab-listing"), ("daily.txt", "daily-papers")])
def test_detects_each_format(name: str, expected: str) -> None:
    lines = (DUMPS / name).read_text().split("\n")
    assert formats.detect(lines, name).NAME == expected


@pytest.mark.parametrize("header, title, authors, labs", [
    ("DiSparse: Disentangled Sparsification for Multitask Model CompressionXinglong Sun, Ali Hassani, "
     "Zhangyang Wang et al. · gatech, tencent-ai",
     "DiSparse: Disentangled Sparsification for Multitask Model Compression",
     ("Xinglong Sun", "Ali Hassani", "Zhangyang Wang"), ("gatech", "tencent-ai")),
    ("Decoupled Prioritized Resampling for Offline RLYang Yue, Bingyi Kang, Xiao Ma et al.",
     "Decoupled Prioritized Resampling for Offline RL", ("Yang Yue", "Bingyi Kang", "Xiao Ma"), ()),
    ("Train Once, Get a Family: State-Adaptive Balances for Offline-to-Online Reinforcement LearningShenzhi "
     "Wang, Qisen Yang, Jiawei Gao et al.",
     "Train Once, Get a Family: State-Adaptive Balances for Offline-to-Online Reinforcement Learning",
     ("Shenzhi Wang", "Qisen Yang", "Jiawei Gao"), ()),
    ("Understanding, Predicting and Better Resolving Q-Value Divergence in Offline-RLYang Yue, Rui Lu, "
     "Bingyi Kang et al.",
     "Understanding, Predicting and Better Resolving Q-Value Divergence in Offline-RL",
     ("Yang Yue", "Rui Lu", "Bingyi Kang"), ()),
    ("ViT$^3$: Unlocking Test-Time Training in VisionDongchen Han, Yining Li, Tianyu Li et al.",
     "ViT$^3$: Unlocking Test-Time Training in Vision", ("Dongchen Han", "Yining Li", "Tianyu Li"), ()),
    ("LLaVA-UHD: an LMM Perceiving Any Aspect Ratio and High-Resolution ImagesRuyi Xu, Yuan Yao, Zonghao Guo et al.",
     "LLaVA-UHD: an LMM Perceiving Any Aspect Ratio and High-Resolution Images",
     ("Ruyi Xu", "Yuan Yao", "Zonghao Guo"), ()),
    ("Provable General Function Class Representation Learning in Multitask Bandits and MDPsRui Lu, Andrew Zhao, "
     "Simon S. Du et al. · tsinghua",
     "Provable General Function Class Representation Learning in Multitask Bandits and MDPs",
     ("Rui Lu", "Andrew Zhao", "Simon S. Du"), ("tsinghua",)),
    ("Multi-Dimensional Refinement Graph Convolutional NetworkSheng-Lan Liu, Yu-Ning Ding",
     "Multi-Dimensional Refinement Graph Convolutional Network", ("Sheng-Lan Liu", "Yu-Ning Ding"), ()),
    ("Scaling Laws RevisitedMary McKenzie, John Smith", "Scaling Laws Revisited", ("Mary McKenzie", "John Smith"), ()),
])
def test_listing_header_split(header: str, title: str, authors: tuple, labs: tuple) -> None:
    got_title, got_authors, truncated, got_labs = lab_listing.split_header(header)
    assert (got_title, got_authors, got_labs) == (title, authors, labs)
    assert truncated == header.split(" · ")[0].endswith("et al.")


def test_listing_header_without_glue_is_an_error() -> None:
    with pytest.raises(lab_listing.HeaderError, match="cannot tell the title from the authors"):
        lab_listing.split_header("a title with no authors at all, and a comma et al.")


def test_date_line_belongs_to_the_paper_after_it() -> None:
    papers = {p.title.split(":")[0]: p for p in read_dumps([DUMPS / "listing.txt"])}
    assert papers["SiameseNorm"].published is None          # the paper before the date line
    assert papers["BEVFormer v2"].published == PartialDate(2022, 11, 18)
    assert papers["BEVFormer v2"].categories == ("cs.CV",)
    assert papers["BEVFormer v2"].labs == ("pku",)
    assert papers["Computation-efficient Deep Learning for Computer Vision"].published == PartialDate(2023, 8, 27)
    assert papers["Augmenting Unsupervised Reinforcement Learning with Self-Reference"].published == \
        PartialDate(2023, 11, 16)                                # a date line just before the last paper
    assert papers["Train Once, Get a Family"].published is None
    assert papers["DiSparse"].source == "listing.txt:1"


def test_daily_page_skips_furniture_and_pairs_by_position() -> None:
    papers = read_dumps([DUMPS / "daily.txt"])
    assert [p.title for p in papers] == [
        "Learning Performance-Improving Code Edits",
        "Statistical mechanics of continual learning: variational principle and mean-field potential",
        "EfficientTrain: Exploring Generalized Curriculum Learning for Training Visual Backbones"]
    assert papers[0].source == "daily.txt:11"
    assert papers[0].abstract.startswith("The waning of Moore's Law")


def test_daily_title_longer_than_its_abstract_is_still_the_title() -> None:
    title = "A deliberately long title that runs on and on about many things for the sake of the test"
    abstract = "Short abstract. It has two sentences."
    lines = ["new", "", "Subscribe", "", title, "", abstract, ""]
    papers = daily_papers.parse(lines, "d.txt", "d.txt")
    assert (papers[0].title, papers[0].abstract) == (title, abstract)


def test_daily_page_out_of_step_is_reported_with_line(tmp_path: Path) -> None:
    dump = tmp_path / "page.txt"
    # A real abstract: longer than any title can be (400 characters), so it cannot be a title.
    prose = "This is an abstract with quite a few words in it, and it ends with a stop. " * 7
    dump.write_text(f"new\n\nSubscribe\n\nA Title\n\n{prose}\n\n{prose}\n\nAnother title\n")
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert [str(p) for p in caught.value.problems] == [
        f"{dump}:9: expected a title here, found a paragraph: the page is out of step "
        "(a title or abstract missing above?)"]


def test_unknown_format_names_file_and_line(tmp_path: Path) -> None:
    dump = tmp_path / "notes.txt"
    dump.write_text("\n\nshopping list\neggs\n")
    with pytest.raises(DumpError) as caught:
        read_dumps([dump])
    assert str(caught.value.problems[0]).startswith(f"{dump}:3: unknown dump format")


def test_forced_format_reports_lines_that_do_not_fit(tmp_path: Path) -> None:
    dump = tmp_path / "mixed.txt"
    dump.write_text((DUMPS / "abstracts-a.txt").read_text() + "41.3CVNov 18, 2022\nAbstracts\n")
    with pytest.raises(DumpError) as caught:
        read_dumps([dump], "abstract-lines")
    assert [str(p) for p in caught.value.problems] == [
        f"{dump}:4: expected one abstract a line, found a lab-listing header or date line: '41.3CVNov 18, 2022'",
        f"{dump}:5: expected one abstract a line, found 1 word(s): 'Abstracts'"]


def test_problems_of_all_dumps_are_reported_together(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00abc")
    with pytest.raises(DumpError) as caught:
        read_dumps([empty, binary, tmp_path / "missing.txt"])
    assert [str(p) for p in caught.value.problems] == [
        f"{empty}:1: the dump is empty",
        f"{binary}:1: not UTF-8 text (byte 0xff); save the file as UTF-8",
        f"{tmp_path / 'missing.txt'}:1: no such dump file"]


def test_links_found_in_abstracts_are_typed_and_https() -> None:
    text = ("Code at https://github.com/a/b. Project page: //seohong.me/projects/hiql/ and "
            "http://example.org/x, again https://github.com/a/b.")
    assert extract_links(text) == {"code": "https://github.com/a/b",
                                   "project": "https://seohong.me/projects/hiql/",
                                   "project-2": "https://example.org/x"}


def test_derived_title_from_we_propose_clause() -> None:
    assert derive_title("Offline RL is hard. Based on this idea, we propose a hierarchical algorithm for "
                        "goal-conditioned RL from offline data. It works.") == \
        "Hierarchical algorithm for goal-conditioned RL from offline data"
    assert derive_title("Models are big. We present MaxK-GNN, an advanced high-performance GPU training system "
                        "integrating algorithm and system innovation.") == \
        "MaxK-GNN: advanced high-performance GPU training system integrating algorithm and system innovation"
    assert derive_title("Learning with limited data is a key challenge for visual recognition. Methods exist.") == \
        "Learning with limited data is a key challenge for visual recognition"


@pytest.mark.parametrize("abstract, title", [
    # a name with its expansion: the whole noun phrase, capitalised (issue 10's example)
    ("ViTs are slow. To this end, we propose a novel acceleration framework, namely token Pruning & Pooling "
     "Transformers (PPT), to tackle redundancy.", "PPT: Token Pruning & Pooling Transformers"),
    # a name glossed after it
    ("Answers need reasons. We propose a new task of VQA-E (VQA with Explanation), where models explain.",
     "VQA-E: VQA with Explanation"),
    # an abbreviation the noun phrase goes on past is a term, not the name
    ("We present a novel bird's-eye-view (BEV) detector with perspective supervision.",
     "Bird's-eye-view (BEV) detector with perspective supervision"),
    # a name the abstract used before its contribution clause is not what it introduces
    ("BERT is large. We propose a distillation method for BERT that keeps accuracy.",
     "Distillation method for BERT"),
    # "a framework for Y called X"
    ("Fluids are hard. We propose a differentiable two-stage network named NeuroFluid for particle dynamics.",
     "NeuroFluid: differentiable two-stage network"),
    # a study, then a claim, when nothing is proposed
    ("We study how batch size affects generalisation in stochastic gradient descent", 
     "How batch size affects generalisation in stochastic gradient descent"),
    ("Pretraining is common. We show that a plain ConvNet matches vision transformers at equal compute.",
     "Plain ConvNet matches vision transformers at equal compute"),
])
def test_derived_titles_name_what_the_abstract_contributes(abstract: str, title: str) -> None:
    assert derive_title(abstract) == title
