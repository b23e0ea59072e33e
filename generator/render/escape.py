r"""Untrusted text stays text.

Every curation field (titles, abstracts, notes, author names) reaches Markdown through
`md_text`: ASCII punctuation is backslash-escaped (the `pymdownx.escapeall` extension makes
any escaped character literal, so no Markdown, attribute list `{...}` or emoji syntax can
form) and `& < > " '` become HTML entities, so raw HTML comes out as visible text. Lists of
papers are written as raw HTML, which Markdown passes through untouched: their text goes through
`inline_html_text` / `html_rich_text`, the same escaping without the backslashes.
Math between single dollars is kept and rendered to MathML on the server by latex2mathml;
the MathML is rebuilt from an allow-list of elements and attributes, and math that does not
convert, or is unbalanced, stays as escaped text. LaTeX links in abstracts (`\url{https://...}`,
`\href{https://...}{text}`) become links when the address is http(s) (or `//host/...`, taken
as https); the address is escaped for an attribute and the text stays text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Callable

from markupsafe import Markup

from generator.render.latex_text import latex_plain, math_text, text_runs

_PUNCTUATION = re.compile(r"""([!#$%()*+,\-./:;=?@\[\\\]^_`{|}~])""")
_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]{1,300}?)(?<![\\\s])\$(?!\$)")
_LATEX_LINK = re.compile(r"\\(?:url\{(?P<url>[^{}\s]{1,2000})\}|href\{(?P<href>[^{}\s]{1,2000})\}\{(?P<label>[^{}]{1,300})\})")
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?(?:[/?#][^\s<>\"'`\\]*)?")
MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_MATHML_ELEMENTS = frozenset("""math semantics mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt
mroot mstyle munder mover munderover mtable mtr mtd mpadded mphantom menclose merror""".split())
_MATHML_ATTRIBUTES = frozenset("""display mathvariant stretchy fence separator lspace rspace accent accentunder
movablelimits minsize maxsize width height depth columnalign rowalign linethickness form symmetric largeop
displaystyle scriptlevel notation""".split())


def md_text(text: object) -> Markup:
    """Plain text made inert for Markdown and HTML (whitespace runs collapse to one space)."""
    return _md_text(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=1 << 17)      # names, titles and topic names recur on every listing they are in
def _md_text(text: str) -> Markup:
    return Markup(html.escape(_PUNCTUATION.sub(r"\\\1", " ".join(text.split())), quote=True))


def inline_html_text(text: object) -> Markup:
    """Plain text for raw HTML in a Markdown page (whitespace runs collapse to one space): Markdown
    leaves an HTML block as it is, so only `& < > " '` are escaped."""
    return Markup(html.escape(" ".join(str(text).split()), quote=True))


Escape = Callable[[str], Markup]


@lru_cache(maxsize=1 << 16)      # a title is shown on a dozen listings: converted once a build
def md_rich_text(text: str) -> Markup:
    """Like md_text, with $...$ math rendered as sanitised MathML (as readable text when it does
    not convert), LaTeX links as links and LaTeX's text conventions as text (`latex_text`:
    \\textbf and \\emph as bold and italic, ``quotes'', accents, citations dropped), spacing kept
    as written."""
    return _rich(text, md_text)


@lru_cache(maxsize=1 << 16)
def html_rich_text(text: str) -> Markup:
    """md_rich_text for raw HTML in a Markdown page (lists of papers, where Markdown's inline
    parsing was most of a listing page's conversion): the same markup, text escaped for HTML only."""
    return _rich(text, inline_html_text)


def _rich(text: str, escape: Escape) -> Markup:
    out, last = Markup(""), 0
    for match in _RICH.finditer(text):
        if match.group("math") is not None:
            latex = match.group("math")
            rendered = latex_to_mathml(latex) or _escaped_keeping_edges(math_text(latex), escape)
        else:
            rendered = _latex_link(match, escape)
        if rendered is not None:
            out += _styled(text[last:match.start()], escape) + rendered
            last = match.end()
    out += _styled(text[last:], escape)
    return Markup(str(out).strip())


_STYLE_TAGS = {"": ("", ""), "strong": ("<strong>", "</strong>"), "em": ("<em>", "</em>")}


def _styled(text: str, escape: Escape) -> Markup:
    """Text outside math and links: its LaTeX conventions as text, bold and italic as HTML."""
    out = Markup("")
    for run in text_runs(text):
        opening, closing = _STYLE_TAGS[run.style]
        out += Markup(opening) + _escaped_keeping_edges(run.text, escape) + Markup(closing)
    return out


_RICH = re.compile(_MATH.pattern.replace("([^$", "(?P<math>[^$", 1) + "|" + _LATEX_LINK.pattern)


def link_address(latex_address: str) -> str | None:
    """The http(s) address a LaTeX link names (`//host/path` taken as https), or None."""
    address = "https:" + latex_address if latex_address.startswith("//") else latex_address
    return address if _WEB_ADDRESS.fullmatch(address) else None


def _link_parts(match: re.Match[str]) -> tuple[str | None, str | None]:
    """A LaTeX link's safe address (None when it is not one to follow) and its label, if any."""
    return link_address(match.group("url") or match.group("href")), match.group("label")


def _latex_link(match: re.Match[str], escape: Escape) -> Markup | None:
    address, label = _link_parts(match)
    if address is None:
        return None
    return Markup(f'<a href="{html.escape(address, quote=True)}">') + escape(label or address) + Markup("</a>")


def _escaped_keeping_edges(text: str, escape: Escape) -> Markup:
    """`escape`d text, keeping one space where the text began or ended with whitespace."""
    if not text.strip():
        return Markup(" " if text else "")
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return Markup(lead) + escape(text) + Markup(trail)


def latex_to_mathml(latex: str) -> Markup | None:
    """Inline MathML for `latex`, or None when it does not convert cleanly."""
    try:
        from latex2mathml.converter import convert

        raw = convert(latex)
        root = ET.fromstring(raw)
    except Exception:                                    # any failure: the math stays text
        return None
    clean = _sanitise(root)
    if clean is None or any((e.text or "").startswith("\\") for e in clean.iter()):
        return None                          # an unknown macro comes out as its own \\name
    clean.set("alttext", latex)
    return Markup(ET.tostring(clean, encoding="unicode", short_empty_elements=False)
                  .replace("ns0:", "").replace(":ns0", "").replace(f' xmlns="{MATHML_NS}"', "")
                  .replace("<math", f'<math xmlns="{MATHML_NS}"', 1))


def _sanitise(element: ET.Element) -> ET.Element | None:
    tag = element.tag.split("}")[-1]
    if tag not in _MATHML_ELEMENTS:
        return None
    clean = ET.Element(tag, {k: v for k, v in element.attrib.items()
                             if k in _MATHML_ATTRIBUTES and not v.lower().strip().startswith("javascript")})
    clean.text = element.text
    for child in element:
        sanitised = _sanitise(child)
        if sanitised is None:
            return None
        sanitised.tail = child.tail
        clean.append(sanitised)
    return clean


def html_text(text: object) -> Markup:
    """Text for an HTML context (attributes, <pre>)."""
    return Markup(html.escape(str(text), quote=True))


@lru_cache(maxsize=1 << 16)      # titles and highlights, in every feed and map chunk that holds them
def plain_text(text: str) -> str:
    """Text for feeds, search snippets and the map: whitespace collapsed, math as readable
    Unicode (`math_text`), LaTeX's text conventions as text, a LaTeX link as its address or
    `text (address)`."""
    out, last = [], 0
    for match in _RICH.finditer(text):
        if match.group("math") is not None:
            piece = math_text(match.group("math"))
        else:
            address, label = _link_parts(match)
            if address is None:
                continue
            piece = f"{latex_plain(label)} ({address})" if label else address
        out += [latex_plain(text[last:match.start()]), piece]
        last = match.end()
    out.append(latex_plain(text[last:]))
    return " ".join("".join(out).split())
