"""Acronyms and their expansions as one keyphrase entry, where the papers define them.

arXiv abstracts define their acronyms ("3D Gaussian Splatting (3DGS)"), and keyphrase
extraction keeps either form, so the index had "VLMs" (204 papers) beside "vision-language
models" (237). Each paper's definitions are read from its own title and abstract with the
Schwartz-Hearst algorithm (A. Schwartz and M. Hearst, "A simple algorithm for identifying
abbreviation definitions in biomedical text", PSB 2003): the acronym's letters matched right to
left in the words before the parenthesis, its first letter starting a word. (Written here: the
one PyPI package of it, `abbreviations`, has had no release since 2019; scispaCy's needs a spaCy
model that is not on PyPI.)

A paper's acronym tag joins the expansion that paper gives it. A paper that uses an acronym
without defining it joins the expansion only when every paper of the digest that defines it
gives the same one: "DA" for domain adaptation in one paper and data augmentation in another is
not one entry, and an undefined "DA" stays as it is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Mapping, Sequence

from generator.enrich.stems import stem_key

_PARENTHESIS = re.compile(r"\(([^()]{2,16})\)")
_SHORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9]$")


def definitions(text: str) -> dict[str, str]:
    """acronym -> its expansion as written, for every "expansion (ACRONYM)" in `text`."""
    found: dict[str, str] = {}
    for match in _PARENTHESIS.finditer(text):
        short = match.group(1).strip()
        if not _is_acronym(short):
            continue
        before = re.split(r"[.;:!?()\[\]]", text[:match.start()])[-1].split()
        window = before[-min(len(short) + 5, 2 * len(short)):]
        long = _long_form(short, " ".join(window))
        if (long and len(long) > len(short) and short.lower() not in long.lower().split()
                and not set(long) & set("\\{}$")):           # LaTeX markup: not an expansion to show
            found.setdefault(short, long)
    return found


def _is_acronym(short: str) -> bool:
    letters = [c for c in short if c.isalpha()]
    return (bool(_SHORT.match(short)) and len(short) <= 10 and sum(c.isupper() for c in short) >= 2
            and len(letters) >= 2)


def _long_form(short: str, candidate: str) -> str | None:
    """Schwartz-Hearst: the shortest ending of `candidate` in which the acronym's letters and
    digits appear in order (matched from the right), the first one starting a word."""
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].lower() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    start = candidate.rfind(" ", 0, c + 1) + 1
    return candidate[start:].strip(" ,") or None


# Memoised: a year's grouping and render ask for the keys of the same few thousand phrases about
# 300,000 times (4.9 of 20 s of a year's grouping, profiled); the phrases are short, the cache bounded.
@lru_cache(maxsize=1 << 17)
def phrase_key(text: str) -> str:
    """Spellings of one phrase: case, plural and hyphens ('vision-language models', 'Vision
    language model')."""
    return stem_key(text.replace("-", " "))


@lru_cache(maxsize=1 << 16)
def acronym_key(short: str) -> str:
    """'VLMs' and 'VLM' are one acronym."""
    return stem_key(short[:-1] if short.endswith("s") and sum(c.isupper() for c in short) >= 2 else short)


class AcronymEntries:
    """Which entry each paper's tag joins (see the module's docstring): one entry an expansion,
    named by its most used spelling and, when two or more papers define it so, its most used
    acronym: "vision-language models (VLMs)". `texts`: paper id -> title and abstract; `tags`:
    paper id -> its tags (for the spellings most papers use)."""

    def __init__(self, texts: Mapping[str, str], tags: Mapping[str, Sequence[str]]):
        self.defined = {pid: {acronym_key(s): (s, long) for s, long in definitions(text).items()}
                        for pid, text in texts.items()}
        self.meaning = _meanings(self.defined)
        self.names = _entry_names(self.defined, tags, self.meaning)

    def entry(self, paper_id: str, tag: str) -> str:
        own = self.defined.get(paper_id, {}).get(acronym_key(tag))
        key = phrase_key(tag)
        expansion = phrase_key(own[1]) if own else self.meaning.get(acronym_key(tag), key if key in self.names else None)
        return self.names.get(expansion, tag) if expansion else tag

    def join(self, paper_id: str, tags: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.entry(paper_id, tag) for tag in tags))


def _meanings(defined: Mapping[str, Mapping[str, tuple[str, str]]]) -> dict[str, str]:
    """acronym key -> its expansion key, for acronyms with one meaning in the digest: one
    expansion given by at least two papers and a tenth of those defining it, no other that is."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for found in defined.values():
        for key, (_, long) in found.items():
            counts[key][phrase_key(long)] += 1
    meaning = {}
    for key, expansions in counts.items():
        total = sum(expansions.values())
        significant = [e for e, n in expansions.items() if n >= max(2, 0.1 * total)]
        if len(significant) == 1:
            meaning[key] = significant[0]
    return meaning


def _entry_names(defined: Mapping[str, Mapping[str, tuple[str, str]]], tags: Mapping[str, Sequence[str]],
                 meaning: Mapping[str, str]) -> dict[str, str]:
    """expansion key -> its entry's name, for every expansion some paper defines."""
    written: dict[str, Counter] = defaultdict(Counter)          # expansion key -> its spellings in definitions
    acronyms: dict[str, Counter] = defaultdict(Counter)         # ... -> the acronyms (one meaning) defined as it
    for found in defined.values():
        for key, (short, long) in found.items():
            expansion = phrase_key(long)
            written[expansion][long] += 1
            if meaning.get(key) == expansion:
                acronyms[expansion][short] += 1
    tag_forms: dict[str, Counter] = defaultdict(Counter)
    for paper_tags in tags.values():
        for tag in paper_tags:
            tag_forms[phrase_key(tag)][tag] += 1
    names = {}
    for expansion, spellings in written.items():
        long = _most_common(tag_forms.get(expansion, Counter()) + spellings)
        shown = Counter({a: n for a, n in acronyms[expansion].items() if n >= 2})
        names[expansion] = f"{long} ({_most_common(shown)})" if shown else long
    return names


def _most_common(forms: Counter) -> str:
    """The spelling most used, case aside; then, of its cases, the one with fewest capitals
    (ties: alphabetical)."""
    by_case: Counter = Counter()
    for form, n in forms.items():
        by_case[form.casefold()] += n
    best = min(by_case, key=lambda folded: (-by_case[folded], folded))
    return min((f for f in forms if f.casefold() == best), key=lambda f: (sum(c.isupper() for c in f), f))
