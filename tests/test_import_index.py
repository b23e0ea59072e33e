"""How an import finds the paper a record already is: by arXiv id, by DOI, by a near-identical
title (through the title index, not a scan), and never by a title that is merely similar."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.curation.loader import load_content
from generator.importers.merge import merge
from generator.importers.records import RawPaper
from generator.importers.title_index import TitleIndex, same_title
from tests.test_import import empty_content, run_import  # noqa: F401

ABSTRACT = ("We study how residual connections let very deep networks train, and show on image "
            "benchmarks that depth then helps rather than hurts.")
OTHER_ABSTRACT = ("Deeper networks are harder to optimise; a residual reformulation of the layers "
                  "makes them easy to train and more accurate with depth.")


def ris(path: Path, *records: dict[str, str]) -> str:
    """A RIS dump of `records` (tag -> value), written to `path`; returns the path as text."""
    lines = []
    for record in records:
        lines += ["TY  - JOUR", *(f"{tag}  - {value}" for tag, value in record.items()), "ER  - ", ""]
    path.write_text("\n".join(lines))
    return str(path)


def papers(content: Path) -> list:
    loaded = load_content(content)
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    return list(loaded.digest.papers)


def test_matched_by_title_only(empty_content: Path, tmp_path: Path) -> None:
    first = ris(tmp_path / "a.ris", {"TI": "Residual Learning for Very Deep Image Networks", "AB": ABSTRACT})
    # no identifiers, another abstract: only the title (case, punctuation, one letter) says it is the same
    second = ris(tmp_path / "b.ris", {"TI": "Residual learning for very deep image-networks.",
                                       "AU": "He, Kaiming", "AB": OTHER_ABSTRACT})
    assert run_import(empty_content, first).exit_code == 0
    result = run_import(empty_content, second)
    assert result.exit_code == 0, result.output
    [paper] = papers(empty_content)
    assert paper.sources == ("a.ris:1", "b.ris:1")
    assert paper.authors == ("Kaiming He",)                     # filled in from the second record


@pytest.mark.parametrize("first_id, second_id", [
    ({"UR": "https://arxiv.org/abs/1512.03385v1"}, {"UR": "http://arxiv.org/pdf/1512.03385"}),     # arXiv id only
    ({"DO": "10.1109/CVPR.2016.90"}, {"UR": "https://doi.org/10.1109/cvpr.2016.90"}),              # DOI only
], ids=["arxiv-id", "doi"])
def test_matched_by_identifier_only(empty_content: Path, tmp_path: Path, first_id: dict, second_id: dict) -> None:
    first = ris(tmp_path / "a.ris", {"TI": "Residual Learning for Very Deep Image Networks", "AB": ABSTRACT,
                                      **first_id})
    second = ris(tmp_path / "b.ris", {"TI": "Deep residual networks, revisited for a journal", "AB": OTHER_ABSTRACT,
                                       **second_id})
    run_import(empty_content, first)
    result = run_import(empty_content, second)
    assert result.exit_code == 0, result.output
    [paper] = papers(empty_content)                              # one paper, not a second file
    # another title under the same identifier: the file is kept as it is and the curator decides
    assert paper.title == "Residual Learning for Very Deep Image Networks"
    assert ("warning: conflict: 'title' here is 'Residual Learning for Very Deep Image Networks', the dump "
            "says 'Deep residual networks, revisited for a journal'") in result.output


@pytest.mark.parametrize("title, sequel", [
    ("Scaling Laws for Neural Language Models, Part I", "Scaling Laws for Neural Language Models, Part II"),
    ("Language Models are Few-Shot Learners: GPT-3 Evaluated", "Language Models are Few-Shot Learners: GPT-4 Evaluated"),
    ("A Survey of Large Language Models for Code Generation (2023)",
     "A Survey of Large Language Models for Code Generation (2024)"),
])
def test_near_but_different_titles_do_not_merge(empty_content: Path, tmp_path: Path, title: str,
                                                sequel: str) -> None:
    # difflib's rule alone (ratio >= 0.95) made each pair one paper
    first = ris(tmp_path / "a.ris", {"TI": title, "AB": ABSTRACT})
    second = ris(tmp_path / "b.ris", {"TI": sequel, "AB": OTHER_ABSTRACT})
    run_import(empty_content, first)
    assert run_import(empty_content, second).exit_code == 0
    assert sorted(p.title for p in papers(empty_content)) == sorted([title, sequel])


def test_near_but_different_titles_in_one_dump_stay_two_papers(tmp_path: Path) -> None:
    raws = [RawPaper("d.txt:1", ABSTRACT, "Deep Reinforcement Learning for Robotics: Part I"),
            RawPaper("d.txt:3", OTHER_ABSTRACT, "Deep Reinforcement Learning for Robotics: Part II"),
            RawPaper("d.txt:5", "A third abstract.", "Deep reinforcement learning for robotics - part I")]
    assert [[r.source for r in m.raws] for m in merge(raws)] == [["d.txt:1", "d.txt:5"], ["d.txt:3"]]


@pytest.mark.parametrize("a, b, same", [
    ("Colour Normalisation for Deep Networks", "Color Normalization for Deep Networks", True),
    ("Self-Supervised Pre-Training of Vision Transformers", "Self supervised pretraining of vision transformers", True),
    ("Attention Is All You Need", "Attention is all you need.", True),
    ("Learning to Rank", "Learning to Rant", False),
    ("Diffusion Models for Video", "Diffusion Models for Audio", False),
    ("Vision Transformers, Part I", "Vision Transformers, Part II", False),
    ("Llama 2: Open Foundation Models", "Llama 3: Open Foundation Models", False),
])
def test_same_title_rule(a: str, b: str, same: bool) -> None:
    assert same_title(a, b) is same
    assert same_title(b, a) is same


def test_title_index_finds_the_first_title_added_among_many() -> None:
    index: TitleIndex[str] = TitleIndex()
    for number in range(2000):
        index.add(f"Learning {number} Representations of Graphs with Message Passing", f"filler-{number}")
    index.add("Colour Normalisation for Deep Networks", "colour")
    index.add("Color normalization for deep networks!", "color")
    assert index.find("Color Normalization for Deep Networks") == "colour"
    assert index.find("Learning 1234 representations of graphs with message-passing") == "filler-1234"
    assert index.find("Learning 12345 Representations of Graphs with Message Passing") is None
    assert index.find("Something Else Entirely") is None
    assert index.find(None) is None
