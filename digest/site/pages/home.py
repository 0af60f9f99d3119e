"""The home page and the search page."""

from __future__ import annotations

from digest.site import charts
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.render import page


def home_page(context: Context) -> str:
    catalogue = context.catalogue
    return page(
        "home.md.j2",
        paths.HOME,
        {},
        intro=context.intro("home.md"),
        catalogue=catalogue,
        latest=catalogue.months[0] if catalogue.months else None,
        topics_in_use=len(catalogue.by_topic),
        chart=_topics_chart(context),
        chart_alt=charts.topics_chart_alt(charts.topic_counts(catalogue)),
    )


def _topics_chart(context: Context) -> str | None:
    counts = charts.topic_counts(context.catalogue)
    return context.chart(charts.TOPICS_CHART, charts.topics_chart(counts)) if counts else None


def search_page(context: Context) -> str:
    return page("search.md.j2", paths.SEARCH, {"title": "Search"})
