"""Forest plots: effects as points with 95% interval whiskers, as Vega-Lite specs (Altair).

A topic's plot puts every effect with a common metric on the d scale; an entry's own
plot may use the entry's reported measure when its effects share one (e.g. b). Effects
that cannot be placed are returned with the reason, for the page to list beside the plot.
"""

from __future__ import annotations

import json
import textwrap
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
# Row labels are cut here: the table beside the plot holds the full text.
LABEL_LENGTH = 70
AXIS_TITLES = {
    "b": "Unstandardised coefficient b",
    "beta": "Standardised coefficient β",
    "r": "Correlation r",
    "g": "Hedges' g",
    "d": "Cohen's d",
}
# Labels sit above their row's point, so a plot as narrow as a phone keeps them whole.
# vl-convert measures text in its own Liberation Sans (a wider font costs it four times
# as long); browsers draw sans-serif in their own, up to about 12% wider (DejaVu Sans).
# So lines are wrapped at a length that fits even then: 48 characters at 12 px take
# about 265 px in Liberation Sans, 295 in DejaVu Sans, of a static plot's 340 px.
LINE_CHARS = 48
LINE_HEIGHT = 15
POINT_HEIGHT = 22
ROW_GAP = 6
# A static plot is drawn this wide, narrow enough to show at full size on a phone.
STATIC_WIDTH = 340
# The room left for a wider font than vl-convert measured with: Vega cuts a label
# longer than this share of the width.
FONT_SLACK = 0.88
FONT = "sans-serif"
FONT_SIZE = 12


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
    """The plot as a Vega-Lite spec, as wide as its container; ``link(entry)`` gives each
    point's href.

    Points are sized by k where any effect reports it (N would dwarf k), else by N, and
    not at all when neither is reported. ``one_study`` leaves the study out of labels.
    """
    by_studies = any(p.effect.k for p in placed)
    weighted = by_studies or any(p.effect.n for p in placed)
    rows = _rows(placed, link, by_studies, one_study)
    spec: dict[str, Any] = json.loads(_template(weighted))
    spec["datasets"][ROWS] = rows
    spec["height"] = _height(rows)
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        if "size" in encoding:
            encoding["size"]["title"] = "k (studies)" if by_studies else "N"
            encoding["size"]["legend"]["values"] = _legend_values(placed, by_studies)
        if layer.get("name") == "points":
            encoding["x"]["title"] = axis_title(placed, scale)
    return spec


