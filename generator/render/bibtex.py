"""A BibTeX entry for a paper, to copy from its page: it describes the paper, not the digest.

`year`/`month` come only from `published` (never from the day the paper was added to the
digest); `doi` and `eprint`/`archivePrefix` from its links; `url` is the paper's own link
(arXiv, DOI, publisher, PDF, project), never the digest page. The key follows the common
convention: first author's surname, year, first significant title word (`sun2022disparse`).
"""

from __future__ import annotations

import re
import unicodedata

from generator.curation.identifiers import normalise_arxiv, normalise_doi
from generator.models import Paper

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_URL_PREFERENCE = ("arxiv", "doi", "paper", "pdf", "project")
_SKIP_WORDS = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "towards", "toward", "with", "via", "is", "are"}


def _braced(text: str) -> str:
    """BibTeX-safe: braces and backslashes escaped, whitespace collapsed."""
    text = " ".join(text.split())
    return re.sub(r"([{}\\%&#$_])", r"\\\1", text)


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def citation_key(paper: Paper) -> str:
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else ""
    year = str(paper.published.year) if paper.published else ""
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—]+", paper.title)]
    first = next((w for w in words if w and w not in _SKIP_WORDS), "")
    key = f"{surname}{year}{first}"
    return key if surname or year else re.sub(r"[^a-z0-9]", "", paper.id)


# Collaboration papers list thousands of authors; INSPIRE, the field's own database, exports them
# as the first authors "and others", and so does this entry past BIBTEX_MAX_AUTHORS.
BIBTEX_MAX_AUTHORS = 50
BIBTEX_SHOWN_AUTHORS = 10


def bibtex_entry(paper: Paper) -> str:
    long_list = len(paper.authors) > BIBTEX_MAX_AUTHORS
    listed = paper.authors[:BIBTEX_SHOWN_AUTHORS] if long_list else paper.authors
    authors = " and ".join(_braced(a) for a in listed)
    if paper.authors_truncated or long_list or not authors:
        authors = f"{authors} and others" if authors else "others"
    fields = [("title", "{" + _braced(paper.title) + "}"), ("author", authors)]
    if paper.collaboration:
        fields.append(("collaboration", _braced(paper.collaboration)))     # as INSPIRE exports it
    if paper.published:
        fields.append(("year", str(paper.published.year)))
        if paper.published.month:
            fields.append(("month", _MONTHS[paper.published.month - 1]))
    doi = normalise_doi(paper.link("doi"))
    if doi:
        fields.append(("doi", _braced(doi)))
    arxiv = normalise_arxiv(paper.link("arxiv"))
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", paper.categories[0]))
    url = next((u for u in (paper.link(kind) for kind in _URL_PREFERENCE) if u), None)
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                      for name, value in fields)
    return f"@misc{{{citation_key(paper)},\n{body}\n}}"
