"""`digest topics pin`: a curator's topics written into a paper file, everything else kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_digest

FIXTURE = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def pin(content: Path, *args: str):
    return CliRunner().invoke(cli, ["topics", "pin", "--content", str(content), *args])


def front_and_body(path: Path) -> tuple[list[str], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return front.splitlines(), body


def test_pinning_writes_the_topics_in_order_and_keeps_the_rest(content: Path) -> None:
    path = content / "papers" / "deep-incubation.md"
    before_front, before_body = front_and_body(path)
    result = pin(content, "deep-incubation", "reinforcement-learning", "model-compression")
    assert result.exit_code == 0, result.output
    front, body = front_and_body(path)
    assert body == before_body                                        # the abstract byte for byte
    assert "topics: [reinforcement-learning, model-compression]" in front
    assert [line for line in front if not line.startswith("topics:")] == before_front
    # In its documented place: after added and links, before tags and sources.
    assert front.index("topics: [reinforcement-learning, model-compression]") == front.index("added: 2026-11-21") + 1
    paper = next(p for p in load_digest(content).papers if p.id == "deep-incubation")
    assert paper.topics == ("reinforcement-learning", "model-compression")


def test_pinning_again_replaces_the_pins_and_clear_removes_them(content: Path) -> None:
    path = content / "papers" / "disparse.md"
    before_front, before_body = front_and_body(path)
    assert "topics: [model-compression]" in before_front
    again = pin(content, "disparse", "reinforcement-learning")
    assert again.exit_code == 0 and "topics reinforcement-learning (were: model-compression)" in again.output
    front, _ = front_and_body(path)
    assert front == [("topics: [reinforcement-learning]" if line.startswith("topics:") else line)
                     for line in before_front]
    cleared = pin(content, "disparse", "--clear")
    assert cleared.exit_code == 0, cleared.output
    front, body = front_and_body(path)
    assert front == [line for line in before_front if not line.startswith("topics:")] and body == before_body
    assert next(p for p in load_digest(content).papers if p.id == "disparse").topics == ()


@pytest.mark.parametrize("args, message", [
    (("disparse", "model-compresion"), "topics.yaml: no topic 'model-compresion' — did you mean 'model-compression'?"),
    (("disparse", "model-compression", "model-compression"), "each topic once: model-compression given twice"),
    (("dissparse", "model-compression"), "no paper 'dissparse' — did you mean 'disparse'?"),
    (("disparse",), "give the topics to pin, or --clear"),
    (("disparse", "model-compression", "--clear"), "--clear takes no topics"),
])
def test_a_bad_pin_changes_nothing_and_says_why(content: Path, args: tuple[str, ...], message: str) -> None:
    files = {p: p.read_bytes() for p in (content / "papers").iterdir()}
    result = pin(content, *args)
    assert result.exit_code == 2 and message in result.output
    assert {p: p.read_bytes() for p in (content / "papers").iterdir()} == files


def test_a_broken_paper_file_is_named_and_left_alone(content: Path) -> None:
    path = content / "papers" / "disparse.md"
    broken = path.read_text(encoding="utf-8").replace("labs: [gatech]", "labs: [gatech")
    path.write_text(broken, encoding="utf-8")
    result = pin(content, "disparse", "reinforcement-learning")
    assert result.exit_code == 2 and "disparse.md:" in result.output
    assert path.read_text(encoding="utf-8") == broken


def test_topics_may_be_separated_by_commas_and_the_paper_named_by_its_path(content: Path) -> None:
    path = content / "papers" / "deep-incubation.md"
    result = pin(content, str(path), "reinforcement-learning,model-compression")
    assert result.exit_code == 0, result.output
    assert "topics: [reinforcement-learning, model-compression]" in front_and_body(path)[0]


def test_an_unchanged_pin_writes_nothing_and_says_so(content: Path) -> None:
    files = {p: p.read_bytes() for p in (content / "papers").iterdir()}
    unpinned = pin(content, "deep-incubation", "--clear")
    assert unpinned.exit_code == 0 and "deep-incubation: has no pins; nothing changed" in unpinned.output
    same = pin(content, "disparse", "model-compression")
    assert same.exit_code == 0 and "disparse: already pinned to model-compression; nothing changed" in same.output
    assert {p: p.read_bytes() for p in (content / "papers").iterdir()} == files


@pytest.mark.parametrize("style", ["crlf and bom", "flush block list", "indented block list", "list indented by 4"])
def test_pinning_adds_one_line_in_the_files_own_style(content: Path, style: str) -> None:
    path = content / "papers" / "deep-incubation.md"
    text = path.read_text(encoding="utf-8")
    authors = next(line for line in text.split("\n") if line.startswith("authors: ["))
    names = authors[len("authors: ["):-1].split(", ")
    if style == "flush block list":
        text = text.replace(authors, "authors:\n" + "\n".join(f"- {n}  # listed by hand" for n in names))
    elif style == "indented block list":
        text = text.replace(authors, "authors:\n" + "\n".join(f"  - {n}" for n in names))
    elif style == "list indented by 4":
        text = text.replace(authors, "authors:\n" + "\n".join(f"    - {n}" for n in names))
    else:
        text = "\ufeff" + text.replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    assert pin(content, "deep-incubation", "model-compression").exit_code == 0
    newline = "\r\n" if style == "crlf and bom" else "\n"
    before, after = text.split(newline), path.read_bytes().decode("utf-8").split(newline)
    added = [line for line in after if line not in before]
    assert added == ["topics: [model-compression]"] and [line for line in after if line in before] == before


def test_pinning_a_linked_paper_edits_the_file_it_links_to_and_keeps_its_mode(content: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "deep-incubation.md"
    elsewhere.parent.mkdir()
    (content / "papers" / "deep-incubation.md").rename(elsewhere)
    elsewhere.chmod(0o664)
    (content / "papers" / "deep-incubation.md").symlink_to(elsewhere)
    assert pin(content, "deep-incubation", "model-compression").exit_code == 0
    assert (content / "papers" / "deep-incubation.md").is_symlink()
    assert "topics: [model-compression]" in elsewhere.read_text()
    assert elsewhere.stat().st_mode & 0o777 == 0o664
