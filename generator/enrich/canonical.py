"""Corpus-wide tags: the variants of one keyphrase (case, plural) collapse to one display form."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Mapping

from generator.models import Enrichment


def canonical_forms(enrichments: Mapping[str, Enrichment]) -> dict[str, str]:
    """stem key -> the display form used most across the corpus (ties: fewest capitals, then
    alphabetical), so that 'Vision Transformers' and 'vision transformer' share one tag page."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for enrichment in enrichments.values():
        for keyphrase in enrichment.keyphrases:
            forms[keyphrase.key][keyphrase.text] += 1
    return {key: min(counter, key=lambda form: (-counter[form], sum(c.isupper() for c in form), form))
            for key, counter in forms.items()}


def paper_tags(enrichment: Enrichment, canonical: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(canonical.get(k.key, k.text) for k in enrichment.keyphrases))
