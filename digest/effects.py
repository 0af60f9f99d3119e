"""Effect-size arithmetic: the common metrics (d and r) a reported effect converts to.

Only honest conversions are made; everything else is None.
"""

from __future__ import annotations

from digest.model import Effect


def common_metrics(f: Effect) -> tuple[float | None, float | None]:
    """The effect as (d, r), each None where no honest conversion exists."""
    # Only the identity for now: a reported d is a d and a reported r is an r.
    return (f.value if f.measure == "d" else None, f.value if f.measure == "r" else None)
