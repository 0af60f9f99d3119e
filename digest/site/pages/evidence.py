"""The Evidence section: an overview plot, the explorer and its data, the data dictionary."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from digest.common.model import Effect, Entry
from digest.entries.vocab import vocabulary
from digest.evidence.exports import FORMATS, dictionary, file_name
from digest.evidence.format import any_interval, estimate, p_text, short_citation
from digest.evidence.overlap import independent
from digest.site.pages import paths
from digest.site.pages.catalogue import Catalogue
from digest.site.pages.context import Context
from digest.site.pages.plots import forest_plot
from digest.site.pages.render import page
from digest.stats.effects import Converted, convert

OVERVIEW_LIMIT = 40
EXPLORER_FIELDS = (
    "entry", "study", "issue", "year", "type", "topics", "predictor", "outcome", "measure",
    "value", "value_text", "ci_text", "k", "k_text", "n", "n_text", "p_text", "d", "r",
    "magnitude",
)  # fmt: skip


def evidence_pages(context: Context) -> dict[str, str]:
    return {path: make() for path, make in evidence_makers(context).items()}


def evidence_makers(context: Context) -> dict[str, Callable[[], str]]:
    return {
        paths.EVIDENCE: partial(evidence_page, context),
        paths.DATA_DICTIONARY: data_dictionary_page,
        paths.EXPLORER_DATA: partial(explorer_data, context.catalogue),
    }


def evidence_page(context: Context) -> str:
    pairs = [(e, f) for e in context.catalogue.entries for f in e.effects]
    pooled = pooled_effects(pairs)
    subject = "meta-analytic estimates, side by side"
    plot = forest_plot(context, "charts/overview", paths.EVIDENCE, pooled, subject)
    downloads = [file_name(fmt) for fmt in FORMATS]
    return page(
        "evidence.md.j2",
        paths.EVIDENCE,
        # The explorer's twelve columns need the width of both sidebars.
        {"title": "Evidence", "hide": ["navigation", "toc"]},
        plot=plot,
        effects=len(pairs),
        catalogue_size=len(context.catalogue.entries),
        pooled=pooled,
        pooled_limit=OVERVIEW_LIMIT,
        downloads=downloads,
    )


def data_dictionary_page() -> str:
    return page(
        "data.md.j2",
        paths.DATA_DICTIONARY,
        {"title": "Data dictionary", "section": paths.EVIDENCE},
        columns=dictionary(),
    )


def pooled_effects(pairs: list[tuple[Entry, Effect]]) -> list[tuple[Entry, Effect]]:
    """Effects pooled over several studies, the most studies first, a readable number.

    An estimate superseded by an update, or reported again from the same data, is left
    out: one meta-analysis is one point.
    """
    pooled = [(e, f) for e, f in independent(pairs) if f.k and f.k.value > 1]
    return sorted(pooled, key=lambda p: -p[1].k.value if p[1].k else 0)[:OVERVIEW_LIMIT]


def explorer_data(catalogue: Catalogue) -> str:
    """Every effect as one row of the explorer's JSON, newest issue first."""
    rows = [_explorer_row(e, f) for e in catalogue.entries for f in e.effects]
    return json.dumps(
        {"fields": EXPLORER_FIELDS, "rows": rows}, ensure_ascii=False, separators=(",", ":")
    )


def _explorer_row(e: Entry, f: Effect) -> list[Any]:
    c = convert(f)
    labels = vocabulary()
    value = f.value if f.value is not None else (f.value_range[0] if f.value_range else None)
    return [
        # The JSON sits in evidence/, one level below the entry pages' folder.
        "../" + paths.url(paths.entry(e.id)),
        short_citation(e.citation, e.year),
        e.issue,
        e.year,
        labels.term("research_types", e.research_type).label,
        list(e.topics_of(f)),
        f.predictor,
        f.outcome,
        f.measure,
        value,
        estimate(f),
        _interval_text(f, c),
        f.k.value if f.k else None,
        str(f.k or ""),
        f.n.value if f.n else None,
        str(f.n or ""),
        p_text(f),
        _rounded(c.d),
        _rounded(c.r),
        c.magnitude,
    ]


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _interval_text(f: Effect, c: Converted) -> str:
    """The interval as the entry page shows it, saying so when it was derived."""
    text = any_interval(f, c)
    return f"{text} ({c.ci_basis})" if text and not f.ci else text
