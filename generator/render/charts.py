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
WIDTH, HEIGHT, PAD = 960, 640, 24
MAX_TICK_LABELS = 12                 # category labels under a vertical bar chart
LABEL_SIZE = 15                      # px in the map's own units (CSS .digest-map__label says the same)
_LABEL_CHAR = 0.62 * LABEL_SIZE      # a bold sans-serif character's width, generously
_LABEL_HEIGHT = 1.25 * LABEL_SIZE


def topic_colours(slugs: Sequence[str]) -> dict[str | None, str]:
    colours: dict[str | None, str] = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(sorted(slugs))}
    colours[None] = UNSORTED
    return colours


def _esc(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


Box = tuple[float, float, float, float]          # left, top, right, bottom


def label_box(x: float, y: float, text: str) -> Box:
    """Where a label centred on (x, baseline y) lies, estimated from its length."""
    half = len(text) * _LABEL_CHAR / 2
    return x - half, y - 0.8 * _LABEL_HEIGHT, x + half, y + 0.2 * _LABEL_HEIGHT


def _overlap(a: Box, b: Box, margin: float = 3) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def place_labels(anchors: Sequence[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """Labels that do not collide: each (text, x, y) at its anchor, or else at the nearest spot
    around it (a spiral of offsets) that overlaps no label placed before and stays on the map.
    Anchors come largest topic first, so the big clusters keep their spot."""
    offsets = sorted(((dx * 12.0, dy * 9.0) for dx in range(-12, 13) for dy in range(-12, 13)),
                     key=lambda o: (o[0] ** 2 + (1.5 * o[1]) ** 2, o))
    placed: list[Box] = []
    result = []
    for text, x, y in anchors:
        box = None
        for dx, dy in offsets:
            candidate = label_box(x + dx, y + dy, text)
            if (candidate[0] >= 2 and candidate[2] <= WIDTH - 2 and candidate[1] >= 2 and candidate[3] <= HEIGHT - 2
                    and not any(_overlap(candidate, other) for other in placed)):
                box, x, y = candidate, x + dx, y + dy
                break
        if box is None:                  # nowhere free within reach: keep the anchor (never lost)
            box = label_box(x, y, text)
        placed.append(box)
        result.append((text, x, y))
    return result


def map_svg(points: Mapping[str, tuple[float, float]], titles: Mapping[str, str],
            topic_of: Mapping[str, str | None], topic_names: Mapping[str, str], colours: Mapping[str | None, str],
            href: str, emphasise: str | None = None) -> str:
    """The map: a circle link per paper (`href` + id + '/'), topic names at their clusters.

    Bytes matter (a map of 6,000 papers is one page): a point is its link, title and circle,
    nothing more; the keyboard and the visible titles are assets/javascripts/digest-map.js."""
    def place(x: float, y: float) -> tuple[float, float]:
        return round(PAD + x * (WIDTH - 2 * PAD)), round(PAD + (1 - y) * (HEIGHT - 2 * PAD))

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
    anchors = []
    for slug, name in sorted(topic_names.items()):
        members = [points[i] for i in points if topic_of.get(i) == slug]
        if members:
            xs, ys = sorted(p[0] for p in members), sorted(p[1] for p in members)
            anchors.append((len(members), " ".join(name.split()), *place(xs[len(xs) // 2], ys[len(ys) // 2])))
    anchors.sort(key=lambda a: (-a[0], a[1]))
    for text, x, y in place_labels([(text, x, y) for _, text, x, y in anchors]):
        parts.append(f'<text x="{x:.0f}" y="{y:.0f}" class="digest-map__label" text-anchor="middle" '
                     f'aria-hidden="true">{_esc(text)}</text>')
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
        # At most MAX_TICK_LABELS labels, every k-th, turned 45°: a year of months drawn one label
        # a bar ran into one unreadable string.
        step = max(1, -(-len(categories) // MAX_TICK_LABELS))
        axes.set_xticks(positions[::step], labels=list(categories)[::step], rotation=45, ha="right")
        axes.set_ylabel("papers")
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, labelcolor=_INK)
    return _svg(plt, figure, title, description)
