"""Highlights stand alone (no leading "However,"), and LaTeX links in abstracts are links."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from generator.enrich.highlights import highlights, points_back, without_connective
from generator.render.escape import md_rich_text, plain_text


@pytest.mark.parametrize("sentence, expected", [
    ("Besides, we propose a sparse mixer.", "We propose a sparse mixer."),
    ("However, our method keeps accuracy.", "Our method keeps accuracy."),
    ("To address these two issues, we introduce ARC.", "We introduce ARC."),
    ("Therefore, iPhone photos suffice.", "iPhone photos suffice."),             # a name keeps its case
    ("However we do not.", "However we do not."),                                # no comma: part of the sentence
    ("To bridge this critical gap, in this paper, we present a study of TTT designs.",   # two in a row
     "We present a study of TTT designs."),
    ("We propose X.", "We propose X."),
])
def test_a_leading_connective_is_trimmed_and_the_next_word_capitalised(sentence: str, expected: str) -> None:
    assert without_connective(sentence) == expected


def test_highlights_are_chosen_then_trimmed() -> None:
    abstract = ("Vision transformers are slow on phones because attention is quadratic in tokens. "
                "To this end, we propose a token mixer that runs in linear time on mobile chips.")
    assert highlights([abstract], lambda texts: None) == [
        "We propose a token mixer that runs in linear time on mobile chips."]


def test_latex_links_become_links_with_escaped_addresses() -> None:
    rendered = str(md_rich_text(r"Code: \url{https://github.com/LeapLabTHU/ARC}. See \href{//x.org/a?b=1&c=2}{our <b>page</b>}."))
    assert '<a href="https://github.com/LeapLabTHU/ARC">' in rendered
    assert '<a href="https://x.org/a?b=1&amp;c=2">our &lt;b&gt;page&lt;\\/b&gt;</a>' in rendered
    assert "\\url" not in rendered and "\\href" not in rendered
    assert plain_text(r"Code: \url{https://github.com/a/b}.") == "Code: https://github.com/a/b."


@pytest.mark.parametrize("text", [r"\url{javascript:alert(1)}", r'\url{https://x.org/"onmouseover=alert(1)}',
                                  r"\href{data:text/html,x}{click}", r"\url{https://x.org/<script>}"])
def test_latex_links_to_anything_but_the_web_stay_text(text: str) -> None:
    assert "<a " not in str(md_rich_text(text))


@pytest.mark.browser
def test_a_paper_page_shows_its_code_address_as_a_link(seed_site, page: Page) -> None:
    served, analysis, _ = seed_site
    assert "\\url{https://github.com/LeapLabTHU/ActiveNeRF}" in analysis.digest.paper("activenerf").abstract
    page.goto(f"{served.url}papers/activenerf/")
    link = page.locator("article p a[href='https://github.com/LeapLabTHU/ActiveNeRF']", has_text="github.com")
    expect(link).to_have_count(1)
    expect(page.locator("article")).not_to_contain_text("\\url{")


@pytest.mark.parametrize("abstract, expected", [
    # real arXiv sentences (issue 35): a purpose clause pointing back is cut, how it is done kept
    ("Search agents are slow. We propose the Deep Ideation framework to address these challenges, integrating a "
     "scientific network that captures keyword co-occurrence.",
     "We propose the Deep Ideation framework, integrating a scientific network that captures keyword co-occurrence."),
    ("Grounding is hard. We propose T-Rex-Omni, a novel framework that addresses this limitation by incorporating "
     "negative visual prompts to negate hard negative distractors.",
     "We propose T-Rex-Omni, a novel framework by incorporating negative visual prompts to negate hard negative "
     "distractors."),
    ("Retrieval fails often. Building on these observations, we present SPAgent, an algorithm-system co-design "
     "framework that expands the role of speculation in search agents.",
     "We present SPAgent, an algorithm-system co-design framework that expands the role of speculation in search agents."),
    # under nine words: joined with the sentence after it
    ("Fairness is hard to test. We propose a dual-mechanism collaborative optimization framework. It decouples "
     "structural fairness from global distribution shifts.",
     "We propose a dual-mechanism collaborative optimization framework. It decouples structural fairness from global "
     "distribution shifts."),
])
def test_a_highlight_does_not_lean_on_sentences_the_reader_cannot_see(abstract: str, expected: str) -> None:
    assert highlights([abstract], lambda texts: pytest.fail("a contribution sentence needs no vectors")) == [expected]


def test_a_central_sentence_that_points_back_gives_way_to_one_that_does_not() -> None:
    abstract = ("Sparse networks save memory on small phones and keep accuracy. "
                "This approach saves memory and keeps accuracy on phones. "
                "Pruned networks on phones save memory and keep accuracy on many tasks.")

    def encode(texts):                      # the middle sentence is the most central, the last next
        return np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8]])[:len(texts)]

    assert highlights([abstract], encode) == ["Pruned networks on phones save memory and keep accuracy on many tasks."]


@pytest.mark.parametrize("sentence, leans", [
    # real arXiv sentences (issue 35): a thing named before the highlight, or only within it
    ("We study how the dominant training language influences these mechanisms across attribution graphs and "
     "decoding pathways.", True),
    ("To show this effect more directly, we conducted an additional study on a politically targeted task.", True),
    ("Yet we find that models can ace many multimodal benchmarks without strong visual understanding.", True),
    ("In order to understand the conditions under which medical chatbots fail, we develop an infrastructure that "
     "automatically generates queries to probe LLMs and evaluates answers to these queries.", False),
    ("We propose sequence expanding and sequence merging, where the former serializes points along each axis.", False),
    ("We present a comprehensive survey of those that study this paper's question.", False),
])
def test_pointing_back_is_told_from_naming_within_the_sentence(sentence: str, leans: bool) -> None:
    assert points_back(sentence) is leans


def test_a_highlight_that_points_back_is_joined_with_the_sentence_it_points_at() -> None:
    before = ("Despite impressive results on curated benchmarks, the practical impact of large language models (LLMs) "
              "on research-level neural theorem proving and proof autoformalization is still limited.")
    chosen = ("We introduce RLMEval, an evaluation suite for these tasks, focusing on research-level mathematics from "
              "real-world Lean formalization projects.")
    abstract = f"Theorem provers are hard to use. {before} {chosen} RLMEval has 613 theorems."
    assert highlights([abstract], lambda texts: pytest.fail("a contribution sentence needs no vectors")) == [
        f"{before} {chosen}"]
    long_before = before.replace("is still limited", "is still limited " + "in many ways " * 10)
    assert highlights([abstract.replace(before, long_before)], lambda texts: None) == [chosen]   # past 50 words: alone


def test_without_a_contribution_sentence_one_about_the_papers_own_work_comes_before_the_background() -> None:
    background = ("Recent scholarship has proposed that legal practitioners add large language models (LLMs) to their "
                  "interpretive toolkit.")
    own = "This work offers an empirical argument against LLM interpretation as practiced by legal scholars and judges."
    evaluation = "Extensive experiments on five legal corpora confirm that LLM readings shift with prompt wording."

    def encode(texts):                      # the background sentence is the most central, then the evaluation
        return np.array([[1.0, 0.0], [0.6, 0.8], [0.9, 0.44]])[:len(texts)]

    assert highlights([f"{background} {own} {evaluation}"], encode) == [own]


def test_a_later_step_gives_way_and_a_note_that_code_is_released_is_not_a_highlight() -> None:
    # real arXiv sentences (issue 35)
    steps = ("Hardware for sparse attention is scarce on edge devices. Subsequently, we design an overlapped "
             "accelerator utilizing the co-processor paradigm to perform computations. We show that sparse kernels "
             "run three times faster on our FPGA accelerator than on embedded GPUs.")
    assert highlights([steps], lambda texts: pytest.fail("contribution sentences need no vectors")) == [
        "We show that sparse kernels run three times faster on our FPGA accelerator than on embedded GPUs."]
    release = ("Sparse attention kernels are hard to schedule on small devices. All code and evaluation templates are "
               "released to support full reproducibility. Sparse kernels scheduled by a small solver run three times "
               "faster on an FPGA. Field devices rarely have a GPU to spare.")

    def encode(texts):                      # the finding is the most central of the three left
        assert not any("released" in t for t in texts)
        return np.array([[0.0, 1.0], [0.6, 0.8], [1.0, 0.0]])[:len(texts)]

    assert highlights([release], encode) == [
        "Sparse kernels scheduled by a small solver run three times faster on an FPGA."]
    only = "We release all code and evaluation templates to support full reproducibility."
    assert highlights([only], lambda texts: None) == [only]                   # nothing else to say
