"""Paper identifiers as references give them: DOIs, arXiv ids, and the kind of a link.

Each source writes them its own way (`doi:10.1/x`, `https://doi.org/10.1/X`, `arXiv:2301.01234v2`,
`http://arxiv.org/abs/hep-th/9901001v1`); the digest keeps one form of each so the same paper
from two sources is recognised as one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_ARXIV_CATEGORY = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?")     # cs.CL, eess.AS, hep-th, math-ph
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}"
_ARXIV = re.compile(rf"(?:arxiv[:/ ]\s*|/(?:abs|pdf)/)?(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?:\.pdf)?$",
                    re.IGNORECASE)
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")


def normalise_doi(text: str | None) -> str | None:
    """'https://doi.org/10.1000/XYZ.' -> '10.1000/xyz' (DOIs are case-insensitive); None if none."""
    if not text:
        return None
    match = _DOI.search(text.strip())
    return match.group(1).rstrip(".,;").lower() if match else None


def normalise_arxiv(text: str | None) -> str | None:
    """'arXiv:2301.01234v2', 'https://arxiv.org/abs/2301.01234' -> '2301.01234'; None if none."""
    if not text:
        return None
    text = text.strip().rstrip("/")
    match = _ARXIV.search(text)
    return match.group("id") if match else None


def is_arxiv_category(term: str) -> bool:
    """An arXiv category ("cs.CL", "hep-th"), not a free-text tag or an ACM class."""
    return _ARXIV_CATEGORY.fullmatch(term) is not None


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def link_kind(url: str) -> str:
    """The link kind of the paper schema that a URL is: arxiv, doi, code, pdf, else paper."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if host.endswith("arxiv.org"):
        return "arxiv"
    if host in ("doi.org", "dx.doi.org"):
        return "doi"
    if host in CODE_HOSTS:
        return "code"
    if parts.path.lower().endswith(".pdf"):
        return "pdf"
    return "paper"


def add_link(links: dict[str, str], kind: str, url: str) -> None:
    """Add `url` under `kind`, or the next free `kind-2`, `kind-3`...; a URL already there is skipped."""
    if url in links.values():
        return
    base = kind.split("-")[0]
    key, number = base, 2
    while key in links:
        key, number = f"{base}-{number}", number + 1
    links[key] = url


def http_url(text: str | None) -> str | None:
    """The text as an http(s) URL, or None: references also hold file paths and `javascript:`."""
    if not text:
        return None
    text = text.strip()
    if not re.fullmatch(r"https?://[^\s<>\"]+", text, re.IGNORECASE):
        return None
    return web_address(text)


def web_address(url: str) -> str:
    """An http(s) address with its scheme in lower case (`HTTPS://x.org` is valid, and the same)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.lower()}://{rest}"
