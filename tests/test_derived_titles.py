"""A derived title is never a sentence cut off with "…" (generator/importers/abstract_text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.curation.loader import load_content
from generator.importers.abstract_text import derive_title

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("abstract, title", [
    ("The incredible development of federated learning (FL) has benefited various tasks in the domains of "
     "computer vision and natural language processing. Models differ.",
     "Incredible development of federated learning (FL)"),
    ("Meta reinforcement learning (meta-RL) extracts knowledge from previous tasks and achieves fast adaptation "
     "to new tasks. Nothing else.", "Meta reinforcement learning (meta-RL)"),
    ("Large language models (LLMs) are not amenable to frequent re-training, due to high training costs. More.",
     "Large language models (LLMs) are not amenable to frequent re-training"),
])
def test_an_abstract_without_a_contribution_gets_its_opening_clause_or_subject(abstract: str, title: str) -> None:
    assert derive_title(abstract) == title


def test_no_derived_title_of_the_seed_content_is_cut_off() -> None:
    digest = load_content(ROOT / "tests" / "fixtures" / "seed").digest
    cut = [derive_title(p.abstract) for p in digest.papers if derive_title(p.abstract).endswith("…")]
    assert cut == []
