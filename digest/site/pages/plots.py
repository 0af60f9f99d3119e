"""Forest plots as pages show them: placed, registered for rendering, and described."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from digest.common.model import Effect, Entry
from digest.site.forest import COMMON, Left, Placed, forest_alt, forest_spec, place
from digest.site.pages import paths
from digest.site.pages.context import Context

# Beyond this a forest plot stops being readable (and costs seconds to draw).
PLOT_LIMIT = 60


@dataclass(frozen=True)
class Plot:
    """A chart to show (``path`` is None when nothing could be placed) and what it left out."""

    path: str | None
    alt: str = ""
    shown: int = 0
    left: list[Left] = field(default_factory=list)
    placed: int = 0

    @property
    def capped(self) -> bool:
        return self.placed > self.shown


def forest_plot(
    context: Context,
    chart_path: str,
    page_path: str,
    pairs: Iterable[tuple[Entry, Effect]],
    subject: str,
    scale: str = COMMON,
    static: bool = True,
) -> Plot:
    """Place ``pairs`` on ``scale`` and register their plot for the page at ``page_path``.

    A plot shows at most PLOT_LIMIT effects, those pooling the most studies; ``placed``
    counts them all, for the page to say how many more the explorer holds.
    """
    placed, left = place(pairs, scale)
    if not placed:
        return Plot(None, left=left)
    shown = _largest(placed) if len(placed) > PLOT_LIMIT else placed
    one_study = len({p.entry.id for p in shown}) == 1
    spec = forest_spec(shown, scale, lambda e: entry_href(page_path, e), one_study)
    alt = forest_alt(shown, scale, subject)
    return Plot(context.chart(chart_path, spec, static), alt, len(shown), left, len(placed))


def _largest(placed: list[Placed]) -> list[Placed]:
    def studies(p: Placed) -> int:
        return p.effect.k.value if p.effect.k else 0

    kept = sorted(placed, key=studies, reverse=True)[:PLOT_LIMIT]
    return sorted(kept, key=lambda p: -p.value)


def entry_href(page_path: str, entry: Entry) -> str:
    """The entry page's URL relative to the URL of the page at ``page_path``."""
    target = paths.url(paths.entry(entry.id))
    return posixpath.relpath(target, paths.url(page_path) or ".") + "/"
