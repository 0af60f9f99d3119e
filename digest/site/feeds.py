"""Atom and RSS feeds (feedgen) for the whole digest and for each topic.

Dates come from the issue months, never from the clock, so two builds of the same
entries write the same feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache, partial
from html import escape

from feedgen.feed import FeedGenerator

from digest.common.model import Entry
from digest.common.safehtml import prose_html
from digest.entries.vocab import vocabulary
from digest.evidence.format import first_sentence, issue_date
from digest.site.pages import paths
from digest.site.pages.context import Context

FEED_LIMIT = 50
# Feeds sit at the site root (paths.site_feed), so the stylesheet's path is relative.
STYLESHEET = "assets/feed.xsl"
STYLESHEET_PI = f'<?xml-stylesheet type="text/xsl" href="{STYLESHEET}"?>'.encode()
KINDS = ("atom", "rss")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def feed_files(context: Context) -> dict[str, bytes]:
    """Every feed file, by its path in the docs tree: none without the site's URL, which
    feeds need for their ids and links."""
    if not context.site_url:
        return {}
    catalogue = context.catalogue
    stamp = _published(catalogue.entries[0]) if catalogue.entries else _EPOCH
    # An entry appears in the site feed and in each of its topics' feeds: render it once.
    content = cache(_html)
    files = _feeds(
        context, catalogue.entries, context.site_name, paths.HOME, paths.site_feed, stamp, content
    )
    for term in vocabulary().topics:
        files |= _feeds(
            context,
            catalogue.by_topic.get(term.id, []),
            f"{context.site_name}: {term.label}",
            paths.topic(term.slug),
            partial(paths.topic_feed, term.slug),
            stamp,
            content,
        )
    return files


def _feeds(
    context: Context,
    entries: Sequence[Entry],
    title: str,
    page_path: str,
    feed_path: Callable[[str], str],
    stamp: datetime,
    content: Callable[[Entry], str],
) -> dict[str, bytes]:
    files = {}
    for kind in KINDS:
        feed = _feed(context, title, page_path, feed_path(kind), stamp)
        for entry in entries[:FEED_LIMIT]:
            _add(feed, entry, context.absolute(paths.entry(entry.id)), content(entry))
        text = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
        files[feed_path(kind)] = styled(text)
    return files


def styled(feed: bytes) -> bytes:
    """The feed, naming the stylesheet that shows it as a page in a browser."""
    declaration, _, rest = feed.partition(b"\n")
    return b"\n".join([declaration, STYLESHEET_PI, rest])


def _feed(
    context: Context, title: str, page_path: str, self_path: str, stamp: datetime
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(context.absolute(page_path))
    feed.title(title)
    feed.subtitle(f"New summaries in {title}")
    feed.link(href=context.absolute(page_path), rel="alternate")
    feed.link(href=context.absolute(self_path), rel="self")
    feed.author(name=context.site_name)
    feed.language("en")
    feed.updated(stamp)
    feed.lastBuildDate(stamp)
    return feed


def _add(feed: FeedGenerator, entry: Entry, url: str, html: str) -> None:
    item = feed.add_entry(order="append")
    item.id(url)
    item.title(entry.title)
    item.link(href=url)
    item.published(_published(entry))
    item.updated(_published(entry))
    # RSS readers take the description for HTML: the plain sentence goes in escaped.
    item.summary(escape(first_sentence(entry.summary)), type="html")
    item.content(html, type="html")
    for topic in entry.topics:
        item.category(term=topic)


def _html(entry: Entry) -> str:
    return prose_html(f"{entry.summary}\n\n## Practice implications\n\n{entry.implications}")


def _published(entry: Entry) -> datetime:
    day = issue_date(entry.issue)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
