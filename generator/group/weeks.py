"""Weekly issues: the papers added in one ISO week, the digest's natural rhythm."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

from generator.models import Paper, Topic, newest_first


@dataclass(frozen=True)
class Issue:
    year: int                     # ISO year
    week: int                     # ISO week
    papers: tuple[Paper, ...]     # newest first

    @property
    def slug(self) -> str:
        return f"{self.year}-w{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def newest(self) -> dt.date:
        return self.papers[0].added

    @property
    def title(self) -> str:
        return f"Week {self.week} of {self.year} ({self.monday:%d %b} – {self.sunday:%d %b %Y})"


def weekly_issues(papers: Iterable[Paper]) -> list[Issue]:
    """Every week that added a paper, newest first."""
    weeks: dict[tuple[int, int], list[Paper]] = defaultdict(list)
    for paper in papers:
        year, week, _ = paper.added.isocalendar()
        weeks[(year, week)].append(paper)
    return [Issue(year, week, tuple(newest_first(found))) for (year, week), found in
            sorted(weeks.items(), reverse=True)]


class IssueSection(NamedTuple):
    name: str
    slug: str | None              # the topic's slug; None for Unsorted
    papers: list[Paper]           # newest first

    @property
    def key(self) -> str:
        """The section's anchor in the issue and its page beneath it (`weeks/<issue>/<key>/`)."""
        return self.slug or "unsorted"


def issue_sections(issue: Issue, assignments: Mapping, topics: Mapping[str, Topic]) -> list[IssueSection]:
    """(topic name, topic slug or None for Unsorted, papers) by each paper's first topic, topics
    by name, Unsorted last."""
    groups: dict[str | None, list[Paper]] = defaultdict(list)
    for paper in issue.papers:
        slugs = assignments[paper.id].slugs
        groups[slugs[0] if slugs else None].append(paper)
    named = sorted(IssueSection(topics[s].name, s, found) for s, found in groups.items() if s is not None)
    return named + ([IssueSection("Unsorted", None, groups[None])] if None in groups else [])
