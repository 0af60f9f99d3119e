"""Pages to browse by vocabulary: topics, research types and instruments."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

from digest.entries.vocab import Term, vocabulary
from digest.evidence.matrix import evidence_matrix
from digest.evidence.overlap import independent
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.describe import share_meta, topic_description, type_description
from digest.site.pages.plots import forest_plot
from digest.site.pages.render import page
from digest.site.pages.sharing import share_links

# A topic page lists this many effect sizes (the newest) and matrix rows (pooling the
# most studies); the evidence explorer, linked filtered to the topic, holds them all.
# Past these the page grows with the archive: 700 KB a topic at 5,000 entries.
EFFECTS_LISTED = 100
MATRIX_ROWS = 40


def browse_pages(context: Context) -> dict[str, str]:
    return {path: make() for path, make in browse_makers(context).items()}


def browse_makers(context: Context) -> dict[str, Callable[[], str]]:
    """Each page to browse by, by its path, as a function that writes it."""
    makers: dict[str, Callable[[], str]] = {paths.TOPICS: partial(topics_page, context)}
    for topic in vocabulary().topics:
        makers[paths.topic(topic.slug)] = partial(topic_page, context, topic)
    makers[paths.TYPES] = partial(types_page, context)
    for kind in vocabulary().research_types:
        makers[paths.research_type(kind.id)] = partial(type_page, context, kind)
    makers[paths.INSTRUMENTS] = partial(instruments_page, context)
    return makers


def topic_pages(context: Context) -> dict[str, str]:
    makers = browse_makers(context)
    wanted = [paths.TOPICS, *(paths.topic(t.slug) for t in vocabulary().topics)]
    return {path: makers[path]() for path in wanted}


def topics_page(context: Context) -> str:
    by_topic = context.catalogue.by_topic
    rows = [(t, by_topic.get(t.id, [])) for t in vocabulary().topics]
    return page("topics.md.j2", paths.TOPICS, {"title": "Topics"}, rows=rows)


def topic_page(context: Context, term: Term) -> str:
    entries = context.catalogue.by_topic.get(term.id, [])
    path = paths.topic(term.slug)
    intro = context.intro(path)
    meta = {
        "title": term.label,
        "section": paths.TOPICS,
        "description": topic_description(term.label, intro, len(entries)),
        **share_meta("topic", term.slug),
        "feeds": _topic_feeds(term.label, term.slug),
    }
    effects = [(e, f) for e in entries for f in e.effects if term.id in e.topics_of(f)]
    chart = f"charts/topic-{term.slug}"
    plot = forest_plot(context, chart, path, independent(effects), term.label)
    matrix = evidence_matrix(effects)
    return page(
        "topic.md.j2",
        path,
        meta,
        term=term,
        intro=intro,
        feeds=bool(context.site_url),
        share=share_links(context.share, term.label, context.absolute(path)),
        entries=entries,
        effects=effects[:EFFECTS_LISTED],
        effects_total=len(effects),
        matrix=matrix[:MATRIX_ROWS],
        matrix_total=len(matrix),
        explorer=f"{paths.EVIDENCE}?{urlencode({'topic': term.id})}",
        plot=plot,
    )


def types_page(context: Context) -> str:
    by_type = context.catalogue.by_type
    rows = [(t, by_type.get(t.id, [])) for t in vocabulary().research_types]
    return page("types.md.j2", paths.TYPES, {"title": "Research types"}, rows=rows)


def type_page(context: Context, term: Term) -> str:
    path = paths.research_type(term.id)
    intro = context.intro(path)
    entries = context.catalogue.by_type.get(term.id, [])
    description = type_description(term.label, intro, len(entries))
    return page(
        "type.md.j2",
        path,
        {"title": term.label, "section": paths.TYPES, "description": description},
        term=term,
        intro=intro,
        entries=entries,
    )


def instrument_page(context: Context) -> dict[str, str]:
    return {paths.INSTRUMENTS: instruments_page(context)}


def instruments_page(context: Context) -> str:
    by_instrument = context.catalogue.by_instrument
    rows = [(t, by_instrument.get(t.id, [])) for t in vocabulary().instruments]
    meta = {"title": "Instruments"}
    return page("instruments.md.j2", paths.INSTRUMENTS, meta, rows=rows)


def _topic_feeds(label: str, slug: str) -> list[dict[str, str]]:
    return [
        {
            "type": f"application/{kind}+xml",
            "title": f"{label} ({kind.upper()})",
            "href": paths.url(paths.topic_feed(slug, kind)),
        }
        for kind in ("atom", "rss")
    ]
