"""Entry pages, at /entries/<id>/: one summarised study, its metadata and related entries."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from digest.common.model import Entry
from digest.evidence.format import first_sentence
from digest.site.forest import entry_scale
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.describe import share_meta
from digest.site.pages.metadata import citation_tags, json_ld
from digest.site.pages.plots import Plot, forest_plot
from digest.site.pages.render import page
from digest.site.pages.sharing import share_links
from digest.site.search import search_terms


def entry_pages(context: Context) -> dict[str, str]:
    return {path: make() for path, make in entry_makers(context).items()}


def entry_makers(context: Context) -> dict[str, Callable[[], str]]:
    return {paths.entry(e.id): partial(entry_page, e, context) for e in context.catalogue.entries}


def entry_page(entry: Entry, context: Context) -> str:
    path = paths.entry(entry.id)
    meta = {
        "title": entry.title,
        "section": paths.ARCHIVE,
        "description": first_sentence(entry.summary),
        "citation_tags": citation_tags(entry.citation),
        "jsonld": json_ld(entry, context.absolute(path), context.site_name),
        "og_type": "article",
        **share_meta("entry", entry.id),
    }
    return page(
        "entry.md.j2",
        path,
        meta,
        entry=entry,
        related=context.catalogue.related(entry),
        overlaps=context.catalogue.overlaps(entry),
        summary=context.summaries.get(entry.id),
        share=share_links(context.share, entry.title, context.absolute(path)),
        feeds=bool(context.site_url),
        signup=context.signup,
        search_terms=search_terms(entry),
        plot=entry_plot(entry, context),
    )


def entry_plot(entry: Entry, context: Context) -> Plot:
    """A compact forest plot when two or more effects share a scale."""
    scale = entry_scale(entry.effects)
    if scale is None:
        return Plot(None)
    pairs = [(entry, f) for f in entry.effects]
    path = paths.entry(entry.id)
    # Drawn in the browser: a static SVG per entry would cost a tenth of a second each,
    # minutes at archive scale, and the effect table above already holds every value.
    chart = f"charts/entry-{entry.id}"
    return forest_plot(context, chart, path, pairs, "this study", scale, static=False)
