"""The table `digest topics report` prints."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

LEAST_CONFIDENT = 3


def print_topic_report(analysis) -> None:
    digest, grouping = analysis.digest, analysis.grouping
    total = len(digest.papers)
    table = Table(title=f"{len(digest.topics)} topics, {total} papers")
    for column, justify in (("topic", "left"), ("papers", "right"), ("top keyphrases", "left"),
                            ("least sure of it as their first topic", "left")):
        table.add_column(column, justify=justify)
    for slug, ids in grouping.topic_members.items():
        tags = Counter(tag for pid in ids for tag in grouping.tags[pid])
        top = ", ".join(t for t, _ in sorted(tags.items(), key=lambda i: (-i[1], i[0]))[:5])
        # in the unit of `topics show` and `review`: how sure the classifier is of a paper's first
        # topic (a topic's score for a paper it is a further topic of is another measure)
        weakest = [(a.confidence, pid) for pid in ids for a in [grouping.assignments[pid]]
                   if not a.pinned and a.slugs[0] == slug]
        weak = ", ".join(f"{pid} ({c:.0%} sure)" for c, pid in sorted(weakest)[:LEAST_CONFIDENT])
        table.add_row(f"{slug}", f"{len(ids)} ({len(ids) / total:.0%})", top, weak)
    table.add_row("Unsorted", f"{len(grouping.unsorted)} ({len(grouping.unsorted) / max(total, 1):.0%})",
                  "", ", ".join(grouping.unsorted[:12]) + (" ..." if len(grouping.unsorted) > 12 else ""))
    Console(width=200).print(table)
