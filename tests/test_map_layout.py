"""The map's layout (generator/group/map_layout.py): clusters kept apart, a new day moves no paper,
a new epoch moves old papers only a little, and a cached chain gives what a clean one gives."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from generator.group.map_layout import MapPaper, epochs, layout

DAY0 = dt.date(2026, 1, 5)


def clustered_papers(days: int, per_day: int, clusters: int = 4, seed: int = 3,
                     first_day: int | None = None) -> list[MapPaper]:
    """Papers around `clusters` well-apart directions of a 64-d space, `per_day` a day (the first
    day `first_day`); the id says the cluster ('c2-...')."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, 64))
    papers = []
    for day in range(days):
        for n in range(first_day if day == 0 and first_day else per_day):
            c = len(papers) % clusters
            v = centres[c] + 0.35 * rng.normal(size=64)
            papers.append(MapPaper(f"c{c}-d{day:02d}-{n:02d}", DAY0 + dt.timedelta(days=day),
                                   (v / np.linalg.norm(v)).astype(np.float32)))
    return papers


def test_every_paper_is_placed_in_the_unit_square_and_clusters_stay_apart(tmp_path: Path) -> None:
    papers = clustered_papers(days=6, per_day=40)
    placed = layout(papers, tmp_path / "layouts.sqlite3")
    assert set(placed) == {p.id for p in papers}
    xy = np.array([placed[p.id] for p in papers])
    assert xy.min() >= 0 and xy.max() <= 1 and np.isclose(np.ptp(xy, axis=0).max(), 1)
    cluster = np.array([p.id[:2] for p in papers])
    # each paper's five nearest on the map: almost all of its own cluster
    distances = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    np.fill_diagonal(distances, np.inf)
    nearest = np.argsort(distances, axis=1)[:, :5]
    assert np.mean(cluster[nearest] == cluster[:, None]) > 0.9


def test_a_new_day_moves_no_paper_and_a_new_epoch_moves_them_a_little(tmp_path: Path) -> None:
    papers = clustered_papers(days=9, per_day=12, first_day=80)
    cache = tmp_path / "layouts.sqlite3"
    ends = [len(e) for e in epochs(papers)]
    assert ends == [80, 104, 140]          # a new epoch once 25% more papers have come (the newest day never ends one)
    kinds = set()
    for days in range(2, 10):
        shown = [p for p in papers if p.added < DAY0 + dt.timedelta(days=days)]
        yesterday = [p for p in shown if p.added < DAY0 + dt.timedelta(days=days - 1)]
        before, after = layout(yesterday, cache), layout(shown, cache)
        moved = np.array([np.hypot(after[i][0] - xy[0], after[i][1] - xy[1]) for i, xy in before.items()])
        if len(epochs(shown)) == len(epochs(yesterday)):
            kinds.add("placed")
            assert moved.max() == 0, days                     # placed beside the laid-out papers, none moved
        else:
            kinds.add("new epoch")
            assert np.median(moved) < 0.1, (days, np.median(moved))    # a short warm start, not a new map
    assert kinds == {"placed", "new epoch"}


def test_a_cached_chain_gives_the_positions_a_clean_one_gives(tmp_path: Path) -> None:
    papers = clustered_papers(days=5, per_day=25)
    cache = tmp_path / "layouts.sqlite3"
    layout(papers[:100], cache)                             # the chain up to yesterday, cached
    incremental = layout(papers, cache)
    clean = layout(papers, tmp_path / "other.sqlite3")
    assert incremental == clean
    assert layout(papers, None) == clean                    # and without any cache


def test_a_damaged_cache_costs_time_not_the_layout(tmp_path: Path) -> None:
    papers = clustered_papers(days=3, per_day=20)
    cache = tmp_path / "layouts.sqlite3"
    cache.write_bytes(b"half-written" * 50)
    assert layout(papers, cache) == layout(papers, None)
    with sqlite3.connect(cache) as db:                      # made anew; now a row cut short
        db.execute("UPDATE layouts SET xy = substr(xy, 1, 8)")
    assert layout(papers, cache) == layout(papers, None)


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_tiny_digests_are_laid_out(count: int) -> None:
    papers = clustered_papers(days=1, per_day=5)[:count]
    placed = layout(papers)
    assert set(placed) == {p.id for p in papers}
    if count == 1:
        assert placed[papers[0].id] == (0.5, 0.5)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in placed.values())


def test_a_new_day_places_only_its_own_papers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.group.map_layout as map_layout

    papers = clustered_papers(days=4, per_day=5, first_day=80)       # one epoch; 15 papers placed beside it
    cache = tmp_path / "layouts.sqlite3"
    yesterday = [p for p in papers if p.added < DAY0 + dt.timedelta(days=3)]
    before = layout(yesterday, cache)
    placed_now: list[str] = []
    real = map_layout._beside
    monkeypatch.setattr(map_layout, "_beside", lambda new, *rest: placed_now.extend(p.id for p in new) or real(new, *rest))
    after = layout(papers, cache)
    assert sorted(placed_now) == sorted(p.id for p in papers if p.added == DAY0 + dt.timedelta(days=3))
    assert all(after[i] == xy for i, xy in before.items())            # and the others exactly where they were
    assert after == layout(papers, tmp_path / "clean.sqlite3")        # as a clean build places them
