"""The evidence matrix: a topic's effects summarised per predictor -> outcome at a glance.

One row per predictor and outcome (compared case- and space-insensitively): the typical
magnitude on the common metric, the direction, the studies behind it, how many
summaries report it, whether they agree, and the newest issue year.

The typical d weighs each estimate by its precision (1 / variance) where every estimate
has an interval, by its number of studies where every one has a k, and is the plain
median otherwise. Agreement is judged from the intervals: Higgins' I² from Cochran's Q
where every estimate has a variance (below 25% "consistent", below 50% "some
heterogeneity", else "heterogeneous"), and "no intervals to compare" where one lacks
it. Studies are never added up across estimates, which may share them: a row gives the
largest single k, and the smallest beside it where they differ. Superseded and
duplicate estimates are left out first (``overlap.independent``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.common.model import Count, Effect, Entry
from digest.evidence.overlap import independent
from digest.stats.effects import Converted, convert, direction, magnitude

MIXED = "mixed"


@dataclass(frozen=True)
class MatrixRow:
    predictor: str
    outcome: str
    magnitude: str | None
    typical_d: float | None
    direction: str | None
    k: int
    k_at_least: bool
    k_min: int
    entries: int
    effects: int
    consistency: str
    newest: int


def evidence_matrix(pairs: Iterable[tuple[Entry, Effect]]) -> list[MatrixRow]:
    """Rows with the most summaries first, then the most studies, then alphabetical."""
    groups: dict[tuple[str, str], list[tuple[Entry, Effect]]] = defaultdict(list)
    for entry, f in independent(pairs):
        groups[(_key(f.predictor), _key(f.outcome))].append((entry, f))
    rows = [_row(group) for group in groups.values()]
    return sorted(rows, key=lambda r: (-r.entries, -r.k, r.predictor.casefold(), r.outcome))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _row(group: Sequence[tuple[Entry, Effect]]) -> MatrixRow:
    first = group[0][1]
    converted = [convert(f) for _, f in group]
    typical_d = _typical_d([(c, f.k) for c, (_, f) in zip(converted, group, strict=True)])
    directions = {direction(f.measure, f.value) for _, f in group} - {None}
    counts = [f.k for _, f in group if f.k]
    largest = max(counts, key=lambda c: c.value, default=None)
    return MatrixRow(
        predictor=first.predictor,
        outcome=first.outcome,
        magnitude=magnitude(typical_d),
        typical_d=typical_d,
        direction=_direction(directions),
        k=largest.value if largest else 0,
        k_at_least=bool(largest and largest.at_least),
        k_min=min((c.value for c in counts), default=0),
        entries=len({e.id for e, _ in group}),
        effects=len(group),
        consistency=_consistency(converted, directions),
        newest=max(e.year for e, _ in group),
    )


def _direction(directions: set[str | None]) -> str | None:
    if len(directions) > 1:
        return MIXED
    return next(iter(directions), None)


def _typical_d(estimates: Sequence[tuple[Converted, Count | None]]) -> float | None:
    known = [(c.d, c.d_var, k) for c, k in estimates if c.d is not None]
    ds = [d for d, _, _ in known]
    if not ds:
        return None
    if all(variance for _, variance, _ in known):
        return _weighted_mean(ds, [1 / variance for _, variance, _ in known if variance])
    if all(k for _, _, k in known):
        return _weighted_mean(ds, [float(k.value) for _, _, k in known if k])
    return statistics.median(ds)


def _weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)


def _consistency(converted: Sequence[Converted], directions: set[str | None]) -> str:
    if len(converted) == 1:
        return "one estimate"
    if len(directions) > 1:
        return "directions differ"
    known = [(c.d, c.d_var) for c in converted if c.d is not None and c.d_var]
    if len(known) < len(converted):
        return "no intervals to compare"
    share = heterogeneity([d for d, _ in known], [variance for _, variance in known])
    return f"{_agreement(share)} (I² = {share:.0%})"


def _agreement(share: float) -> str:
    if share < 0.25:
        return "consistent"
    return "some heterogeneity" if share < 0.5 else "heterogeneous"


def heterogeneity(ds: Sequence[float], variances: Sequence[float]) -> float:
    """Higgins' I² = max(0, (Q - df) / Q), with Cochran's Q of the fixed-effect pool."""
    weights = [1 / v for v in variances]
    pooled = _weighted_mean(ds, weights)
    q = sum(w * (d - pooled) ** 2 for d, w in zip(ds, weights, strict=True))
    return max(0.0, (q - (len(ds) - 1)) / q) if q > 0 else 0.0
