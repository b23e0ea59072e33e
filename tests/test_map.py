"""The map's SVG (generator/render/charts.py): colours seen in both schemes, labels that do not
collide, a link per paper, and a size that stays small at thousands of papers."""

from __future__ import annotations

import itertools
import random
import re

from generator.render import charts


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_point_colour_has_3_to_1_contrast_on_both_schemes_backgrounds() -> None:
    colours = set(charts.topic_colours([f"t{i}" for i in range(20)]).values())
    assert len(colours) == 21                                         # 20 topics and Unsorted, all different
    for scheme, background in charts.PAGE_BACKGROUNDS.items():
        weak = {c: round(contrast(c, background), 2) for c in colours if contrast(c, background) < 3}
        assert weak == {}, scheme


def _lab(colour: str) -> tuple[float, float, float]:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_no_two_topic_colours_are_near_duplicates() -> None:
    colours = list(charts.PALETTE) + [charts.UNSORTED]
    closest = min(sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5
                  for a, b in itertools.combinations(colours, 2))
    assert closest >= 15                                              # CIELAB ΔE; was 9.5


def test_labels_at_the_same_spot_are_moved_apart_and_stay_on_the_map() -> None:
    anchors = [("Reinforcement learning", 480, 320), ("Robotics and embodied agents", 480, 322),
               ("Graph learning", 470, 318), ("Generative models", 950, 630)]
    placed = charts.place_labels(anchors)
    boxes = [charts.label_box(x, y, text) for text, x, y in placed]
    assert placed[0] == anchors[0]                                    # the first (largest) keeps its spot
    for a, b in itertools.combinations(boxes, 2):
        assert not charts._overlap(a, b, margin=0), (a, b)
    for left, top, right, bottom in boxes:
        assert 0 <= left and right <= charts.WIDTH and 0 <= top and bottom <= charts.HEIGHT


def synthetic_map(count: int) -> str:
    rng = random.Random(7)
    ids = [f"paper-{i:05d}-" + "x" * 18 for i in range(count)]              # 30 characters, as in content/
    slugs = [f"topic-{k}" for k in range(20)]
    return charts.map_svg({i: (rng.random(), rng.random()) for i in ids}, {i: "T" * 75 for i in ids},
                          {i: slugs[n % 20] for n, i in enumerate(ids)}, {s: s.title() for s in slugs},
                          charts.topic_colours(slugs), "../papers/")


def test_the_map_of_6000_papers_stays_under_200_bytes_a_paper() -> None:
    svg = synthetic_map(6000)
    assert len(svg.encode()) / 6000 <= 200                             # 185 with 75-character titles
    assert len(re.findall(r'<a href="\.\./papers/[^"]+/"><title>', svg)) == 6000   # still a link per paper


def test_topic_labels_are_hidden_from_screen_readers_who_have_the_legend() -> None:
    svg = synthetic_map(40)
    assert svg.count('class="digest-map__label"') == 20
    assert svg.count('aria-hidden="true"') == 20
