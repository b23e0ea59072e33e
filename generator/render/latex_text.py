r"""arXiv's LaTeX-flavoured text as a reader expects it (issue 35).

arXiv abstracts are plain text written by people used to LaTeX: `\textbf{DiverAge}`, ``house''
quotes, `\'e` accents, `\cite{...}` and `\footnote{...}`, `\times` outside math, macros of the
paper's own (`\sysname`). arXiv's pages typeset them; shown as written they are noise. This turns
the text-mode conventions into text: emphasis into `Run`s a renderer shows as bold or italic,
quotes and accents into their characters, citations dropped, a footnote into a parenthesis, known
symbols into Unicode and an unknown macro into its argument (or its name). Math between dollars is
left to the caller (pages render it as MathML), and `math_text` gives its readable plain form for
feeds, search snippets and the map's titles, through pylatexenc's LaTeX-to-Unicode converter.

Written as a handful of bounded regular expressions rather than by pylatexenc's own text mode,
because that reads `%` as a comment (an abstract's "5% better" loses the rest of its line) and `&`
and `~` as markup; abstracts are not LaTeX documents, only text with LaTeX habits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ARG = r"\{([^{}]{0,500})\}"
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
            "r": "\u030a"}
_ACCENT_KIND = r"([`'^\"~=.]|[uvHckr](?=[{\s]))"
_ACCENT = re.compile(r"\{\\" + _ACCENT_KIND + r"\s*(\w)\}|\\" + _ACCENT_KIND + r"\s*(?:\{(\w)\}|(\w))")
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
            "l": "ł", "L": "Ł", "i": "ı"}
SYMBOLS = {
    "times": "×", "pm": "±", "mp": "∓", "approx": "≈", "sim": "∼", "simeq": "≃", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔", "uparrow": "↑", "downarrow": "↓", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫", "infty": "∞", "ell": "ℓ",
    "cdot": "·", "circ": "∘", "ldots": "…", "dots": "…", "cdots": "⋯", "in": "∈", "propto": "∝", "deg": "°",
    "checkmark": "✓", "dag": "†", "dagger": "†", "ddag": "‡", "S": "§", "P": "¶", "copyright": "©",
    "textregistered": "®", "texttrademark": "™", "textasciitilde": "~", "textbackslash": "\\",
    "textless": "<", "textgreater": ">", "textbar": "|", "textendash": "–", "textemdash": "—",
    "textbullet": "•", "LaTeX": "LaTeX", "TeX": "TeX",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "upmu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_ESCAPED = re.compile(r"\\([%&_#${}])")
_SPACING = re.compile(r"\\[,;:! ]|\\(?:quad|qquad|small|large|Large|normalsize|footnotesize|noindent|newline)\b\s*")
_CITATION = re.compile(r"\s*~?\\(?:cite|citep|citet|citealp|citeauthor|ref|eqref|label)\*?(?:\[[^\]]{0,200}\])*"
                       + _ARG)
_FOOTNOTE = re.compile(r"\\footnote" + _ARG)
_STRONG = re.compile(r"\\(?:textbf|mathbf|bm|boldsymbol)" + _ARG + r"|\{\\(?:bf|bfseries)\s+([^{}]{0,500})\}")
_EMPHASIS = re.compile(r"\\(?:textit|emph|textsl|mathit)" + _ARG + r"|\{\\(?:it|em|itshape|sl)\s+([^{}]{0,500})\}")
_COLOUR = re.compile(r"\\(?:textcolor|colorbox)\{[^{}]{0,50}\}" + _ARG)
_WITH_ARGUMENT = re.compile(r"\\([A-Za-z]{1,40})\*?" + _ARG)
_MACRO = re.compile(r"\\([A-Za-z]{1,40})\b\*?")
_BRACED_WORD = re.compile(r"(?<![\\\w])\{([^{}\s,;]{1,80})\}")
_TIE = re.compile(r"(?<=\S)~(?=\S)")
_QUOTES = (("``", "“"), ("''", "”"), ("`", "‘"))
_SINGLE_CLOSE = re.compile(r"‘([^'‘’\n]{0,200})'")
_MARKERS = ("\x02", "\x03", "\x04", "\x05")     # strong on/off, emphasis on/off: never in curation text


@dataclass(frozen=True)
class Run:
    text: str
    style: str = ""          # "", "strong" or "em"


def text_runs(text: str) -> list[Run]:
    """`text` (no math in it: the caller splits that out) as runs of plain, strong and
    emphasised text."""
    marked = _convert(text, keep_style=True)
    runs, style, start = [], "", 0
    for index, char in enumerate(marked):
        if char in _MARKERS:
            if index > start:
                runs.append(Run(marked[start:index], style))
            style = {"\x02": "strong", "\x04": "em"}.get(char, "")
            start = index + 1
    if start < len(marked):
        runs.append(Run(marked[start:], style))
    return [r for r in runs if r.text]


def latex_plain(text: str) -> str:
    """`text` (no math in it) as plain text: emphasis dropped, everything else as `text_runs`."""
    return _convert(text, keep_style=False)


@lru_cache(maxsize=4096)
def math_text(latex: str) -> str:
    """Math as readable Unicode text: `\\alpha^{2}` as α^2, `\\mathbb{R}^d` as ℝ^d."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return " ".join(LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(latex).split())
    except Exception:                       # pylatexenc refuses it: at least no backslashes
        return " ".join(_MACRO.sub(lambda m: SYMBOLS.get(m.group(1), m.group(1)), latex).replace("{", "")
                        .replace("}", "").split())


def _convert(text: str, keep_style: bool) -> str:
    if "\\" not in text and "`" not in text and "''" not in text and "{" not in text and "~" not in text:
        return text
    on_strong, off_strong, on_em, off_em = _MARKERS if keep_style else ("", "", "", "")
    text = _CITATION.sub("", text)
    text = _FOOTNOTE.sub(lambda m: f" ({m.group(1).strip()})", text)
    text = _ACCENT.sub(_accented, text)
    text = _ESCAPED.sub(r"\1", text)
    text = _SPACING.sub(" ", text)
    for _ in range(3):                      # nested: \textbf{\emph{x}}
        text = _STRONG.sub(lambda m: on_strong + (m.group(1) or m.group(2) or "") + off_strong, text)
        text = _EMPHASIS.sub(lambda m: on_em + (m.group(1) or m.group(2) or "") + off_em, text)
        text = _COLOUR.sub(r"\1", text)
        text = _WITH_ARGUMENT.sub(lambda m: m.group(2) if m.group(2).strip() else m.group(1), text)
    text = _MACRO.sub(lambda m: _LETTERS.get(m.group(1)) or SYMBOLS.get(m.group(1), m.group(1)), text)
    text = _BRACED_WORD.sub(r"\1", text)
    text = _TIE.sub(" ", text)
    for latex, character in _QUOTES:
        text = text.replace(latex, character)
    return _SINGLE_CLOSE.sub(r"‘\1’", text)


def _accented(match: re.Match[str]) -> str:
    """`{\'e}`, `\'{e}` or `\'e` as é."""
    kind = match.group(1) or match.group(3)
    letter = match.group(2) or match.group(4) or match.group(5)
    return unicodedata.normalize("NFC", letter + _ACCENTS[kind])
