"""Every validation rule, each broken by a small content tree, with its exact message and line."""

from __future__ import annotations

import subprocess
import sys
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.curation.loader import load_content
from tests.conftest import paper_text

GOOD = "title: A good title\nadded: 2026-11-22"


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in load_content(content).problems]


def write_paper(content: Path, name: str, text: str | bytes) -> None:
    path = content / "papers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_valid_tree_has_no_errors(content: Path) -> None:
    result = load_content(content)
    assert result.errors == ()
    assert [p.id for p in result.digest.papers] == [
        "deep-incubation", "disparse", "hierarchical-goal-conditioned-rl", "mixture-of-surprises"]
    disparse = result.digest.paper("disparse")
    assert disparse.labs == ("gatech",)
    assert disparse.links["code"].startswith("https://github.com/SHI-Labs/")
    assert disparse.added.isoformat() == "2026-11-20"
    assert disparse.abstract.startswith("Despite the popularity of Model Compression")


def test_derived_title_is_a_warning_not_an_error(content: Path) -> None:
    result = load_content(content)
    assert [str(p) for p in result.warnings] == [
        "content/papers/hierarchical-goal-conditioned-rl.md:2: warning: title was derived "
        "from the abstract: check it, then remove 'title_derived'"]
    assert result.digest is not None


