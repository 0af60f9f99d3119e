"""Forest plots as pages show them: placed, registered for rendering, and described."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from digest.forest import COMMON, Left, forest_alt, forest_spec, place
from digest.model import Effect, Entry
from digest.pages import paths
from digest.pages.context import Context


@dataclass(frozen=True)
class Plot:
    """A chart to show (``path`` is None when nothing could be placed) and what it left out."""

    path: str | None
    alt: str = ""
    shown: int = 0
    left: list[Left] = field(default_factory=list)


def forest_plot(
    context: Context,
    chart_path: str,
    page_path: str,
    pairs: Iterable[tuple[Entry, Effect]],
    subject: str,
    scale: str = COMMON,
) -> Plot:
    """Place ``pairs`` on ``scale`` and register their plot for the page at ``page_path``."""
    placed, left = place(pairs, scale)
    if not placed:
        return Plot(None, left=left)
    spec = forest_spec(placed, scale, lambda e: entry_href(page_path, e))
    return Plot(
        context.chart(chart_path, spec), forest_alt(placed, scale, subject), len(placed), left
    )


def entry_href(page_path: str, entry: Entry) -> str:
    """The entry page's URL relative to the URL of the page at ``page_path``."""
    target = paths.url(paths.entry(entry.id))
    return posixpath.relpath(target, paths.url(page_path) or ".") + "/"
