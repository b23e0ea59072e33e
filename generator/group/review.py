"""`digest topics review`: the papers the classifier is least sure of, least sure first.

A paper's confidence is the probability of its first topic (`TopicAssignment.confidence`: a
softmax of the calibrated scores, with the source prior and what the pins taught). On the
reader-labelled dev papers the least confident fifth holds more than half of the wrong first
topics (benchmarks/topics.py), so reviewing from the top of this list finds errors fastest, and
every pin added there trains the classifier for the other papers.
"""

from __future__ import annotations

from typing import Mapping

from generator.group.topics import TopicAssignment, TopicSettings
from generator.group.topics.taught import example_targets, taught_topics
from generator.models import Digest


def review_queue(assignments: Mapping[str, TopicAssignment], limit: int | None = None) -> list[str]:
    """Unpinned paper ids by confidence, lowest first (ties by id)."""
    unpinned = [(a.confidence, pid) for pid, a in assignments.items() if not a.pinned]
    return [pid for _, pid in sorted(unpinned)][:limit]


def untaught_topics(digest: Digest, settings: TopicSettings = TopicSettings()) -> list[str]:
    """Topics the classifier scores from their descriptions alone: fewer than `min_taught` pinned
    papers and exemplars have them first, counted as `score_topics` counts them."""
    slugs = sorted(digest.topics)
    if not settings.taught:
        return slugs
    exemplars = [e for e in digest.exemplars if e.topics[0] in digest.topics]   # as score_topics keeps them
    taught = taught_topics(example_targets(digest.papers, exemplars, slugs, True, settings.pin_weight), settings)
    return [slug for slug, is_taught in zip(slugs, taught) if not is_taught]


def untaught_note(digest: Digest, settings: TopicSettings = TopicSettings()) -> str | None:
    """One line for a curator when topics are described only, else None."""
    untaught = untaught_topics(digest, settings)
    if not untaught:
        return None
    which = "no topic is" if len(untaught) == len(digest.topics) else f"{', '.join(untaught)}: not"
    return (f"note: {which} taught yet (fewer than {settings.min_taught} pinned papers have it first), so topics "
            "come from descriptions alone: rough, and confidences are modest; pin a few papers a topic "
            "(`digest topics review` lists the ones to pin first)")
