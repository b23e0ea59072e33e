"""Pictures of the digest as static SVG, rendered at build time: the map and the stats charts.

The map is written here directly: every paper is an SVG link (`<a href>` around a circle) whose
`<title>` is its accessible name and tooltip, which no charting library emits per point. The
charts are matplotlib's SVG backend, made deterministic (fixed hash salt, no date metadata, text
kept as text) and palette-aware (text and axes drawn in `currentColor`, which the page's
light or dark scheme sets). Untrusted text (titles, names) is escaped for XML, or is text to
matplotlib, which escapes it.
"""

from __future__ import annotations

import html
import io
from typing import Mapping, Sequence

# Okabe-Ito and Tableau colours, distinguishable in both schemes; Unsorted is grey.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#4E79A7",
           "#F28E2B", "#59A14F", "#B07AA1", "#EDC948", "#76B7B2", "#FF9DA7", "#9C755F", "#E15759",
           "#8CD17D", "#B6992D", "#499894", "#D37295")
UNSORTED = "#9E9E9E"
_INK = "#010203"          # drawn by matplotlib, replaced by currentColor
WIDTH, HEIGHT, PAD = 960, 640, 24


def topic_colours(slugs: Sequence[str]) -> dict[str | None, str]:
    colours: dict[str | None, str] = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(sorted(slugs))}
    colours[None] = UNSORTED
    return colours


def _esc(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def map_svg(points: Mapping[str, tuple[float, float]], titles: Mapping[str, str],
            topic_of: Mapping[str, str | None], topic_names: Mapping[str, str], colours: Mapping[str | None, str],
            href: str, emphasise: str | None = None) -> str:
    """The map: a circle link per paper (`href` + id + '/'), topic names at their clusters."""
    def place(x: float, y: float) -> tuple[str, str]:
        return f"{PAD + x * (WIDTH - 2 * PAD):.0f}", f"{PAD + (1 - y) * (HEIGHT - 2 * PAD):.0f}"

    # one class per colour, so a point carries a short class name rather than its colour
    classes = {colour: f"c{i}" for i, colour in enumerate(sorted(set(colours.values())))}
    style = "".join(f".{name}{{fill:{colour}}}" for colour, name in sorted(classes.items(), key=lambda i: i[1]))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="digest-map" '
             f'role="group" aria-label="Map of {len(points)} papers: similar papers lie close together">'
             f"<style>{style}circle{{r:5px}}.f{{opacity:.25}}</style>"]
    for paper_id in sorted(points, key=lambda i: (topic_of.get(i) == emphasise, i)):
        cx, cy = place(*points[paper_id])
        topic = topic_of.get(paper_id)
        faded = " f" if emphasise is not None and topic != emphasise else ""
        parts.append(f'<a href="{_esc(href + paper_id)}/"><title>{_esc(titles[paper_id])}</title>'
                     f'<circle cx="{cx}" cy="{cy}" class="{classes[colours[topic]]}{faded}"/></a>')
    for slug, name in sorted(topic_names.items()):
        members = [points[i] for i in points if topic_of.get(i) == slug]
        if not members:
            continue
        xs, ys = sorted(p[0] for p in members), sorted(p[1] for p in members)
        x, y = place(xs[len(xs) // 2], ys[len(ys) // 2])
        parts.append(f'<text x="{x}" y="{y}" class="digest-map__label" text-anchor="middle">{_esc(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
        axes.set_xticks(positions, labels=list(categories))
        axes.set_ylabel("papers")
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, labelcolor=_INK)
    return _svg(plt, figure, title, description)
