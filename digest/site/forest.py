"""Forest plots: effects as points with 95% interval whiskers, as Vega-Lite specs (Altair).

A topic's plot puts every effect with a common metric on the d scale; an entry's own
plot may use the entry's reported measure when its effects share one (e.g. b). Effects
that cannot be placed are returned with the reason, for the page to list beside the plot.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt

from digest.common.model import Effect, Entry
from digest.evidence.format import converted, estimate, short_citation
from digest.stats.effects import SIGNED, Converted, convert

COMMON = "d"
# The name of the dataset holding a plot's rows.
ROWS = "effects"
# Row labels are cut here rather than by Vega: measuring text to fit a label limit
# doubles the time vl-convert takes to draw a plot.
LABEL_LENGTH = 70
AXIS_TITLES = {
    COMMON: "Effect size (d; r and OR converted)",
    "b": "Unstandardised coefficient b",
    "beta": "Standardised coefficient β",
    "r": "Correlation r",
    "g": "Hedges' g",
}


Link = Callable[[Entry], str]


@dataclass(frozen=True)
class Placed:
    """One effect on the plot's scale."""

    entry: Entry
    effect: Effect
    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Left:
    """An effect the plot cannot show, and why."""

    entry: Entry
    effect: Effect
    reason: str


def place(
    pairs: Iterable[tuple[Entry, Effect]], scale: str = COMMON
) -> tuple[list[Placed], list[Left]]:
    """Split effects into those on ``scale`` (d, or a reported measure) and the rest."""
    placed: list[Placed] = []
    left: list[Left] = []
    for entry, f in pairs:
        c = convert(f)
        point = _on_scale(f, c, scale)
        if point is None:
            left.append(Left(entry, f, _reason(f, c, scale)))
        else:
            low, high = _scale_interval(c, scale) or (None, None)
            placed.append(Placed(entry, f, point, low, high))
    return sorted(placed, key=lambda p: -p.value), left


def _on_scale(f: Effect, c: Converted, scale: str) -> float | None:
    if scale == COMMON:
        return c.d
    return f.value if f.measure == scale else None


def _scale_interval(c: Converted, scale: str) -> tuple[float, float] | None:
    return c.d_ci if scale == COMMON else c.ci


def _reason(f: Effect, c: Converted, scale: str) -> str:
    if scale != COMMON and f.measure != scale:
        return f"reported as {f.measure}"
    return c.basis


def entry_scale(effects: Sequence[Effect]) -> str | None:
    """The scale for an entry's own plot: d when two or more effects have it, else the
    reported measure that two or more effects share (if it has a direction)."""
    if sum(convert(f).d is not None for f in effects) >= 2:
        return COMMON
    shared = Counter(f.measure for f in effects if f.value is not None and f.measure in SIGNED)
    measure, count = shared.most_common(1)[0] if shared else ("", 0)
    return measure if count >= 2 else None


def forest_spec(
    placed: Sequence[Placed], scale: str, link: Link, one_study: bool = False
) -> dict[str, Any]:
    """The plot as a Vega-Lite spec; ``link(entry)`` gives each point's href.

    Points are sized by k where any effect reports it (N would dwarf k), else by N, and
    not at all when neither is reported. ``one_study`` leaves the study out of labels.
    """
    by_studies = any(p.effect.k for p in placed)
    weighted = by_studies or any(p.effect.n for p in placed)
    rows = _rows(placed, link, by_studies, one_study)
    spec: dict[str, Any] = json.loads(_template(scale, weighted, by_studies))
    spec["datasets"][ROWS] = rows
    for layer in spec["layer"]:
        if "y" in layer.get("encoding", {}):
            layer["encoding"]["y"]["sort"] = [r["row"] for r in rows]
    return spec


@cache
def _template(scale: str, weighted: bool, by_studies: bool) -> str:
    """The plot's spec with its rows left out, as JSON: Altair builds and validates it
    once per kind of plot, which a page of a thousand plots cannot afford each time."""
    y = alt.Y("row:N", title=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(alt.NamedData(ROWS)).encode(y=y)
    whiskers = base.mark_rule(color="#546e7a").encode(x="low:Q", x2="high:Q")
    tooltip = [
        "study:N",
        "predictor:N",
        "outcome:N",
        "reported:N",
        "shown:N",
        "interval:N",
        "k:N",
        "n:N",
    ]
    size = alt.Size(
        "weight:Q", title="k (studies)" if by_studies else "N", scale=alt.Scale(range=[40, 400])
    )
    points = base.mark_point(filled=True, opacity=1, size=120).encode(
        x=alt.X("value:Q", title=AXIS_TITLES.get(scale, scale)),
        color=alt.Color("measure:N", title="Reported as"),
        href="href:N",
        tooltip=tooltip,
    )
    if weighted:
        points = points.encode(size=size)
    zero = (
        alt.Chart(alt.InlineData(values=[{"zero": 0}]))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="zero:Q")
    )
    chart = alt.layer(zero, whiskers, points).properties(width=360, height=alt.Step(22))
    spec = chart.to_dict()
    spec["datasets"] = {**spec.get("datasets", {}), ROWS: []}
    return json.dumps(spec)


def _rows(
    placed: Sequence[Placed], link: Link, by_studies: bool, one_study: bool
) -> list[dict[str, Any]]:
    labels: Counter[str] = Counter()
    rows = []
    for p in placed:
        study = short_citation(p.entry.citation, p.entry.year)
        label = _shorten(_label(p.effect) if one_study else f"{_label(p.effect)} · {study}")
        labels[label] += 1
        if labels[label] > 1:
            label = f"{label} ({labels[label]})"
        weight = p.effect.k if by_studies else p.effect.n
        rows.append(
            {
                "row": label,
                "study": study,
                "predictor": p.effect.predictor,
                "outcome": p.effect.outcome or "—",
                "measure": p.effect.measure,
                "reported": f"{p.effect.measure} = {estimate(p.effect)}",
                "shown": converted(p.value),
                "value": round(p.value, 4),
                "low": None if p.low is None else round(p.low, 4),
                "high": None if p.high is None else round(p.high, 4),
                "interval": _interval_text(p),
                "k": str(p.effect.k or "—"),
                "n": str(p.effect.n or "—"),
                "weight": weight.value if weight else 1,
                "href": link(p.entry),
            }
        )
    return rows


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1].rstrip() + "…"


def _label(f: Effect) -> str:
    return f"{f.predictor} → {f.outcome}" if f.outcome else f.predictor


def _interval_text(p: Placed) -> str:
    if p.low is None or p.high is None:
        return "not reported"
    return f"[{converted(p.low)}, {converted(p.high)}]"


def forest_alt(placed: Sequence[Placed], scale: str, subject: str) -> str:
    """A short text alternative; the page's table beside the plot lists every value."""
    title = AXIS_TITLES.get(scale, scale)
    return (
        f"Forest plot of {len(placed)} effect sizes for {subject}, on the scale {title}, "
        "largest first, with 95% intervals where known. The table on this page lists every value."
    )
