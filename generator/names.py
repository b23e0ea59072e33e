"""Identity keys for people's names, shared by the importer and the author index."""

from __future__ import annotations

import re
import unicodedata


def author_key(name: str) -> str:
    """'Matthieu Gaëtan Lin', 'matthieu gaetan lin' and 'Matthieu  Gaetan-Lin' share one key."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name.lower()).split())