CASES = {
    "yaml-syntax": (paper_text('title: "unclosed\nadded: 2026-11-22'),
                    ["content/papers/x.md:3: YAML syntax error: found unexpected end of stream "
                     "(while scanning a quoted scalar that starts at line 2)"]),
    "missing-title": (paper_text("added: 2026-11-22\nauthors: [A B]"),
                      ["content/papers/x.md:2: missing required field 'title'"]),
    "missing-added": (paper_text("title: T"), ["content/papers/x.md:2: missing required field 'added'"]),
    "empty-title": (paper_text("title: ''\nadded: 2026-11-22"), ["content/papers/x.md:2: 'title' is empty"]),
    "empty-abstract": (paper_text(GOOD, ""),
                       ["content/papers/x.md:5: missing abstract: write it below the closing '---'"]),
    "wrong-type": (paper_text(GOOD + "\nauthors: Jane Doe"),
                   ["content/papers/x.md:4: 'authors' must be a list, not text"]),
    "wrong-bool": (paper_text(GOOD + "\nauthors_truncated: maybe"),
                   ["content/papers/x.md:4: 'authors_truncated' must be true or false, not text"]),
    "not-iso-date": (paper_text("title: T\nadded: 22/11/2026"),
                     ["content/papers/x.md:3: 'added' must be an ISO date YYYY-MM-DD, not '22/11/2026'"]),
    "impossible-date": (paper_text(GOOD + "\npublished: 2023-02-30"),
                        ["content/papers/x.md:4: 'published' is not a real date: '2023-02-30'"]),
    "unknown-field": (paper_text(GOOD + "\nautors: [A B]"),
                      ["content/papers/x.md:4: unknown field 'autors' — did you mean 'authors'?"]),
    "unknown-lab": (paper_text(GOOD + "\nlabs:\n  - gatech\n  - tsinghau"),
                    ["content/papers/x.md:6: unknown lab 'tsinghau' — did you mean 'tsinghua'? "
                     "(add it to content/labs.yaml)"]),
    "unknown-topic": (paper_text(GOOD + "\ntopics: [model-compresion]"),
                      ["content/papers/x.md:4: unknown topic 'model-compresion' — did you mean "
                       "'model-compression'? (add it to content/topics.yaml)"]),
    "unknown-inferred-lab": (paper_text(GOOD + "\nlabs_inferred: [mit]"),
                             ["content/papers/x.md:4: unknown lab 'mit' (add it to content/labs.yaml)"]),
    "link-scheme": (paper_text(GOOD + "\nlinks:\n  code: javascript:alert(1)"),
                    ["content/papers/x.md:5: 'links.code' must be an http:// or https:// URL (or empty: none "
                     "on purpose), not 'javascript:alert(1)'"]),
    "link-kind": (paper_text(GOOD + "\nlinks:\n  cod: https://example.org"),
                  ["content/papers/x.md:5: unknown link kind 'cod' — did you mean 'code'? "
                   "(kinds: paper, code, project, arxiv, pdf, doi, video, data, demo, blog)"]),
    "duplicate-key": (paper_text(GOOD + "\ntitle: Again"),
                      ["content/papers/x.md:4: duplicate key 'title' (first at line 2)"]),
    "no-front-matter": ("Just an abstract.\n",
                        ["content/papers/x.md:1: missing front matter: a paper file starts with a line "
                         "'---', then its fields, then '---' and the abstract"]),
    "unclosed-front-matter": ("---\ntitle: T\nadded: 2026-11-22\nAbstract.\n",
                              ["content/papers/x.md:1: front matter is not closed: add a line '---' "
                               "after the fields"]),
    "front-matter-list": (paper_text("- a\n- b"),
                          ["content/papers/x.md:2: front matter must be a mapping of fields "
                           "(title: ..., added: ...)"]),
    "not-utf8": (b"---\ntitle: T\nadded: 2026-11-22\n---\nCaf\xe9 au lait\n",
                 ["content/papers/x.md:5: not UTF-8 text (byte 0xe9); save the file as UTF-8"]),
    "control-char": (paper_text(GOOD, "Bell \x07 inside"),
                     ["content/papers/x.md:5: control character U+0007 in the text; remove it"]),
    "huge-file": (paper_text(GOOD, "word " * 220_000),
                  ["content/papers/x.md:1: file is too large (1.0 MB; a curation file is at most 512 KiB)"]),
    "long-abstract": (paper_text(GOOD, "word " * 4_000),
                      ["content/papers/x.md:5: abstract is too long (19,999 characters; at most 10,000)"]),
    "punctuation-author": (paper_text(GOOD + "\nauthors: [NVIDIA, ':', Aaron Blakeman]"),
                           ["content/papers/x.md:4: 'authors[2]' is not a name: ':' (a group the byline "
                            "opens with, such as 'NVIDIA:', goes in 'collaboration')"]),
    "too-many-authors": (paper_text(GOOD + "\nauthors: [" + ", ".join(f"A{i} B" for i in range(20_001)) + "]"),
                         ["content/papers/x.md:4: 'authors' has too many items (20,001; at most 20,000)"]),
    "long-title": (paper_text("title: " + "t" * 401 + "\nadded: 2026-11-22"),
                   ["content/papers/x.md:2: 'title' is too long (401 characters; at most 400)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule(content: Path, case: str) -> None:
    text, expected = CASES[case]
    write_paper(content, "x.md", text)
    derived = ("content/papers/hierarchical-goal-conditioned-rl.md:2: warning: title was derived "
               "from the abstract: check it, then remove 'title_derived'")
    assert problems_of(content) == sorted(expected + [derived])


def test_id_not_a_slug(content: Path) -> None:
    write_paper(content, "Bad_Name.md", paper_text(GOOD))
    assert "content/papers/Bad_Name.md:1: id 'Bad_Name' (the file name) is not a lowercase slug; " \
           "rename the file to 'bad-name.md'" in problems_of(content)


def test_ids_collide_across_folders(content: Path) -> None:
    write_paper(content, "2026/disparse.md", paper_text("title: Other\nadded: 2026-11-22", "Other text."))
    assert "content/papers/2026/disparse.md:1: id collides with content/papers/disparse.md: paper ids " \
           "(file names) must be unique, whatever the folder or letter case" in problems_of(content)


def test_same_abstract_and_same_title(content: Path) -> None:
    original = (content / "papers" / "disparse.md").read_text()
    write_paper(content, "zz-copy.md", original)
    found = problems_of(content)
    assert "content/papers/zz-copy.md:2: same title as content/papers/disparse.md: the same paper " \
           "twice? merge the two files" in found
    assert "content/papers/zz-copy.md:14: same abstract as content/papers/disparse.md: the same " \
           "paper twice? merge the two files" in found


def test_same_abstract_up_to_whitespace_and_unicode(content: Path) -> None:
    abstract = (content / "papers" / "deep-incubation.md").read_text().split("---\n")[2]
    twisted = "  " + abstract.replace(" ", "\u00a0 ", 3).upper()
    write_paper(content, "zz.md", paper_text("title: Different\nadded: 2026-11-22", twisted))
    assert "content/papers/zz.md:5: same abstract as content/papers/deep-incubation.md: the same " \
           "paper twice? merge the two files" in problems_of(content)


def test_registry_problems_named_with_line(content: Path) -> None:
    (content / "labs.yaml").write_text(
        "mit:\n  name: MIT\n  url: ftp://mit.edu\nBad Slug:\n  name: X\nempty:\n  url: https://e.org\n")
    found = problems_of(content)
    assert "content/labs.yaml:3: 'mit.url' must be an http:// or https:// URL, not 'ftp://mit.edu'" in found
    assert "content/labs.yaml:4: 'Bad Slug' is not a slug (lowercase letters, digits and single hyphens)" in found
    assert "content/labs.yaml:6: missing required field 'name'" in found


def test_broken_registry_does_not_cascade(content: Path) -> None:
    (content / "topics.yaml").write_text("model-compression:\n  name: [unclosed\n")
    found = problems_of(content)
    assert any(line.startswith("content/topics.yaml:3: YAML syntax error") for line in found)
    assert not any("unknown topic" in line for line in found)


def test_several_mistakes_all_reported_in_one_run(content: Path) -> None:
    write_paper(content, "a.md", paper_text("titel: T\nadded: 2026-11-22"))
    write_paper(content, "b.md", paper_text(GOOD + "\nlabs: [tsinghau]", "Another abstract."))
    write_paper(content, "c.md", paper_text("title: C\nadded: 2026/11/22", "Third."))
    result = CliRunner().invoke(cli, ["validate", "--content", str(content)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert "content/papers/a.md:2: unknown field 'titel' — did you mean 'title'?" in lines
    assert any(line.startswith("content/papers/b.md:4: unknown lab 'tsinghau'") for line in lines)
    assert "content/papers/c.md:3: 'added' must be an ISO date YYYY-MM-DD, not '2026/11/22'" in lines


def test_cli_exit_codes_and_no_writes(content: Path) -> None:
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    ok = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "4 paper file(s): 0 error(s), 1 warning(s)" in ok.stderr
    write_paper(content, "x.md", paper_text("title: T"))
    bad = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "content/papers/x.md:2: missing required field 'added'" in bad.stdout
    assert "5 paper file(s): 1 error(s), 1 warning(s)" in bad.stderr       # the same shape as a clean run
    after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file() and p.name != "x.md"}
    assert after == before


def test_missing_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--content", "nowhere"])
    assert result.exit_code == 2
    assert "nowhere:1: content folder not found" in result.output


def real_sized_names(count: int) -> list[str]:
    """Names as long as real ones: arXiv's 16,751 author names of twenty days average 12 characters."""
    return [f"Firstname{i % 97} Surname{i}"[: 12 + i % 9] for i in range(count)]


@pytest.mark.parametrize("count", [574, 3_000, 15_025])
def test_real_extremes_of_authorship_are_valid(content: Path, count: int) -> None:
    """Nemotron 3 Ultra (574 authors), ATLAS and CMS papers (about 3,000) and the record (15,025,
    COVIDSurg 2021) are real papers; none may be refused."""
    authors = ", ".join(f"'{name}'" for name in real_sized_names(count))
    write_paper(content, "big.md", paper_text(f"title: Big\nadded: 2026-11-22\ncollaboration: NVIDIA\n"
                                              f"authors: [{authors}]", "A long author list."))
    result = load_content(content)
    assert result.errors == ()
    paper = result.digest.paper("big")
    assert len(paper.authors) == count and paper.collaboration == "NVIDIA"


def test_skip_invalid_leaves_out_only_the_papers_with_errors(content: Path) -> None:
    write_paper(content, "x.md", paper_text(GOOD + "\nautors: [A B]"))
    write_paper(content, "zz-copy.md", (content / "papers" / "disparse.md").read_text())
    assert load_content(content).digest is None
    result = load_content(content, skip_invalid=True)
    assert result.skipped == ("content/papers/x.md", "content/papers/zz-copy.md")
    assert [p.id for p in result.digest.papers] == [
        "deep-incubation", "disparse", "hierarchical-goal-conditioned-rl", "mixture-of-surprises"]
    assert "content/papers/x.md:4: unknown field 'autors' — did you mean 'authors'?" in map(str, result.errors)


def test_skip_invalid_still_stops_on_a_broken_registry(content: Path) -> None:
    (content / "labs.yaml").write_text("gatech: [unclosed\n")
    result = load_content(content, skip_invalid=True)
    assert result.digest is None and result.skipped == ()


@pytest.mark.parametrize(("registry", "loss", "says"), [
    ("topics.yaml", "empty", "content/topics.yaml:1: is empty, but 1 paper file(s) name its entries "
                             "(first content/papers/disparse.md:9 names 'model-compression')"),
    ("labs.yaml", "missing", "content/labs.yaml:1: is missing, but 3 paper file(s) name its entries "
                             "(first content/papers/deep-incubation.md:5 names 'tsinghua')"),
])
def test_a_lost_registry_is_the_registrys_error_and_stops_even_a_lenient_load(content: Path, registry: str,
                                                                              loss: str, says: str) -> None:
    if loss == "empty":
        (content / registry).write_text("")
    else:
        (content / registry).unlink()
    result = load_content(content, skip_invalid=True)
    found = [str(p) for p in result.errors]
    assert result.digest is None and found[0].startswith(says)
    assert not any("unknown topic" in line or "unknown lab" in line for line in found)


def test_an_empty_registry_is_fine_while_no_paper_names_it(content: Path) -> None:
    for paper in (content / "papers").glob("*.md"):
        text = paper.read_text()
        paper.write_text("\n".join(line for line in text.split("\n") if not line.startswith(("labs:", "topics:"))))
    (content / "labs.yaml").write_text("")
    (content / "topics.yaml").unlink()
    assert load_content(content).errors == ()


def test_an_unknown_slug_names_the_registry_of_the_content_folder_in_use(tmp_path: Path, content: Path) -> None:
    other = tmp_path / "digest-b"
    content.rename(other)
    (other / "labs.yaml").write_text("tsinghua:\n  name: Tsinghua University\n")
    found = [str(p) for p in load_content(other).errors]
    assert "digest-b/papers/disparse.md:5: unknown lab 'gatech' (add it to digest-b/labs.yaml)" in found


def test_entries_named_like_papers_that_are_not_read_are_named(content: Path, tmp_path: Path) -> None:
    import os

    papers = content / "papers"
    (papers / "folder.md").mkdir()
    shutil.copy(papers / "disparse.md", papers / "shouting.MD")
    (papers / "moved.md").symlink_to(tmp_path / "no-such-file.md")
    (papers / "loop.md").symlink_to("loop.md")
    os.mkfifo(papers / "pipe.md")                          # reading it would block for ever
    result = load_content(content)
    assert result.digest is not None and result.errors == ()
    not_regular = "not read as a paper: not a regular file (a broken or looping link, a pipe or a device)"
    assert [str(p) for p in result.warnings if "title was derived" not in p.message] == [
        f"content/papers/loop.md:1: warning: {not_regular}",
        f"content/papers/moved.md:1: warning: {not_regular}",
        f"content/papers/pipe.md:1: warning: {not_regular}",
        "content/papers/shouting.MD:1: warning: not read as a paper: a paper file's name ends in .md (lower case)"]


def test_a_link_whose_scheme_is_in_capitals_is_valid_and_read_in_lower_case(content: Path) -> None:
    path = content / "papers" / "disparse.md"
    text = path.read_text()
    link = next(line for line in text.split("\n") if line.strip().startswith("code: https://"))
    path.write_text(text.replace(link, link.replace("https://", "HTTPS://")))
    result = load_content(content)
    assert result.errors == ()
    assert result.digest.paper("disparse").link("code") == link.split("code: ", 1)[1]


@pytest.mark.parametrize(("value", "says"), [
    ("1984", "'title' must be text, not a number (quote it to make it text: '1984')"),
    ("yes", "'title' must be text, not true/false (YAML reads yes, no, true and false so: quote the word to make "
            "it text)"),
])
def test_a_title_yaml_reads_as_a_number_or_a_truth_value_says_to_quote_it(content: Path, value: str,
                                                                          says: str) -> None:
    path = content / "papers" / "disparse.md"
    path.write_text(re.sub(r"^title: .*$", f"title: {value}", path.read_text(), count=1, flags=re.M))
    assert f"content/papers/disparse.md:2: {says}" in [str(p) for p in load_content(content).errors]


def test_a_yaml_tag_other_than_plain_data_is_named(content: Path) -> None:
    path = content / "papers" / "disparse.md"
    path.write_text(path.read_text().replace("added:", "note: !!python/object/apply:os.system ['touch x']\nadded:"))
    found = [str(p) for p in load_content(content).errors]
    assert any(line.startswith("content/papers/disparse.md:") and "the YAML tag !!python/object/apply:os.system "
               "is not supported" in line for line in found), found


def test_errors_only_and_github_annotations(content: Path) -> None:
    write_paper(content, "x.md", paper_text("title: Bench: a study\nadded: 2026-11-22"))
    plain = CliRunner().invoke(cli, ["validate", "--content", str(content), "--errors-only"])
    assert plain.exit_code == 2
    problems = [line for line in plain.output.splitlines() if line.startswith("content/")]
    assert problems == ["content/papers/x.md:2: YAML syntax error: mapping values are not allowed here — a value "
                        "with ': ' in it must be quoted: title: \"Name: what it does\""]     # no warning listed
    assert "5 paper file(s): 1 error(s), 1 warning(s)" in plain.output
    github = CliRunner().invoke(cli, ["validate", "--content", str(content), "--output-format", "github"])
    lines = github.output.splitlines()
    assert "::error file=content/papers/x.md,line=2::YAML syntax error: mapping values are not allowed here" \
        " — a value with ': ' in it must be quoted: title: \"Name: what it does\"" in lines
    assert "::warning file=content/papers/hierarchical-goal-conditioned-rl.md,line=2::title was derived from " \
        "the abstract: check it, then remove 'title_derived'" in lines


def test_an_empty_digest_is_valid_and_said_to_be_empty(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    (content / "topics.yaml").write_text("")
    (content / "labs.yaml").write_text("")
    result = CliRunner().invoke(cli, ["validate", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert f"note: {content}/papers/ holds no paper files yet" in result.stderr
    assert result.stderr.splitlines()[-1] == "0 paper file(s): 0 error(s), 0 warning(s)"
