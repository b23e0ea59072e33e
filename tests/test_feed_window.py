"""The main feed at a field's flow: a whole day of papers, in the digest's order, read by feedparser."""

from __future__ import annotations

import datetime as dt

import feedparser

from generator.models import Paper, newest_first
from generator.render.feeds import FEED_ITEMS, FeedSpec, _newest, build_feed, paper_uuid


def _papers(day: dt.date, count: int, prefix: str) -> list[Paper]:
    return [Paper(id=f"{prefix}-{i:03d}", title=f"Paper {prefix} {i}", abstract="An abstract.", added=day)
            for i in range(count)]


def test_the_main_feed_holds_the_whole_newest_day_in_the_digests_order() -> None:
    newest, before = dt.date(2025, 11, 28), dt.date(2025, 11, 27)
    papers = _papers(before, 300, "b") + _papers(newest, 662, "a")      # the largest real day seen
    spec = FeedSpec("all", None, "all papers", "Every paper.", "", _newest(papers))
    for atom in (False, True):
        feed = build_feed(spec, "Digest", "https://digest.example.org/", lambda paper: [], "feed.xml", atom=atom)
        parsed = feedparser.parse(feed.atom_str() if atom else feed.rss_str())
        assert parsed.bozo == 0
        expected = newest_first(p for p in papers if p.added == newest)
        assert [e.id for e in parsed.entries] == [paper_uuid(p.id) for p in expected]
        # Dated one second apart in that order, so readers that sort by date keep it.
        stamps = [e.published_parsed for e in parsed.entries]
        assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == len(stamps)
        assert all(s[:3] == (2025, 11, 28) for s in stamps)


def test_a_quiet_day_is_filled_up_with_the_days_before() -> None:
    papers = _papers(dt.date(2025, 11, 28), 7, "a") + _papers(dt.date(2025, 11, 27), 100, "b")
    held = _newest(papers)
    assert len(held) == FEED_ITEMS and [p.id for p in held[:7]] == [f"a-{i:03d}" for i in range(7)]
