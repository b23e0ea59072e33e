"""arXiv's LaTeX habits turned into text (pages) and plain text (feeds, search, map), on sentences
copied from real arXiv abstracts of November 2025 (shared/bench/arxiv/)."""

from __future__ import annotations

import re

import pytest

from generator.render.escape import html_rich_text, md_rich_text, plain_text

# (abstract text as arXiv lists it, plain text a reader expects)
REAL = [
    (r"On the Episodic Memory Benchmark (EpBench) \cite{huet_episodic_2025} comprising corpora, GSW outperforms "
     r"existing RAG based baselines by up to \textbf{20\%}.",
     "On the Episodic Memory Benchmark (EpBench) comprising corpora, GSW outperforms existing RAG based baselines "
     "by up to 20%."),
    (r"the algorithm discovered by AlphaResearch on the \emph{``packing circles''} problem",
     "the algorithm discovered by AlphaResearch on the “packing circles” problem"),
    (r"and matching UDOP~\cite{udop} (89.02)", "and matching UDOP (89.02)"),
    (r"we present the framework ``PustakAI''\footnote{Pustak means `book' in many Indian languages.} for",
     "we present the framework “PustakAI” (Pustak means ‘book’ in many Indian languages.) for"),
    (r"\emph{A}utoregressive \emph{M}ulti-\emph{E}mbedding \emph{R}etriever (AMER).",
     "Autoregressive Multi-Embedding Retriever (AMER)."),
    (r"We call our method a $\textbf{M}\text{ixture }\textbf{O}\text{f }\textbf{S}\text{urprise}\textbf{S}$ (MOSS)",
     "We call our method a Mixture Of SurpriseS (MOSS)"),
    (r"a speed-up of $3.36\times$ at 5% of the cost, in Erd\H{o}s--R\'enyi graphs",
     "a speed-up of 3.36× at 5% of the cost, in Erdős--Rényi graphs"),
    (r"our \sysname{} beats \method on $\mathbb{R}^d$", "our sysname beats method on ℝ^d"),
]


@pytest.mark.parametrize("latex, expected", REAL)
def test_plain_text_reads_as_text(latex: str, expected: str) -> None:
    assert plain_text(latex) == expected


@pytest.mark.parametrize("rich", [md_rich_text, html_rich_text])
@pytest.mark.parametrize("latex, expected", REAL)
def test_pages_show_no_raw_latex_outside_math(latex: str, expected: str, rich) -> None:
    html = rich(latex)
    outside_math = re.sub(r"<math .*?</math>", "", str(html))
    assert "\\textbf" not in outside_math and "\\emph" not in outside_math and "\\cite" not in outside_math
    assert not re.search(r"\\\\[A-Za-z]", outside_math)           # no escaped backslash before a macro name
    assert "``" not in outside_math and "''" not in outside_math


def test_emphasis_becomes_bold_and_italic_and_math_mathml() -> None:
    html = str(md_rich_text(r"We propose \textbf{DiverAge}, an \emph{agent} with $O(n^2)$ cost."))
    assert "<strong>DiverAge</strong>" in html and "<em>agent</em>" in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" alttext="O(n^2)">' in html


def test_math_that_does_not_convert_is_readable_text_not_its_source() -> None:
    html = str(md_rich_text(r"a cost of $\weird{x}_i$ per step"))
    assert "<math" not in html and "\\weird" not in html and "\\\\weird" not in html


def test_hostile_text_stays_text() -> None:
    html = str(md_rich_text(r"\textbf{<script>alert(1)</script>} and \emph{<img src=x onerror=alert(1)>}"))
    assert "<script>" not in html and "<img" not in html
    assert "<strong>&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;</strong>" in html


def test_lists_get_the_same_markup_escaped_for_html_alone() -> None:
    """Lists of papers are raw HTML, which Markdown leaves as it is: no backslash escapes there."""
    text = (r"We propose \textbf{Diver*Age*}, an \emph{agent} with $O(n^2)$ cost, "
            r"see \url{https://x.org/a_b}. <b>1</b> & more")
    html, markdown = str(html_rich_text(text)), str(md_rich_text(text))
    assert "<strong>Diver*Age*</strong>" in html and "<em>agent</em>" in html and "\\" not in html
    assert '<a href="https://x.org/a_b">https://x.org/a_b</a>' in html and "&lt;b&gt;1&lt;/b&gt; &amp; more" in html
    assert re.findall(r"<math .*?</math>", html) == re.findall(r"<math .*?</math>", markdown)
    hostile = str(html_rich_text(r"\textbf{<script>alert(1)</script>} \href{javascript:alert(1)}{x}"))
    assert "<script>" not in hostile and "<a " not in hostile        # a javascript: address stays text


def test_link_previews_and_the_browser_tab_show_text_not_latex() -> None:
    """A paper page's <title>, meta description and citation/Open Graph tags are shown as written
    by browsers, link previews and reference managers: they carry the plain text."""
    import datetime as dt

    from generator.models import Paper
    from generator.render.citation import citation_meta
    from generator.render.site_view import SiteView

    title, abstract = REAL[-1][0], REAL[0][0]
    paper = Paper(id="p", title=title, abstract=abstract, added=dt.date(2025, 11, 3))
    meta = dict(citation_meta(paper, "Digest", "https://d.example/papers/p/", ""))
    assert meta["citation_title"] == meta["og:title"] == REAL[-1][1]
    assert meta["og:description"] == REAL[0][1]
    assert SiteView.page_title(abstract, 43) == '"On the Episodic Memory Benchmark (EpBench)"'
