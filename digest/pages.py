"""Entries -> the Markdown pages of the docs tree (rendered later by MkDocs or Zensical)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

import jinja2

from digest.model import Effect, Entry
from digest.vocab import vocabulary


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digest", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(month=month_name, cell=table_cell)
    return env


def month_name(issue: str) -> str:
    """``2023-11`` -> ``November 2023``."""
    return date(int(issue[:4]), int(issue[5:7]), 1).strftime("%B %Y")


def table_cell(text: str) -> str:
    """Text that cannot break a Markdown table row."""
    return " ".join(text.split()).replace("|", "\\|")


def number(x: float) -> str:
    """A reported number without spurious digits (0.28, 0.011, 1.48)."""
    return f"{x:g}".replace("-", "\u2212")


def estimate(f: Effect) -> str:
    if f.value_range:
        return f"{number(f.value_range[0])} to {number(f.value_range[1])}"
    return number(f.value) if f.value is not None else ""


def interval(f: Effect) -> str:
    return f"[{number(f.ci[0])}, {number(f.ci[1])}]" if f.ci else ""


def p_text(f: Effect) -> str:
    if f.p is None:
        return ""
    return f"{'' if f.p.relation == '=' else f.p.relation}{number(f.p.value)}"


def effect_row(f: Effect) -> list[str]:
    return [
        table_cell(f.predictor),
        table_cell(f.outcome),
        f.measure,
        estimate(f),
        interval(f),
        str(f.k or ""),
        str(f.n or ""),
        p_text(f),
        table_cell(f.note),
    ]


def entry_page(entry: Entry) -> str:
    """The Markdown of an entry's own page, at /entries/<id>/."""
    vocab = vocabulary()
    return (
        _templates()
        .get_template("entry.md.j2")
        .render(
            entry=entry,
            type_label=vocab.term("research_types", entry.research_type).label,
            rows=[effect_row(f) for f in entry.effects],
        )
    )


def home_page(entries: Sequence[Entry], intro: str) -> str:
    """The Markdown of the home page: the latest issue, then every month."""
    by_month = group_by_month(entries)
    return (
        _templates()
        .get_template("home.md.j2")
        .render(intro=intro, months=by_month, latest=next(iter(by_month), None))
    )


def group_by_month(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by issue month, newest month first, titles sorted within one."""
    months: defaultdict[str, list[Entry]] = defaultdict(list)
    for e in sorted(entries, key=lambda e: e.title):
        months[e.issue].append(e)
    return dict(sorted(months.items(), reverse=True))
