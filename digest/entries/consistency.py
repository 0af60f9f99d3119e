"""Warnings about an effect's own numbers, which no schema can catch.

- statcheck-style: where t, df and p are all given, p is recomputed from t and df and
  compared with the p reported, allowing for the rounding of both as printed (Nuijten
  et al., 2016). An inconsistency is often in the published source itself: the editor
  keeps the source's numbers and says "inconsistent" in the effect's note, which shows
  on the site; the warning then becomes a note, printed but never failing --strict.
- A reported interval far from symmetric around its estimate on the scale where the
  estimate is normal (ln for ratios, Fisher's z for r) is often a typo; metafor warns
  past 10% of the interval's width, and so does digest, after allowing for rounding.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from digest.common.errors import Problem, Severity
from digest.common.model import Effect
from digest.entries.yamldoc import Document
from digest.stats.effects import normal_scale

#: metafor's threshold for an asymmetric interval: a tenth of the interval's width.
ASYMMETRY = 0.10
ACKNOWLEDGED = "inconsistent"


def consistency_warnings(shown: str, doc: Document, effects: Sequence[Effect]) -> list[Problem]:
    """Warnings for one valid entry: ``doc`` as parsed, ``effects`` as loaded from it."""
    raw_effects: list[dict[str, Any]] = doc.data.get("effects") or []
    return [
        Problem(shown, doc.line_of(("effects", index, name)), f"effects[{index}].{name}", *said)
        for index, (raw, effect) in enumerate(zip(raw_effects, effects, strict=True))
        for name, said in _effect_findings(raw, effect)
    ]


def _effect_findings(
    raw: dict[str, Any], effect: Effect
) -> Iterator[tuple[str, tuple[str, Severity]]]:
    mismatch = p_mismatch(raw, effect)
    if mismatch and ACKNOWLEDGED in effect.note.casefold():
        yield "p", (f"{mismatch}; the note says the source has it so", "note")
    elif mismatch:
        yield "p", (_advised(mismatch), "warning")
    message = asymmetry(raw, effect)
    if message:
        yield "ci", (message, "warning")


def p_inconsistency(raw: dict[str, Any], effect: Effect) -> str | None:
    """The warning for a reported p that cannot come from t and df, or None if it can."""
    mismatch = p_mismatch(raw, effect)
    return _advised(mismatch) if mismatch else None


def _advised(mismatch: str) -> str:
    return (
        f"{mismatch} (two-sided; statcheck); if the source prints it so, keep its numbers "
        f"and say '{ACKNOWLEDGED}' in the effect's note"
    )


def p_mismatch(raw: dict[str, Any], effect: Effect) -> str | None:
    """How the reported p differs from the two-sided p of t and df, allowing for the
    rounding of both as printed; None when it could be the same."""
    t, df, p = effect.t, effect.df, effect.p
    if t is None or df is None or p is None or df <= 0:
        return None
    slack = _rounding(raw.get("t"))
    lowest, highest = _two_sided_p(abs(t) + slack, df), _two_sided_p(max(abs(t) - slack, 0), df)
    if p.relation == "<":
        consistent = lowest < p.value
    elif p.relation == ">":
        consistent = highest > p.value
    else:
        half = _rounding(raw.get("p"))
        consistent = lowest <= p.value + half and highest >= p.value - half
    if consistent:
        return None
    computed = _plain(float(f"{_two_sided_p(abs(t), df):.2g}"))
    shown = f"p {p.relation} {_plain(p.value)}"
    return f"{shown} does not follow from t({df:g}) = {t:g}, which gives p = {computed}"


def _two_sided_p(t: float, df: float) -> float:
    from scipy.special import stdtr  # imported only for entries that give t, df and p

    return float(2 * stdtr(df, -t))


def _rounding(raw: Any) -> float:
    """Half a unit of the last decimal printed: a number given as 3.18 may be 3.175."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return 0.0
    text = repr(float(raw)) if isinstance(raw, float) else str(raw)
    if "e" in text:
        return 0.0
    decimals = len(text.partition(".")[2].rstrip("0")) if "." in text else 0
    return 0.5 * 10.0**-decimals


def _plain(value: float) -> str:
    return f"{value:g}".replace("0.", ".", 1) if 0 < value < 1 else f"{value:g}"


def asymmetry(raw: dict[str, Any], effect: Effect) -> str | None:
    """Why the reported interval looks like a typo, or None when it is near symmetric."""
    if effect.ci is None or effect.value is None or effect.ci[0] >= effect.ci[1]:
        return None
    scale = _scale_name(effect.measure)
    # YAML drops trailing zeros (0.40 reads as 0.4): the finest number tells the precision.
    slack = min(_rounding(x) for x in [raw.get("value"), *(raw.get("ci") or [])])
    off = _least_asymmetry(effect.measure, effect.value, effect.ci, slack)
    if off is None or off <= ASYMMETRY:
        return None
    low, high = effect.ci
    return (
        f"the interval [{low:g}, {high:g}] sits off-centre around {effect.value:g} on the "
        f"{scale} scale by {off:.0%} of its width (metafor warns past {ASYMMETRY:.0%}): a typo?"
    )


def _least_asymmetry(
    measure: str, value: float, ci: tuple[float, float], slack: float
) -> float | None:
    """The smallest asymmetry any rounding of the three printed numbers allows."""
    shares = []
    # Each number's two roundings on the normal scale, converted once each, not four times.
    printed = (value, ci[0], ci[1])
    roundings = [[normal_scale(measure, x + d) for d in (-slack, slack)] for x in printed]
    for y, low, high in itertools.product(*roundings):
        if y is None or low is None or high is None or high <= low:
            continue
        shares.append(abs((high - y) - (y - low)) / (high - low))
    return min(shares) if shares else None


def _scale_name(measure: str) -> str:
    return {"OR": "ln", "RR": "ln", "r": "Fisher's z"}.get(measure, "reported")
