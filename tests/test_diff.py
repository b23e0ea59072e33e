"""`digest diff BASE` on a real Git repository: a base commit of the fixture digest, then a change
that adds a paper (its title derived), edits one, removes one and breaks one; the report in the
terminal and as Markdown for a pull request's summary (generator/publish/change_report.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.publish.change_report import LOW_CONFIDENCE, PaperChange, edited_fields
from generator.cli import cli
from generator.render.escape import md_text
from tests.site_helpers import ROOT, make_project

NEW_PAPER = """---
title: "Sparse mixtures of experts route long documents"
title_derived: true
authors: [Ada Lovelace, Xinglong Sun]
added: 2026-11-23
---
We propose a sparse mixture of experts that routes long documents to retrieval experts, cutting cost.
"""


NEW_TOPIC = """mixture-of-experts:
  name: Mixture-of-experts models
  description: Sparse mixtures of experts that route tokens or documents to a few expert networks.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.fake_embedder import HashingEmbedder
    import generator.enrich.pipeline as pipeline

    monkeypatch.setattr(pipeline, "make_embedder", lambda settings: HashingEmbedder())
    root = make_project(tmp_path / "digest")
    git = lambda *args: subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)  # noqa: E731
    git("init", "-q", "-b", "main")
    git("-c", "user.name=Curator", "-c", "user.email=c@example.org", "add", "-A")
    git("-c", "user.name=Curator", "-c", "user.email=c@example.org", "commit", "-q", "-m", "base")
    papers = root / "content" / "papers"
    (papers / "sparse-experts.md").write_text(NEW_PAPER)                                 # added
    edited = papers / "deep-incubation.md"
    edited.write_text(edited.read_text().replace("\n---\n", "\n---\nA corrected first sentence. ", 1))   # changed
    (papers / "mixture-of-surprises.md").unlink()                                        # removed
    broken = papers / "hierarchical-goal-conditioned-rl.md"
    broken.write_text(broken.read_text().replace("added:", "added: [", 1))               # broken: left out
    topics = root / "content" / "topics.yaml"                                            # the taxonomy grows
    topics.write_text(topics.read_text() + NEW_TOPIC)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    # --jobs 1: in this process, where the fake embedder is patched in (the two-process path is
    # checked against it with the real model in test_two_processes_report_what_one_does)
    return CliRunner().invoke(cli, ["diff", *args, "--cache", ".cache/c.sqlite3", "--topic-models", "none",
                                    "--jobs", "1"])


def as_the_classifier_says(paper_id: str) -> tuple[str, str]:
    """The topics and labs text the report must give a paper: from the working tree's analysis,
    as `digest topics show` and the lab pages have it."""
    from generator.enrich.cache import EnrichmentCache
    from generator.enrich.pipeline import EnrichSettings
    from generator.pipeline import analyse

    analysis = analyse(Path("content"), EnrichmentCache(Path(".cache/c.sqlite3")), settings=EnrichSettings(topic_models=()))
    assignment = analysis.grouping.assignments[paper_id]
    names = [analysis.digest.topics[s].name for s in assignment.slugs]
    topics = (f"{names[0]} ({assignment.confidence:.0%} sure)" + "".join(f", {n}" for n in names[1:])
              if names else "Unsorted (no topic fits)")
    given = list(analysis.digest.paper(paper_id).labs)
    inferred = [f"{s} (inferred)" for s, g in sorted(analysis.grouping.labs.items()) if paper_id in g.inferred]
    return topics, ", ".join(given + inferred) or "none"


