"""Citation metadata for a paper page's <head>: Highwire `citation_*` tags (read by Google
Scholar and by reference managers' browser connectors, Zotero's among them) and Open Graph
`og:*` tags (link previews). Pairs of (name, content); overrides/main.html writes them escaped.
"""

from __future__ import annotations

from generator.curation.identifiers import normalise_arxiv, normalise_doi
from generator.models import Paper
from generator.render.escape import plain_text

# Link kinds that lead to the paper itself (code, data or a project page do not).
PAPER_LINK_KINDS = ("arxiv", "doi", "pdf", "paper")
# Scholar's guidelines ask for every author; a 3,000-author collaboration paper would then carry
# about 150 KB of <meta>. Connectors take the first hundred, the page lists them all.
MAX_CITATION_AUTHORS = 100


def _scholar_date(paper: Paper) -> str | None:
    """Highwire dates are YYYY/MM/DD, or as much of it as is known."""
    if not paper.published:
        return None
    parts = [f"{paper.published.year:04d}"] + [f"{n:02d}" for n in (paper.published.month, paper.published.day) if n]
    return "/".join(parts)


def citation_meta(paper: Paper, site_name: str, page_url: str, summary: str) -> list[list[str]]:
    # Text, not LaTeX: these are read by link previews and reference managers, which show it as is.
    title = plain_text(paper.title)
    meta = [["citation_title", title]]
    meta += [["citation_author", name] for name in paper.authors[:MAX_CITATION_AUTHORS]]
    date = _scholar_date(paper)
    if date:
        meta.append(["citation_publication_date", date])
    arxiv = normalise_arxiv(paper.link("arxiv"))
    if arxiv:
        meta.append(["citation_arxiv_id", arxiv])
    doi = normalise_doi(paper.link("doi"))
    if doi:
        meta.append(["citation_doi", doi])
    pdf = paper.link("pdf") or (f"https://arxiv.org/pdf/{arxiv}" if arxiv else None)
    if pdf:
        meta.append(["citation_pdf_url", pdf])
    meta.append(["citation_abstract_html_url", page_url])
    description = plain_text(summary or paper.abstract)[:300]
    meta += [["og:type", "article"], ["og:title", title], ["og:description", description],
             ["og:url", page_url], ["og:site_name", site_name]]
    return meta
