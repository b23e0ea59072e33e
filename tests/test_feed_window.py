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


def test_a_feeds_key_changes_with_whatever_its_items_show_and_only_then() -> None:
    """generator/render/feed_keys.py: two feeds with one key are the same bytes, so every field an
    item shows (its highlight and topics too) and every item's place is in the key."""
    from dataclasses import replace
    from types import SimpleNamespace

    from generator.render.feed_keys import FeedKeys

    papers = _papers(dt.date(2025, 11, 28), 3, "a")
    topics = {p.id: [SimpleNamespace(slug="t", name="Topic")] for p in papers}
    highlights = {p.id: "A line." for p in papers}

    def key(items, **site) -> str:
        keys = FeedKeys(site.get("name", "Digest"), "https://digest.example.org/", "",
                        lambda paper: topics[paper.id], lambda paper: highlights[paper.id])
        return keys.key(FeedSpec("author", "x", "X", "Papers by X.", "authors/x/", tuple(items)))

    first = key(papers)
    assert key(papers) == first
    assert key(list(reversed(papers))) != first                        # an item's date follows its place
    assert key(papers, name="Another digest") != first
    assert key([replace(papers[0], authors=("A", "B")), *papers[1:]]) != first
    assert key([replace(papers[0], authors=("A", "B"), authors_truncated=True), *papers[1:]]) != \
        key([replace(papers[0], authors=("A", "B")), *papers[1:]])
    highlights["a-000"] = "Another line."
    assert key(papers) != first
    highlights["a-000"] = "A line."
    topics["a-001"] = [SimpleNamespace(slug="t", name="Topic, renamed")]
    assert key(papers) != first
