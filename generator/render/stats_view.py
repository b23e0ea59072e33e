"""The stats page's figures (`StatsView`): papers per topic, per month and per lab, stacked by
first topic, as SVG charts with their tables, and each topic's commonest keyphrases."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from markupsafe import Markup

from generator.render import charts
from generator.render.site_view import SiteView


def every_month(keys: list[str]) -> list[str]:
    """Every "YYYY-MM" from the first of `keys` to the last, those between included."""
    if not keys:
        return []
    year, month = map(int, keys[0].split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= keys[-1]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class StatsView:
    """What stats.md.j2 asks, from the site's view of the digest."""

    def __init__(self, site: SiteView):
        self.site, self.digest, self.grouping, self.colours = site, site.digest, site.grouping, site.colours

    def _first_topic_series(self, groups: list[Iterable[str]]) -> dict[str, tuple[str | None, list[int]]]:
        """topic name -> (slug, how many papers of each group have it first); empty topics left out."""
        counted = [Counter(self.site.first_topic(pid) for pid in ids) for ids in groups]
        series = {}
        for slug, name in self.site.topics_by_name():
            values = [counts[slug] for counts in counted]
            if any(values):
                series[name] = (slug, values)
        return series

    def _stacked_chart(self, categories: list[str], series: dict[str, tuple[str | None, list[int]]], title: str,
                       description: str, horizontal: bool = False) -> Markup:
        return Markup(charts.stacked_bar_chart(categories, {n: v for n, (_, v) in series.items()},
                                               {n: self.colours[s] for n, (s, _) in series.items()},
                                               title, description, horizontal=horizontal))

    def topics(self) -> tuple[Markup, list[tuple[str, int]]]:
        rows = sorted(((t.name, len(self.grouping.topic_members.get(s, ())), s) for s, t in self.digest.topics.items()),
                      key=lambda r: (-r[1], r[0]))
        rows.append(("Unsorted", len(self.grouping.unsorted), None))
        svg = charts.bar_chart([r[0] for r in rows], [r[1] for r in rows], [self.colours[r[2]] for r in rows],
                               "Papers per topic", "How many papers each topic holds; a paper can be in up to three.")
        return Markup(svg), [(name, count) for name, count, _ in rows]

    def months(self) -> tuple[Markup, list[str], list[tuple[str, list[int]]]]:
        months = every_month(sorted(self.site.by_month))      # months with no additions shown as such
        series = self._first_topic_series([[p.id for p in self.site.by_month.get(m, ())] for m in months])
        svg = self._stacked_chart(months, series, "Papers added per month, by first topic",
                                  "Each bar is a month of additions, stacked by each paper's first topic.")
        return svg, months, [(n, v) for n, (_, v) in series.items()]

    def labs(self) -> tuple[Markup, list[tuple[str, int, list[tuple[str, int]]]]]:
        labs = sorted(self.digest.labs.values(), key=lambda lab: (-len(self.grouping.labs[lab.slug].given), lab.name))
        series = self._first_topic_series([self.grouping.labs[lab.slug].given for lab in labs])
        svg = self._stacked_chart([lab.name for lab in labs], series, "Papers per lab, by first topic",
                                  "Each bar is a lab's papers (the labs their files name), stacked by first topic.",
                                  horizontal=True)
        rows = [(lab.name, len(self.grouping.labs[lab.slug].given),
                 [(n, v[i]) for n, (_, v) in series.items() if v[i]]) for i, lab in enumerate(labs)]
        return svg, rows

    def keyphrases(self, n: int = 5) -> list[tuple[str, list[tuple[str, int]]]]:
        rows = [(topic.name, self.site.keyphrase_counts(self.grouping.topic_members.get(slug, ()), n))
                for slug, topic in sorted(self.digest.topics.items(), key=lambda i: i[1].name)]
        return [(name, counts) for name, counts in rows if counts]
