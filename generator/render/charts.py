"""The topics' colours (the map's, the legends' and the charts') and the stats charts as static
SVG, rendered at build time (the map is drawn in the browser: generator/render/map_data.py).

The charts are matplotlib's SVG backend, made deterministic (fixed hash salt, no date metadata, text
kept as text) and palette-aware (text and axes drawn in `currentColor`, which the page's
light or dark scheme sets). Untrusted text (titles, names) is escaped for XML, or is text to
matplotlib, which escapes it.
"""

from __future__ import annotations

import html
import io
from typing import Mapping, Sequence

# Twenty hues around the OKLCH circle at two lightnesses, each at least 3:1 against both page
# backgrounds (white, and Material's slate #1e2129: from 3.05 to 5.3), so a point is seen in
# either scheme (WCAG 1.4.11); no two closer than 15.6 in CIELAB (the Okabe-Ito/Tableau mix this
# replaces had 10 of 21 colours under 3:1 on white and two 9.5 apart). Listed with a stride of 7
# through the hue circle, so topics next to each other in slug order get distant hues.
PALETTE = ("#b4446e", "#749c0b", "#0c72cb", "#f43a57", "#098a1d", "#6180fe", "#c43b10", "#02a671",
           "#7153dd", "#d46b01", "#158374", "#ae5cf3", "#9a6509", "#179fa3", "#9d4ba5", "#ab8704",
           "#0d7f95", "#de43b1", "#79760c", "#1498ce")
UNSORTED = "#858585"
PAGE_BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}
_INK = "#010203"          # drawn by matplotlib, replaced by currentColor
MAX_TICK_LABELS = 12                 # category labels under a vertical bar chart


def topic_colours(slugs: Sequence[str]) -> dict[str | None, str]:
    colours: dict[str | None, str] = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(sorted(slugs))}
    colours[None] = UNSORTED
    return colours


def _esc(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def _figure(height_in: float):
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "paper-digest", "svg.fonttype": "none", "font.size": 10,
                         "text.color": _INK, "axes.edgecolor": _INK, "axes.labelcolor": _INK,
                         "xtick.color": _INK, "ytick.color": _INK, "axes.spines.top": False,
                         "axes.spines.right": False, "font.family": "sans-serif"})
    figure, axes = plt.subplots(figsize=(8, height_in))
    figure.patch.set_alpha(0)
    axes.patch.set_alpha(0)
    return plt, figure, axes


def _svg(plt, figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    figure.tight_layout()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title,
                                                   "Description": description})
    plt.close(figure)
    svg = buffer.getvalue().replace(_INK, "currentColor")
    svg = svg[svg.index("<svg"):]                                  # no XML prolog inside HTML
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_esc(title)}" class="digest-chart" ', 1)
    return "".join(line.strip() for line in svg.splitlines())    # one line: a raw HTML block in Markdown


def bar_chart(labels: Sequence[str], values: Sequence[int], colours: Sequence[str], title: str,
              description: str) -> str:
    """Horizontal bars, largest on top."""
    plt, figure, axes = _figure(max(1.6, 0.32 * len(labels) + 0.8))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=list(colours))
    axes.set_yticks(positions, labels=list(labels))
    for position, value in zip(positions, values):
        axes.text(value, position, f" {value}", va="center")
    axes.set_xlabel("papers")
    return _svg(plt, figure, title, description)


def stacked_bar_chart(categories: Sequence[str], series: Mapping[str, Sequence[int]], colours: Mapping[str, str],
                      title: str, description: str, horizontal: bool = False) -> str:
    """One bar per category, stacked by series (in the given order), with a legend."""
    plt, figure, axes = _figure(max(2.4, 0.32 * len(categories) + 1.2) if horizontal else 3.6)
    positions = list(range(len(categories)))
    base = [0] * len(categories)
    for name, values in series.items():
        if horizontal:
            axes.barh(positions[::-1], values, left=base, color=colours[name], label=name)
        else:
            axes.bar(positions, values, bottom=base, color=colours[name], label=name)
        base = [b + v for b, v in zip(base, values)]
    if horizontal:
        axes.set_yticks(positions[::-1], labels=list(categories))
        axes.set_xlabel("papers")
    else:
        # At most MAX_TICK_LABELS labels, every k-th, turned 45°: a year of months drawn one label
        # a bar ran into one unreadable string.
        step = max(1, -(-len(categories) // MAX_TICK_LABELS))
        axes.set_xticks(positions[::step], labels=list(categories)[::step], rotation=45, ha="right")
        axes.set_ylabel("papers")
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, labelcolor=_INK)
    return _svg(plt, figure, title, description)
