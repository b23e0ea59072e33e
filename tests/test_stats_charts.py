"""The stats charts over a year: every month shown, empty ones too, and labels that do not overlap."""

from __future__ import annotations

import re

from generator.render.charts import MAX_TICK_LABELS, stacked_bar_chart
from generator.render.stats_view import every_month


def test_every_month_between_the_first_and_the_last_is_shown() -> None:
    assert every_month(["2025-11", "2026-02"]) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert every_month(["2026-03"]) == ["2026-03"] and every_month([]) == []


def test_a_years_month_labels_are_few_enough_not_to_run_together() -> None:
    months = every_month(["2025-03", "2026-02"]) + every_month(["2026-03", "2027-02"])   # two years
    svg = stacked_bar_chart(months, {"Topic": [i % 7 for i in range(len(months))]}, {"Topic": "#0c72cb"},
                            "Papers added per month", "Each bar is a month.")
    labels = re.findall(r"<text[^>]*>(\d{4}-\d{2})</text>", svg)
    assert 2 <= len(labels) <= MAX_TICK_LABELS
    assert labels == months[::-(-len(months) // MAX_TICK_LABELS)]
    assert "rotate(-45" in svg                                  # turned, so neighbours do not touch
