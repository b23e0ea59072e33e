"""Collaboration papers: a byline that opens with a group, and author lists in the thousands.

`fixtures/imports/arxiv-collaborations.xml` holds two real entries of the arXiv API as it answered
(Ming-Flash-Omni, "Inclusion AI: Bowen Ma, ...", which arXiv splits into the authors 'Inclusion AI',
':' and 'Bowen Ma'; Kimi Linear, "Kimi Team, Yu Zhang, ..."). Longer author lists are generated in
the same shape: 'NVIDIA', ':' and 572 people, as the arXiv response for Nemotron 3 Ultra has them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_content
from generator.importers.formats import bibtex, lab_listing, ris
from generator.importers.dumps import read_dumps
from generator.names import split_byline
from tests.test_import import empty_content  # noqa: F401

IMPORTS = Path(__file__).parent / "fixtures" / "imports"
REAL = IMPORTS / "arxiv-collaborations.xml"


@pytest.mark.parametrize("names, group, people", [
    (["NVIDIA", ":", "Aaron Blakeman", "Abhinav Khattar"], "NVIDIA", ("Aaron Blakeman", "Abhinav Khattar")),
    (["NVIDIA:", "Aaron Blakeman"], "NVIDIA", ("Aaron Blakeman",)),
    (["The ATLAS Collaboration: G. Aad", "B. Abbott"], "The ATLAS Collaboration", ("G. Aad", "B. Abbott")),
    (["The ATLAS", "CMS Collaborations", ":", "G. Aad"], "The ATLAS, CMS Collaborations", ("G. Aad",)),
    (["DeepSeek-AI", "Aixin Liu"], "DeepSeek-AI", ("Aixin Liu",)),
    (["Kimi Team", "Yu Zhang"], "Kimi Team", ("Yu Zhang",)),
    (["ATLAS Collaboration"], "ATLAS Collaboration", ()),
    # people stay people: a mononym, a name that merely contains "ai", a lone comma dropped
    (["Manasa", "Wei Ai", "Tai Lin"], None, ("Manasa", "Wei Ai", "Tai Lin")),
    (["Jane Doe", ",", "John Roe", "-"], None, ("Jane Doe", "John Roe")),
])
def test_byline_group_and_people(names: list[str], group: str | None, people: tuple[str, ...]) -> None:
    assert split_byline(names) == (group, people)


def test_real_arxiv_bylines_give_a_group_and_never_an_author_named_colon() -> None:
    papers = {p.arxiv: p for p in read_dumps([REAL])}
    ming, kimi = papers["2510.24821"], papers["2510.26692"]
    assert ming.collaboration == "Inclusion AI"
    assert ming.authors[:2] == ("Bowen Ma", "Cheng Zou") and len(ming.authors) == 56
    assert kimi.collaboration == "Kimi Team" and kimi.authors[0] == "Yu Zhang" and len(kimi.authors) == 59
    assert not [a for p in papers.values() for a in p.authors if not re.search(r"\w", a)]


def test_bibtex_and_ris_bylines(tmp_path: Path) -> None:
    bib = ("@misc{nvidia2026,\n  title = {Nemotron 3 Ultra},\n"
           "  author = {NVIDIA and : and Blakeman, Aaron and Khattar, Abhinav},\n  abstract = {A model.}\n}\n"
           "@article{atlas2012,\n  title = {Observation of a new particle},\n"
           "  author = {{ATLAS Collaboration} and Aad, Georges},\n  abstract = {A particle.}\n}\n")
    nvidia, atlas = bibtex.parse(bib.split("\n"), "x.bib", "x.bib")
    assert (nvidia.collaboration, nvidia.authors) == ("NVIDIA", ("Aaron Blakeman", "Abhinav Khattar"))
    assert (atlas.collaboration, atlas.authors) == ("ATLAS Collaboration", ("Georges Aad",))
    record = "TY  - JOUR\nAU  - DeepSeek-AI\nAU  - Liu, Aixin\nTI  - DeepSeek-V3\nAB  - A model.\nER  - \n"
    [deepseek] = ris.parse(record.split("\n"), "x.ris", "x.ris")
    assert (deepseek.collaboration, deepseek.authors) == ("DeepSeek-AI", ("Aixin Liu",))


@pytest.mark.parametrize("header, title, group, people", [
    ("Nemotron 3 Ultra: Open Efficient ModelsNVIDIA: Aaron Blakeman, Abhinav Khattar et al.",
     "Nemotron 3 Ultra: Open Efficient Models", "NVIDIA", ("Aaron Blakeman", "Abhinav Khattar")),
    ("DeepSeek-V3 Technical ReportDeepSeek-AI, Aixin Liu, Bing Xue et al.",
     "DeepSeek-V3 Technical Report", "DeepSeek-AI", ("Aixin Liu", "Bing Xue")),
    ("Higgs Boson Mass at 7 and 8 TeVThe ATLAS Collaboration: Georges Aad, Brad Abbott et al.",
     "Higgs Boson Mass at 7 and 8 TeV", "The ATLAS Collaboration", ("Georges Aad", "Brad Abbott")),
    ("Vaccination before SurgeryCOVIDSurg Collaborative · covidsurg",
     "Vaccination before Surgery", "COVIDSurg Collaborative", ()),
])
def test_listing_header_with_a_group(header: str, title: str, group: str, people: tuple[str, ...],
                                     tmp_path: Path) -> None:
    dump = tmp_path / "listing.txt"
    dump.write_text(f"{header}\nAn abstract about the work.\n")
    [paper] = lab_listing.parse(dump.read_text().split("\n"), dump.name, str(dump))
    assert (paper.title, paper.collaboration, paper.authors) == (title, group, people)


def people(count: int) -> list[str]:
    """Distinct names about as long as arXiv's (12 characters on average)."""
    first = ["Aaron", "Bárbara", "Chen", "Dmitri", "Eun-ji", "Farid", "Grace", "Hiro", "Ines", "Jun"]
    return [f"{first[i % 10]} {chr(65 + i // 10 % 26)}{'abcdefghij'[i // 260 % 10]}son{i}" for i in range(count)]


