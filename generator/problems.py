"""Problems found in curation files, reported to people as `path:line: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class CurationError(Exception):
    """Raised by commands that cannot go on because the content has errors."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' — did you mean 'x'?' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def no_topic(topics_file: Path | str, slug: str, topics: Iterable[str]) -> str:
    """The message for a topic slug that `topics_file` does not define, with a hint and the list."""
    known = sorted(topics)
    return f"{topics_file}: no topic '{slug}'{did_you_mean(slug, known)}; topics: {', '.join(known)}"
