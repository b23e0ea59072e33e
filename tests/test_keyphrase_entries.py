"""One keyphrase, one entry: acronyms joined to the expansions papers define
(generator/group/acronyms.py), and phrases about nothing in particular left out
(generator/group/subject_phrases.py). Sentences are from real arXiv abstracts."""

from __future__ import annotations

import numpy as np

from generator.group.acronyms import AcronymEntries, definitions
from generator.group.subject_phrases import generic_phrases


def test_definitions_are_read_from_real_abstracts() -> None:
    assert definitions("Recent advances in 3D Gaussian Splatting (3DGS) enable real-time rendering.") == {
        "3DGS": "3D Gaussian Splatting"}
    assert definitions("Large vision-language models (VLMs) hallucinate objects.") == {
        "VLMs": "vision-language models"}
    assert definitions("Retrieval-Augmented Generation (RAG) grounds answers; Mixture-of-Experts (MoE) "
                       "layers route tokens.") == {"RAG": "Retrieval-Augmented Generation", "MoE": "Mixture-of-Experts"}
    # not acronyms, or no expansion before them
    assert definitions("as shown before (e.g., Fig. 2), results (2023) improve (ours) on the benchmark (XY).") == {}
    assert definitions("We introduce \\underline{S}parse \\underline{C}ompression (SC).") == {}   # LaTeX markup


def papers_about_vlms() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    texts = {
        "a": "Large vision-language models (VLMs) hallucinate. We probe VLMs with counterfactual images.",
        "b": "Vision-language models (VLMs) fail at counting.",
        "c": "We evaluate VLMs on charts.",                                   # uses it, never defines it
        "d": "Vision-language models are brittle under distribution shift.",
    }
    tags = {"a": ("VLMs", "hallucination"), "b": ("Vision-language models", "counting"), "c": ("VLMs", "charts"),
            "d": ("vision language models",)}
    return texts, tags


def test_an_acronym_and_its_expansion_are_one_entry_named_by_both() -> None:
    texts, tags = papers_about_vlms()
    entries = AcronymEntries(texts, tags)
    joined = {pid: entries.join(pid, t) for pid, t in tags.items()}
    assert joined == {"a": ("vision-language models (VLMs)", "hallucination"),
                      "b": ("vision-language models (VLMs)", "counting"),
                      "c": ("vision-language models (VLMs)", "charts"),
                      "d": ("vision-language models (VLMs)",)}


def test_an_acronym_with_two_meanings_is_not_one_entry() -> None:
    texts = {
        "r1": "Dual attention (DA) fuses visual and textual reasoning in multimodal models.",
        "r2": "Our dual attention (DA) block improves multimodal reasoning.",
        "s1": "Domain adaptation (DA) for speech translation uses unlabelled target audio.",
        "s2": "We study domain adaptation (DA) of speech translation models.",
        "u": "DA helps in our experiments.",                                  # which one? not said
    }
    tags = {"r1": ("DA",), "r2": ("dual attention",), "s1": ("DA", "speech translation"), "s2": ("domain adaptation",),
            "u": ("DA",)}
    entries = AcronymEntries(texts, tags)
    joined = {pid: entries.join(pid, t) for pid, t in tags.items()}
    assert joined["r1"] == joined["r2"] == ("dual attention",)
    assert joined["s1"] == ("domain adaptation", "speech translation") and joined["s2"] == ("domain adaptation",)
    assert joined["u"] == ("DA",)


def test_a_one_paper_acronym_does_not_rename_a_common_phrase() -> None:
    texts = {"x": "Video generation (ViGen) models ...", "y": "Video generation is hard.", "z": "Video generation."}
    tags = {"x": ("ViGen",), "y": ("video generation",), "z": ("video generation",)}
    entries = AcronymEntries(texts, tags)
    assert {pid: entries.join(pid, t) for pid, t in tags.items()} == {
        "x": ("video generation",), "y": ("video generation",), "z": ("video generation",)}


def test_a_phrase_whose_papers_are_no_more_alike_than_any_two_is_generic() -> None:
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(6, 32))
    vectors, tags = {}, {}
    for n in range(60):
        v = centres[n % 6] + 0.4 * rng.normal(size=32)
        vectors[f"p{n}"] = v / np.linalg.norm(v)
        tags[f"p{n}"] = (f"subject {n % 6}",) + (("future directions",) if n % 5 == 0 else ())
    generic = generic_phrases(tags, vectors)
    assert generic == {"future directions"}                       # spread over every cluster
    assert generic_phrases({k: tags[k] for k in list(tags)[:10]}, vectors) == set()   # too few papers to judge


def test_a_paper_keeps_its_own_spelling_while_the_corpus_renames_the_entry() -> None:
    """grouping.paper_index_tags: the index files a phrase under its corpus-wide name, which a
    day's papers change; a paper's page shows the paper's own spelling (its own definition of an
    acronym), which they do not, so a day does not render older paper pages again for it."""
    import datetime as dt

    from generator.enrich.stems import stem_key
    from generator.group.grouping import paper_index_tags
    from generator.models import Enrichment, Keyphrase, Paper

    def paper(pid: str, text: str) -> Paper:
        return Paper(id=pid, title=f"Paper {pid}", abstract=text, added=dt.date(2025, 11, 27))

    def enrichment(*phrases: str) -> Enrichment:
        return Enrichment(tuple(Keyphrase(p, 1.0, stem_key(p)) for p in phrases), np.ones(4, np.float32) / 2)

    texts, tags = papers_about_vlms()
    papers = [paper(pid, text) for pid, text in texts.items()]
    enrichments = {pid: enrichment(*phrases) for pid, phrases in tags.items()}
    first = paper_index_tags(papers, enrichments)
    entry = "vision-language models (VLMs)"
    assert all(entry in first.tags[pid] for pid in "abcd")
    def own(result, pid: str) -> str:           # spellings holds only those that differ from the entry's name
        return result.spellings.get(pid, {}).get(entry, entry)

    assert own(first, "a") == "vision-language models (VLMs)"               # as "a" defines it
    assert own(first, "c") == "VLMs"                                        # "c" only uses the acronym
    assert own(first, "d") == "vision language models"
    # Later papers spell it otherwise: the entry is renamed, every paper's own spelling stays.
    more = {f"x{i}": "Vision language models (VLMs) are evaluated." for i in range(4)}
    papers += [paper(pid, text) for pid, text in more.items()]
    enrichments |= {pid: enrichment("vision language models") for pid in more}
    later = paper_index_tags(papers, enrichments)
    renamed = "vision language models (VLMs)"
    assert all(renamed in later.tags[pid] for pid in "abcd")
    def shown(result) -> dict[str, set[str]]:
        return {pid: {result.spellings.get(pid, {}).get(t, t) for t in result.tags[pid]} for pid in "abcd"}

    assert shown(later) == shown(first)
