"""The home page and the search page."""

from __future__ import annotations

from digest.entries.vocab import vocabulary
from digest.site import charts
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.render import page
from digest.site.search_vocabulary import vocabulary_json


def home_page(context: Context) -> str:
    catalogue = context.catalogue
    return page(
        "home.md.j2",
        paths.HOME,
        {},
        site_name=context.site_name,
        intro=context.intro("home.md"),
        feeds=bool(context.site_url),
        signup=context.signup,
        catalogue=catalogue,
        latest=catalogue.months[0] if catalogue.months else None,
        topics_in_use=len(catalogue.by_topic),
        # Bars of links rather than an image: each opens its topic, at any width.
        bars=charts.topic_bars(catalogue),
        bars_caption="Summaries per topic, for the most covered topics",
    )


def search_page(context: Context) -> str:
    terms = vocabulary_json(context.catalogue, vocabulary())
    return page("search.md.j2", paths.SEARCH, {"title": "Search"}, vocabulary=terms)
