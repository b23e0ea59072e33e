"""Identity keys for people's names, shared by the importer and the author index."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=1 << 17)      # every author of every paper, on every page that lists them
def author_key(name: str) -> str:
    """'Matthieu Gaëtan Lin', 'matthieu gaetan lin' and 'Matthieu  Gaetan-Lin' share one key."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name.lower()).split())


# Words that make a byline entry a group, not a person: 'The ATLAS Collaboration', 'Kimi Team',
# 'COVIDSurg Collaborative'; and a trailing 'AI' ('DeepSeek-AI', 'Inclusion AI', 'Meta AI').
_GROUP_WORD = re.compile(r"\b(?:collaborations?|collaborative|consortium|team|group|project|initiative|"
                         r"alliance|committee|laborator(?:y|ies)|labs|institute|foundation|corporation|"
                         r"society|association|organi[sz]ation|inc|ltd)\b", re.IGNORECASE)
_AI_SUFFIX = re.compile(r"(?:^|[\s-])AI$")
# A colon this far into a byline closes a group prefix ('The ATLAS', 'CMS Collaborations', ':').
_PREFIX_REACH = 3


def is_group_name(name: str) -> bool:
    """'ATLAS Collaboration', 'Kimi Team', 'DeepSeek-AI': a group by its name alone."""
    return bool(_GROUP_WORD.search(name) or _AI_SUFFIX.search(name))


def is_name_like(text: str) -> bool:
    """Has a letter or digit: a lone ':' or ',' a source split off is never an author."""
    return any(c.isalnum() for c in text)


def split_byline(names: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """The group a byline opens with (or None), and the people after it.

    Sources write a collaboration ahead of its members and split it like a name: arXiv turns
    "NVIDIA: Aaron Blakeman, ..." into the authors 'NVIDIA', ':', 'Aaron Blakeman'; BibTeX
    exports give 'The ATLAS Collaboration: G. Aad'; others open with 'DeepSeek-AI' or 'Kimi Team'.
    A colon near the start closes the group (no person's name holds one); without a colon, only
    leading entries named like a group are one. Entries without a letter or digit are dropped.
    """
    entries = [" ".join(name.split()) for name in names]
    entries = [name for name in entries if name]
    group: list[str] = []
    colon = next((i for i, name in enumerate(entries[:_PREFIX_REACH]) if ":" in name), None)
    if colon is not None:
        head, _, tail = entries[colon].partition(":")
        group = [*entries[:colon], head]
        entries = [tail.strip(), *entries[colon + 1:]]
    else:
        while entries and is_group_name(entries[0]):
            group.append(entries.pop(0))
    collaboration = ", ".join(part.strip(" ,") for part in group if is_name_like(part)) or None
    return collaboration, tuple(name for name in entries if is_name_like(name))
