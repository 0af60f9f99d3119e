"""Pages to browse by vocabulary: topics, research types and instruments."""

from __future__ import annotations

from urllib.parse import urlencode

from digest.entries.vocab import vocabulary
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
    return {**topic_pages(context), **type_pages(context), **instrument_page(context)}


def topic_pages(context: Context) -> dict[str, str]:
    by_topic = context.catalogue.by_topic
    rows = [(t, by_topic.get(t.id, [])) for t in vocabulary().topics]
    pages = {paths.TOPICS: page("topics.md.j2", paths.TOPICS, {"title": "Topics"}, rows=rows)}
    for term, entries in rows:
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
        pages[path] = page(
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
    return pages


def type_pages(context: Context) -> dict[str, str]:
    by_type = context.catalogue.by_type
    rows = [(t, by_type.get(t.id, [])) for t in vocabulary().research_types]
    meta = {"title": "Research types"}
    pages = {paths.TYPES: page("types.md.j2", paths.TYPES, meta, rows=rows)}
    for term, entries in rows:
        path = paths.research_type(term.id)
        intro = context.intro(path)
        description = type_description(term.label, intro, len(entries))
        pages[path] = page(
            "type.md.j2",
            path,
            {"title": term.label, "section": paths.TYPES, "description": description},
            term=term,
            intro=intro,
            entries=entries,
        )
    return pages


def instrument_page(context: Context) -> dict[str, str]:
    by_instrument = context.catalogue.by_instrument
    rows = [(t, by_instrument.get(t.id, [])) for t in vocabulary().instruments]
    meta = {"title": "Instruments"}
    return {paths.INSTRUMENTS: page("instruments.md.j2", paths.INSTRUMENTS, meta, rows=rows)}


def _topic_feeds(label: str, slug: str) -> list[dict[str, str]]:
    return [
        {
            "type": f"application/{kind}+xml",
            "title": f"{label} ({kind.upper()})",
            "href": paths.url(paths.topic_feed(slug, kind)),
        }
        for kind in ("atom", "rss")
    ]
