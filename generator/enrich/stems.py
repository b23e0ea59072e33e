"""Words reduced to their Porter stems, as keyphrases are compared (`stem_key`), and the stems
of the words that alone are no keyphrase: shell nouns and generic modifiers. Shared by the
keyphrase extractor, its ranker and the acronym index."""

from __future__ import annotations

import re
from functools import cache
from typing import Callable

from generator.enrich.candidates import GENERIC_MODIFIERS

# Shell nouns: words that stand for some content rather than name it (Schmid 2000), with the
# vaguest nouns of abstracts. Alone they are no keyphrase.
SHELL_NOUNS = """
problem task setting scenario method approach framework technique strategy performance result issue
challenge way paradigm scheme capability ability work paper text aspect factor fact idea notion term
thing part case example
""".split()


_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def stem_key(text: str) -> str:
    stem = _stemmer()
    return " ".join(stem(token) for token in _TOKEN.findall(text.lower()))


@cache
def shell_noun_stems() -> frozenset[str]:
    return frozenset(stem_key(word) for word in SHELL_NOUNS)


@cache
def generic_modifier_stems() -> frozenset[str]:
    return frozenset(stem_key(word) for word in GENERIC_MODIFIERS)


@cache
def _stemmer() -> Callable[[str], str]:
    from nltk.stem import PorterStemmer

    return cache(PorterStemmer().stem)
