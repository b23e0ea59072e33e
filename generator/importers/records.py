"""What a dump says about one paper, before merging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.problems import Problem


@dataclass(frozen=True)
class RawPaper:
    source: str                      # "<dump file name>:<line>", the paper's first line
    abstract: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    labs: tuple[str, ...] = ()
    published: dt.date | None = None
    categories: tuple[str, ...] = ()


class DumpError(Exception):
    """A dump that cannot be imported; carries one problem per offending line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def is_prose(text: str, min_words: int = 8) -> bool:
    """A paragraph of running text: enough words and a full stop somewhere."""
    return len(text.split()) >= min_words and any(mark in text for mark in ".?!")
