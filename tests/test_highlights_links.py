"""Highlights stand alone (no leading "However,"), and LaTeX links in abstracts are links."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from generator.enrich.highlights import highlights, without_connective
from generator.render.escape import md_rich_text, plain_text


@pytest.mark.parametrize("sentence, expected", [
    ("Besides, we propose a sparse mixer.", "We propose a sparse mixer."),
    ("However, our method keeps accuracy.", "Our method keeps accuracy."),
    ("To address these two issues, we introduce ARC.", "We introduce ARC."),
    ("Therefore, iPhone photos suffice.", "iPhone photos suffice."),             # a name keeps its case
    ("However we do not.", "However we do not."),                                # no comma: part of the sentence
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