def atom_entry(arxiv: str, title: str, names: list[str], summary: str = "We release open models.") -> str:
    authors = "".join(f"\n    <author>\n      <name>{name}</name>\n    </author>" for name in names)
    return (f"  <entry>\n    <id>http://arxiv.org/abs/{arxiv}v1</id>\n"
            f"    <published>2026-06-15T17:59:59Z</published>\n    <title>{title}</title>\n"
            f"    <summary>  {summary}\n</summary>{authors}\n"
            '    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" '
            'scheme="http://arxiv.org/schemas/atom"/>\n  </entry>\n')


def atom_feed(*entries: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            "  <title>ArXiv Query</title>\n  <id>http://arxiv.org/api/day</id>\n" + "".join(entries) + "</feed>\n")


def nemotron_day() -> str:
    """The day of the issue: the real collaboration entries, Nemotron 3 Ultra's 574 byline entries
    ('NVIDIA', ':' and 572 people) and an ATLAS-sized paper of 3,000 people."""
    real = REAL.read_text().split("\n", 5)[5].rsplit("</feed>", 1)[0]
    return atom_feed(
        real,
        atom_entry("2606.15007", "Nemotron 3 Ultra: Open, Efficient Mixture-of-Experts Models",
                   ["NVIDIA", ":", *people(572)]),
        atom_entry("2606.15008", "Observation of a Rare Decay with the Full Run 3 Dataset",
                   ["The ATLAS Collaboration", *people(3_000)], "We observe a rare decay."))


def test_the_day_with_nemotron_imports_and_validates(empty_content: Path, tmp_path: Path) -> None:
    dump = tmp_path / "arxiv-day.xml"
    dump.write_text(nemotron_day())
    result = CliRunner().invoke(cli, ["import", "--content", str(empty_content), "--added", "2026-06-16", str(dump)])
    assert result.exit_code == 0, result.output
    loaded = load_content(empty_content)
    assert loaded.errors == ()
    papers = {p.links["arxiv"].rsplit("/", 1)[1]: p for p in loaded.digest.papers}
    nemotron = papers["2606.15007"]
    assert nemotron.collaboration == "NVIDIA" and len(nemotron.authors) == 572
    assert nemotron.authors[0] == "Aaron Aason0"
    assert (empty_content / "papers" / "nemotron-3-ultra.md").read_text().startswith(
        "---\ntitle: 'Nemotron 3 Ultra: Open, Efficient Mixture-of-Experts Models'\ncollaboration: NVIDIA\n"
        "authors: [Aaron Aason0, ")
    atlas = papers["2606.15008"]
    assert atlas.collaboration == "The ATLAS Collaboration" and len(atlas.authors) == 3_000
    assert papers["2510.24821"].collaboration == "Inclusion AI"
    validated = CliRunner().invoke(cli, ["validate", "--content", str(empty_content)])
    assert validated.exit_code == 0, validated.output
