"""What the classifier reads of a taxonomy: each topic's "name: description", and its phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from generator.models import Topic


def topic_text(topic: Topic) -> str:
    return f"{topic.name}: {topic.description}"


_LIST_SEPARATORS = re.compile(r"[,;:]|\.\s|\b(?:and|or|such as|including|with|through|from|like|e\.g\.)\b",
                              re.IGNORECASE)


def topic_phrases(topic: Topic) -> list[str]:
    """The topic's name and the items its description lists, each a short phrase."""
    items = (" ".join(part.split()).strip(" .()") for part in _LIST_SEPARATORS.split(topic.description))
    return list(dict.fromkeys([topic.name.strip(), *(item for item in items if item)]))


def topic_texts(topics: Mapping[str, Topic]) -> list[str]:
    """Every text the classifier embeds for a taxonomy: descriptions, then phrases."""
    texts = [topic_text(t) for _, t in sorted(topics.items())]
    texts += [p for _, t in sorted(topics.items()) for p in topic_phrases(t)]
    return list(dict.fromkeys(texts))


@dataclass(frozen=True)
class TopicVectors:
    """A taxonomy embedded: each topic's description vector and its phrases' vectors."""

    descriptions: Mapping[str, np.ndarray]
    phrases: Mapping[str, np.ndarray]          # slug -> (phrases, dim)

    @classmethod
    def from_texts(cls, topics: Mapping[str, Topic], vectors: Mapping[str, np.ndarray]) -> "TopicVectors":
        return cls({slug: vectors[topic_text(t)] for slug, t in topics.items()},
                   {slug: np.stack([vectors[p] for p in topic_phrases(t)]) for slug, t in topics.items()})
