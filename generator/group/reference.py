"""The reference abstracts topics are calibrated against: a fixed, shipped sample of a balanced
machine-learning digest, so that a topic's scores do not depend on the digest's own mix.

`reference_abstracts.jsonl` holds the title and abstract of the 206 papers of the seed digest
(five real dumps of 2022-2023 papers across the field, as imported into `content/`), frozen: the
reference must not move when a digest grows, or its papers' topics would drift with it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from generator.models import Paper


@lru_cache(maxsize=1)
def reference_papers() -> tuple[Paper, ...]:
    lines = resources.files("generator.group").joinpath("reference_abstracts.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines() if line.strip()]
    return tuple(Paper(id=f"reference-{i}", title=r["title"], abstract=r["abstract"], added=None)
                 for i, r in enumerate(records))
