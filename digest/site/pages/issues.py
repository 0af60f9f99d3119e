"""Pages by date: each month's issue, this month's issue, each year, the archive."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from itertools import groupby

from digest.evidence.format import month_name
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.describe import month_description, year_description
from digest.site.pages.render import page


def issue_pages(context: Context) -> dict[str, str]:
    return {path: make() for path, make in issue_makers(context).items()}


def issue_makers(context: Context) -> dict[str, Callable[[], str]]:
    """Each page by date, by its path, as a function that writes it."""
    catalogue = context.catalogue
    makers: dict[str, Callable[[], str]] = {
        paths.month(m): partial(month_page, context, m, paths.month(m)) for m in catalogue.months
    }
    if catalogue.months:
        makers[paths.THIS_MONTH] = partial(
            month_page, context, catalogue.months[0], paths.THIS_MONTH
        )
    years = _years(catalogue.months)
    for i, (year, _) in enumerate(years):
        makers[paths.year(year)] = partial(year_page, context, years, i)
    makers[paths.ARCHIVE] = partial(archive_page, context)
    return makers


def year_page(context: Context, years: list[tuple[int, list[str]]], i: int) -> str:
    year, months = years[i]
    path = paths.year(year)
    rows = [(m, context.catalogue.by_month[m]) for m in months]
    description = year_description(year, sum(len(entries) for _, entries in rows))
    meta = {"title": str(year), "section": paths.ARCHIVE, "description": description}
    # Newest first: the following year is the one before in the list.
    following = years[i - 1][0] if i > 0 else None
    previous = years[i + 1][0] if i + 1 < len(years) else None
    return page(
        "year.md.j2", path, meta, year=year, months=rows, previous=previous, following=following
    )


def month_page(context: Context, issue: str, path: str) -> str:
    previous, following = context.catalogue.neighbours(issue)
    heading = month_name(issue)
    # "Latest", not "this month": the newest issue may be months old.
    if path == paths.THIS_MONTH:
        heading = f"Latest issue: {heading}"
    description = month_description(issue, context.catalogue.by_month[issue])
    meta = (
        {"title": heading, "description": description}
        if path == paths.THIS_MONTH
        else {"title": heading, "section": paths.ARCHIVE, "description": description}
    )
    return page(
        "month.md.j2",
        path,
        meta,
        heading=heading,
        entries=context.catalogue.by_month[issue],
        previous=previous,
        following=following,
    )


def archive_page(context: Context) -> str:
    by_month = context.catalogue.by_month
    years = [(y, [(m, by_month[m]) for m in months]) for y, months in _years(by_month)]
    return page("archive.md.j2", paths.ARCHIVE, {"title": "Archive"}, years=years)


def _years(months: Iterable[str]) -> list[tuple[int, list[str]]]:
    """Issue months grouped by year, both newest first."""
    ordered = sorted(months, reverse=True)
    return [(int(y), list(ms)) for y, ms in groupby(ordered, key=lambda m: m[:4])]