def axis_title(placed: Sequence[Placed], scale: str) -> str:
    """The name of the scale the points are on: the measure itself where every effect was
    reported in it, else d with the measures converted to it."""
    if scale != COMMON:
        return AXIS_TITLES.get(scale, scale)
    measures = {p.effect.measure for p in placed}
    changed = {p.effect.measure for p in placed if p.value != p.effect.value} - {COMMON}
    if len(measures) == 1 and not changed:
        measure = next(iter(measures))
        return AXIS_TITLES.get(measure, measure)
    notes = [f"{_joined(sorted(changed, key=str.lower))} converted"] if changed else []
    if "g" in measures - changed:
        notes.append("g as d")
    return f"d ({'; '.join(notes)})" if notes else AXIS_TITLES[COMMON]


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _legend_values(placed: Sequence[Placed], by_studies: bool) -> list[int]:
    """The smallest, middle and largest k (or N) reported: never a value none has."""
    counts = (p.effect.k if by_studies else p.effect.n for p in placed)
    values = sorted({c.value for c in counts if c})
    return sorted({values[0], values[len(values) // 2], values[-1]})


@cache
def _template(weighted: bool) -> str:
    """The plot's spec with its rows left out, as JSON: Altair builds and validates it
    once per kind of plot, which a page of a thousand plots cannot afford each time."""
    base = alt.Chart(alt.NamedData(ROWS))
    at_point = alt.Y("point_y:Q", scale=None, axis=None)
    labels = base.mark_text(
        align="left",
        baseline="top",
        lineHeight=LINE_HEIGHT,
        limit=alt.ExprRef(f"width * {FONT_SLACK}"),
    ).encode(
        x=alt.value(0),
        y=alt.Y("label_y:Q", scale=None, axis=None),
        text="lines:N",
        tooltip=alt.Tooltip("label:N", title="Effect"),
    )
    zero = base.mark_rule(strokeDash=[3, 3]).encode(
        x=alt.datum(0), y=alt.Y("zero_top:Q", scale=None, axis=None), y2="zero_bottom:Q"
    )
    whiskers = base.mark_rule(color="#546e7a").encode(x="low:Q", x2="high:Q", y=at_point)
    points = base.mark_point(filled=True, opacity=1, size=120, color="#00695c").encode(
        x=alt.X(
            "value:Q",
            # The end labels sit inside the plot, so a wider font does not push them out.
            axis=alt.Axis(grid=False, labelFlush=True, tickCount=alt.ExprRef("ceil(width / 100)")),
        ),
        y=at_point,
        # Beside the size legend, it would make a phone's plot wider than the phone.
        shape=alt.Shape("measure:N", title="Reported as", legend=alt.Legend(orient="bottom")),
        href="href:N",
        tooltip=[
            "study:N",
            "predictor:N",
            "outcome:N",
            "reported:N",
            "shown:N",
            "interval:N",
            "k:N",
            "n:N",
        ],
    )
    if weighted:
        size = alt.Size("weight:Q", scale=alt.Scale(range=[40, 400]), legend=alt.Legend())
        points = points.encode(size=size)
    layers = [
        zero.properties(name="zero"),
        whiskers.properties(name="whiskers"),
        points.properties(name="points"),
        labels.properties(name="labels"),
    ]
    chart = alt.layer(*layers).properties(width="container").configure(**_config())
    spec = chart.to_dict()
    spec["datasets"] = {**spec.get("datasets", {}), ROWS: []}
    return json.dumps(spec)


def _config() -> dict[str, Any]:
    """Fonts and sizes of every text; no background or frame, so the page's show through."""
    text = {"labelFont": FONT, "titleFont": FONT, "labelFontSize": FONT_SIZE}
    return {
        "font": FONT,
        "background": "transparent",
        "view": {"stroke": None},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "text": {"font": FONT, "fontSize": FONT_SIZE},
        "axis": {**text, "titleFontSize": FONT_SIZE, "labelSeparation": 8, "labelOverlap": True},
        "legend": {
            **text,
            "titleFontSize": FONT_SIZE,
            "orient": "top",
            "direction": "horizontal",
            # Above its entries, a title drawn wider than measured runs into nothing.
            "titleOrient": "top",
        },
    }


def _rows(
    placed: Sequence[Placed], link: Link, by_studies: bool, one_study: bool
) -> list[dict[str, Any]]:
    labels: Counter[str] = Counter()
    rows = []
    top = 0.0
    for p in placed:
        study = short_citation(p.entry.citation, p.entry.year)
        label = _shorten(_label(p.effect) if one_study else f"{_label(p.effect)} · {study}")
        labels[label] += 1
        if labels[label] > 1:
            label = f"{label} ({labels[label]})"
        lines = textwrap.wrap(label, LINE_CHARS) or [""]
        point_y = top + len(lines) * LINE_HEIGHT + POINT_HEIGHT / 2
        weight = p.effect.k if by_studies else p.effect.n
        rows.append(
            {
                "row": label,
                "label": label,
                "lines": lines,
                "label_y": top,
                "point_y": point_y,
                "zero_top": point_y - POINT_HEIGHT / 2,
                "zero_bottom": point_y + POINT_HEIGHT / 2,
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
        top = point_y + POINT_HEIGHT / 2 + ROW_GAP
    return rows


def _height(rows: list[dict[str, Any]]) -> float:
    return float(rows[-1]["zero_bottom"]) if rows else 0.0


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
    title = axis_title(placed, scale)
    return (
        f"Forest plot of {len(placed)} effect sizes for {subject}, on the scale {title}, "
        "largest first, with 95% intervals where known. The table on this page lists every value."
    )
