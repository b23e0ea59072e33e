"""The map's colours (generator/render/charts.py), seen in both schemes, and its data
(generator/render/map_data.py): 5 bytes a paper, titles in chunks, labels at a topic's core."""

from __future__ import annotations

import itertools
import json
import random

import numpy as np

from generator.render import charts, map_data


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


def test_points_are_five_bytes_a_paper_and_read_back_as_written() -> None:
    rng = random.Random(7)
    order = [f"paper-{i:05d}" for i in range(75_000)]
    points = {i: (rng.random(), rng.random()) for i in order}
    topics = {i: n % 21 for n, i in enumerate(order)}
    data = map_data.points_file(order, points, topics)
    assert len(data) == 5 * 75_000                                   # 375 KB for a year of a field
    n = len(order)
    xs = np.frombuffer(data, dtype="<u2", count=n)
    ys = np.frombuffer(data, dtype="<u2", count=n, offset=2 * n)
    ts = np.frombuffer(data, dtype="u1", count=n, offset=4 * n)
    for k in (0, 1234, n - 1):
        assert abs(xs[k] / 65535 - points[order[k]][0]) < 1e-4 and abs(ys[k] / 65535 - points[order[k]][1]) < 1e-4
        assert ts[k] == topics[order[k]]


def test_titles_come_in_chunks_that_hold_every_paper_once_in_order() -> None:
    order = [f"p{i}" for i in range(2 * map_data.CHUNK + 5)]
    files = map_data.title_files(order, {i: f"Title of {i} <b>&</b>" for i in order})
    assert sorted(files) == ["papers-0.json", "papers-1.json", "papers-2.json"]
    rows = [row for k in range(3) for row in json.loads(files[f"papers-{k}.json"])]
    assert [r[0] for r in rows] == order and rows[7][1] == "Title of p7 <b>&</b>"     # text: the script sets textContent


def test_a_topic_label_sits_where_most_of_its_papers_are_not_between_its_clusters() -> None:
    rng = random.Random(3)
    big = [(0.8 + rng.gauss(0, 0.02), 0.2 + rng.gauss(0, 0.02)) for _ in range(70)]
    small = [(0.1 + rng.gauss(0, 0.02), 0.9 + rng.gauss(0, 0.02)) for _ in range(30)]
    x, y = map_data.dense_core(big + small)
    assert abs(x - 0.8) < 0.05 and abs(y - 0.2) < 0.05              # the mean is at (0.59, 0.41), between them
    third = [(0.1 + rng.gauss(0, 0.02), 0.1 + rng.gauss(0, 0.02)) for _ in range(30)]
    x, y = map_data.dense_core(big[:40] + small + third)             # the median: (0.1, 0.2), beside the third
    assert abs(x - 0.8) < 0.05 and abs(y - 0.2) < 0.05
    assert map_data.dense_core([(0.3, 0.6)]) == (0.3, 0.6)
