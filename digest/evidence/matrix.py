"""The evidence matrix: a topic's effects summarised per predictor -> outcome at a glance.

One row per predictor and outcome (compared case- and space-insensitively): the typical
magnitude on the common metric, the direction, the studies pooled, how many summaries
report it, whether they agree, and the newest issue year.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.common.model import Effect, Entry
from digest.stats.effects import convert, direction, magnitude

MIXED = "mixed"


@dataclass(frozen=True)
class MatrixRow:
    predictor: str
    outcome: str
    magnitude: str | None
    median_d: float | None
    direction: str | None
    k: int
    k_at_least: bool
    entries: int
    effects: int
    consistency: str
    newest: int


def evidence_matrix(pairs: Iterable[tuple[Entry, Effect]]) -> list[MatrixRow]:
    """Rows with the most summaries first, then the most studies, then alphabetical."""
    groups: dict[tuple[str, str], list[tuple[Entry, Effect]]] = defaultdict(list)
    for entry, f in pairs:
        groups[(_key(f.predictor), _key(f.outcome))].append((entry, f))
    rows = [_row(group) for group in groups.values()]
    return sorted(rows, key=lambda r: (-r.entries, -r.k, r.predictor.casefold(), r.outcome))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _row(group: Sequence[tuple[Entry, Effect]]) -> MatrixRow:
    first = group[0][1]
    ds = [d for _, f in group if (d := convert(f).d) is not None]
    median_d = statistics.median(ds) if ds else None
    directions = {direction(f.measure, f.value) for _, f in group} - {None}
    labels = {magnitude(d) for d in ds}
    counts = [f.k for _, f in group if f.k]
    return MatrixRow(
        predictor=first.predictor,
        outcome=first.outcome,
        magnitude=magnitude(median_d),
        median_d=median_d,
        direction=_direction(directions),
        k=sum(c.value for c in counts),
        k_at_least=any(c.at_least for c in counts),
        entries=len({e.id for e, _ in group}),
        effects=len(group),
        consistency=_consistency(len(group), directions, labels),
        newest=max(e.year for e, _ in group),
    )


def _direction(directions: set[str | None]) -> str | None:
    if len(directions) > 1:
        return MIXED
    return next(iter(directions), None)


def _consistency(size: int, directions: set[str | None], labels: set[str | None]) -> str:
    if size == 1:
        return "one estimate"
    if len(directions) > 1:
        return "directions differ"
    if len(labels) > 1:
        return "same direction, sizes differ"
    return "consistent"
