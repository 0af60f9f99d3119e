"""The Atom and RSS feeds of the built demo site, read back with feedparser."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import SITE_URL

from digest.entries.vocab import vocabulary


def parse(site: Path, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(("path", "version"), [("atom.xml", "atom10"), ("rss.xml", "rss20")])
def test_site_feed_lists_every_entry_newest_first(demo_site: Path, path: str, version: str) -> None:
    feed = parse(demo_site, path)
    assert feed.version == version
    assert len(feed.entries) == 11
    first = feed.entries[0]
    assert first.link == SITE_URL + "entries/2025-01-abargil-therapist-emotions/"
    assert first.title == "Therapist Emotional Responses Are Associated with Patient Experiences"
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert "Practice implications" in first.content[0].value


def test_topic_feed_holds_only_that_topics_entries(demo_site: Path) -> None:
    feed = parse(demo_site, "topic-empathy.atom.xml")
    assert feed.entries
    for item in feed.entries:
        assert "Empathy" in [tag.term for tag in item.tags]
    assert feed.feed.link == SITE_URL + "topics/empathy/"


def test_every_topic_has_both_feeds(demo_site: Path) -> None:
    for term in vocabulary().topics:
        for kind in ("atom", "rss"):
            parse(demo_site, f"topic-{term.slug}.{kind}.xml")


def test_empty_topic_feed_is_valid_and_empty(demo_site: Path) -> None:
    feed = parse(demo_site, "topic-placebo-effect.rss.xml")
    assert feed.entries == []
    assert feed.feed.title.endswith("Placebo Effect")
