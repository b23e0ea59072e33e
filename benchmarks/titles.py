"""Derived titles against the real ones: how close `derive_title` gets on papers whose title is known.

    .venv/bin/python benchmarks/titles.py [--content content] [--examples 8]

The real title is its authors' own one-line summary, so every paper in content/ with a real
title (no `title_derived`) is a test case: derive a title from its abstract alone and compare.

- name: of the titles that lead with a method name (`DiSparse: ...`), the share whose derived
  title carries that name;
- overlap: content-word F1 between derived and real title (lowercased, stop words removed,
  plural s stripped), the mean over all papers;
- sentence: the share of derived titles that are a clipped sentence rather than a title
  (end in an ellipsis or start like prose: "We", "This", "In this").

Rows: the first sentence clipped (the simplest baseline), the method as it stood before
issue 10 (a frozen copy of it, below), and today's `derive_title`.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.curation.loader import load_content  # noqa: E402
from generator.importers.abstract_text import derive_title  # noqa: E402
from generator.models import Paper  # noqa: E402

STOP = set("a an the of for and in on with via to by from towards toward using is are at as its "
           "we our this that be can it into based through".split())


def words(text: str) -> set[str]:
    tokens = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())
    return {t[:-1] if t.endswith("s") and len(t) > 3 else t for t in tokens if t not in STOP}


def overlap_f1(derived: str, real: str) -> float:
    d, r = words(derived), words(real)
    if not d or not r:
        return 0.0
    common = len(d & r)
    if not common:
        return 0.0
    p, q = common / len(d), common / len(r)
    return 2 * p * q / (p + q)


def method_name(title: str) -> str | None:
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 1 <= len(head.split()) <= 3 else None


def sentence_like(derived: str) -> bool:
    return derived.endswith("…") or bool(re.match(r"^(?:We|This|In this|Here)\b", derived))


def first_sentence(abstract: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", abstract.strip(), maxsplit=1)[0].rstrip(".")
    found = sentence.split()
    return " ".join(found[:12]) + ("…" if len(found) > 12 else "")


def frozen_before(abstract: str) -> str:
    """derive_title as it stood before issue 10 (commit fced72a), for comparison."""
    return _BEFORE.derive_title(abstract)


def score(method: Callable[[str], str], papers) -> dict[str, float]:
    named = [(p, method_name(p.title)) for p in papers if method_name(p.title)]
    derived = {p.id: method(p.abstract) for p in papers}
    return {
        "name": 100 * sum(name.lower() in derived[p.id].lower() for p, name in named) / max(1, len(named)),
        "overlap": 100 * statistics.mean(overlap_f1(derived[p.id], p.title) for p in papers),
        "sentence": 100 * sum(sentence_like(derived[p.id]) for p in papers) / len(papers),
    }


def _load_before():
    import importlib.util
    import subprocess
    source = subprocess.run(["git", "-C", str(ROOT), "show", "fced72a:generator/importers/abstract_text.py"],
                            capture_output=True, text=True)
    if source.returncode:
        return None
    spec = importlib.util.spec_from_loader("abstract_text_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(source.stdout, module.__dict__)
    return module


_BEFORE = _load_before()


def papers_with_real_titles(content: Path) -> list[Paper] | None:
    """The papers of `content` whose title is their own (not derived), by id; None (said) when
    the content does not load."""
    digest = load_content(content).digest
    if digest is None:
        print(f"skipped: {content} does not load")
        return None
    return sorted((p for p in digest.papers if not p.title_derived), key=lambda p: p.id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--examples", type=int, default=8)
    args = parser.parse_args()
    papers = papers_with_real_titles(args.content)
    if papers is None:
        return 0
    named = sum(1 for p in papers if method_name(p.title))
    print(f"{len(papers)} papers with real titles ({named} lead with a method name)\n")
    methods = {"first sentence, clipped": first_sentence}
    if _BEFORE is not None:
        methods["before issue 10"] = frozen_before
    methods["derive_title today"] = derive_title
    print("| method | name kept % | word overlap F1 | sentence-like % |\n|---|---:|---:|---:|")
    results = {label: score(method, papers) for label, method in methods.items()}
    for label, r in results.items():
        print(f"| {label} | {r['name']:.1f} | {r['overlap']:.1f} | {r['sentence']:.1f} |")
    print("\nexamples (real title -> derived):")
    for paper in papers[:args.examples]:
        print(f"  {paper.title}\n    -> {derive_title(paper.abstract)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
