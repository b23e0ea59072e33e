"""`digest topics review`: the papers the classifier is least sure of, least sure first.

A paper's confidence is the probability of its first topic (`TopicAssignment.confidence`: a
softmax of the calibrated scores, with the source prior and what the pins taught). On the
reader-labelled dev papers the least confident fifth holds more than half of the wrong first
topics (benchmarks/topics.py), so reviewing from the top of this list finds errors fastest, and
every pin added there trains the classifier for the other papers.
"""

from __future__ import annotations

from typing import Mapping

from generator.group.topics import TopicAssignment


def review_queue(assignments: Mapping[str, TopicAssignment], limit: int | None = None) -> list[str]:
    """Unpinned paper ids by confidence, lowest first (ties by id)."""
    unpinned = [(a.confidence, pid) for pid, a in assignments.items() if not a.pinned]
    return [pid for _, pid in sorted(unpinned)][:limit]