def test_the_report_says_what_the_change_does(repo: Path) -> None:
    result = run("main")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Compared with main: 1 paper(s) added, 1 changed, 2 removed.")
    added = out[out.index("Added: sparse-experts"):]
    assert added.startswith("Added: sparse-experts: Sparse mixtures of experts route long documents (title derived)\n")
    topics, labs = as_the_classifier_says("sparse-experts")
    assert added.splitlines()[1].startswith(f"  topics: {topics}")
    assert added.splitlines()[2] == f"  labs: {labs}"
    assert added.splitlines()[3] == ("  highlight: We propose a sparse mixture of experts that routes long documents "
                                     "to retrieval experts, cutting cost.")
    assert "Changed: deep-incubation: " in out
    changed = out[out.index("Changed: deep-incubation: "):].splitlines()
    assert changed[1] == "  edited: abstract"
    assert "topics.yaml: added mixture-of-experts\n" in out and "labs.yaml" not in out
    assert ("Topics described only, not yet taught by pins or exemplars: mixture-of-experts, model-compression, "
            "reinforcement-learning;") in out                          # one pin, no exemplars: none is taught
    moved = re.findall(r"^  ([a-z0-9-]+): (.+) -> (.+)$", out, re.MULTILINE)
    if moved:                    # papers the new topic took, though their files are as they were
        assert f"First topic moved, file not edited: {len(moved)} paper(s)" in out
        assert not {pid for pid, _, _ in moved} & {"sparse-experts", "deep-incubation"}
        assert all(not after.startswith(before) for _, before, after in moved)
    assert "Removed: mixture-of-surprises: A Mixture of Surprises for Unsupervised Reinforcement Learning" in out
    assert "Removed: hierarchical-goal-conditioned-rl" in out                    # broken, so left out ...
    assert "content/papers/hierarchical-goal-conditioned-rl.md" in result.stderr  # ... and named as such
    assert "Derived titles to check (set `title:` and remove `title_derived`): sparse-experts" in out
    pages = next(line for line in out.splitlines() if line.startswith("Pages: "))
    assert "papers/sparse-experts.md" in pages.split("added")[1].split(";")[0]
    assert "papers/mixture-of-surprises.md" in pages.split("removed")[1]
    feeds = next(line for line in out.splitlines() if line.startswith("Feeds: "))
    assert "feed.rss.xml" in feeds.split("changed")[1]                            # the main feed at least
    assert out.splitlines()[-1].startswith("Size: ") and "before MkDocs" in out


def test_the_markdown_report_is_for_a_pull_requests_summary(repo: Path) -> None:
    result = run("main", "--format", "markdown")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("## What this change does to the digest (compared with `main`)\n")
    row = next(line for line in md.splitlines() if line.startswith("| `sparse-experts`"))
    assert "Sparse mixtures of experts route long documents *(title derived)*" in row
    topics, labs = as_the_classifier_says("sparse-experts")
    assert f"| {md_text(topics)}" in row and f"| {md_text(labs)} |" in row
    assert md_text("retrieval experts, cutting cost.") + " |" in row
    assert "### Removed" in md and "- `mixture-of-surprises`: A Mixture of Surprises" in md
    assert "### Derived titles to check" in md and "- `sparse-experts`:" in md
    assert "| pages | " in md and "| feeds | " in md
    assert "Pages added: " in md and md_text("papers/sparse-experts.md") in md


def test_the_edited_fields_are_named() -> None:
    before = NEW_PAPER.encode()
    assert edited_fields(before, NEW_PAPER.replace("Sparse mixtures", "Sparse mixture").encode()) == ("title",)
    assert edited_fields(before, NEW_PAPER.replace("title_derived: true\n", "").replace(
        "Ada Lovelace", "A. Lovelace").encode()) == ("title_derived", "authors")
    assert edited_fields(before, NEW_PAPER.replace("cutting cost.", "cutting cost tenfold.").encode()) == ("abstract",)
    assert edited_fields(before, NEW_PAPER.replace("added: 2026-11-23", "added: 2026-11-23  # today").encode()) == (
        "layout",)


def test_an_unknown_revision_is_refused(repo: Path) -> None:
    result = run("no-such-branch")
    assert result.exit_code == 2
    assert "'no-such-branch' is not a commit of" in result.output


def test_a_first_topic_at_most_half_sure_is_flagged_unless_pinned() -> None:
    def change(confidence: float, pinned: bool = False) -> PaperChange:
        return PaperChange("p", "T", False, (("Topic", confidence),), pinned, (), (), "h")

    assert change(LOW_CONFIDENCE).low and not change(0.51).low and not change(0.2, pinned=True).low
    assert PaperChange("p", "T", False, (), False, (), (), "h").low               # Unsorted: check it


@pytest.mark.model
def test_two_processes_report_what_one_does(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default, base and working tree analysed at once in two spawned processes, with the real
    model (the models' exports shared with the project's cache), gives the report one process gives."""
    monkeypatch.undo()                                           # the real embedder, in this process too
    monkeypatch.chdir(repo)
    (ROOT / ".cache" / "onnx").mkdir(parents=True, exist_ok=True)
    (repo / ".cache").mkdir(exist_ok=True)
    (repo / ".cache" / "onnx").symlink_to(ROOT / ".cache" / "onnx")
    args = ["diff", "main", "--cache", ".cache/e.sqlite3", "--topic-models", "none"]
    both = CliRunner().invoke(cli, args)
    one = CliRunner().invoke(cli, [*args, "--jobs", "1"])
    assert both.exit_code == one.exit_code == 0, both.output + one.output
    assert both.stdout == one.stdout and "1 paper(s) added, 1 changed, 2 removed." in both.stdout
