"""Effect-size arithmetic: conversions to the common metrics d and r, intervals, labels.

Formulas follow Borenstein, Hedges, Higgins & Rothstein (2009), *Introduction to
Meta-Analysis*, chapters 4-7. An interval is derived on the scale where the estimate is
normal (ln for ratios, Fisher's z for r, the raw scale otherwise), from an exact p
through the normal quantile, as metafor's conv.wald does. Only honest conversions are
made: an ICC (a share of variance), an unstandardised b, a standardised beta, a risk
ratio and a percentage have no d or r, and get None.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

from digest.common.model import Effect

LEVEL = 0.95
#: Derived interval bounds beyond this say only that the statistics given were extreme.
MEANINGFUL_BOUND = 1e9
# Cohen's (1988) benchmarks: for d, and for r, which labels a reported r (an r of .28 is
# "small" by them, though its d-equivalent .58 would be "medium" by the d benchmarks).
COHEN_D = ((0.8, "large"), (0.5, "medium"), (0.2, "small"))
COHEN_R = ((0.5, "large"), (0.3, "medium"), (0.1, "small"))
NEGLIGIBLE = "negligible"
MAGNITUDES = ("negligible", "small", "medium", "large")
# Measures whose estimate has a direction; for ratios "no effect" is 1, not 0.
SIGNED = {"r", "d", "g", "b", "beta"}
RATIOS = {"OR", "RR"}

Interval = tuple[float, float]


def z_critical(level: float = LEVEL) -> float:
    """The two-sided normal critical value: 1.96 for a 95% interval."""
    return NormalDist().inv_cdf(0.5 + level / 2)


# r and d (Borenstein et al., 2009, section 7.3)


def r_to_d(r: float) -> float:
    """d = 2r / sqrt(1 - r^2)."""
    return 2 * r / math.sqrt(1 - r * r)


def d_to_r(d: float, a: float = 4.0) -> float:
    """r = d / sqrt(d^2 + a); a = 4 for two groups of equal size."""
    # hypot, because d * d overflows for a d past 1e154 (and r would come out 0, not ±1).
    return d / math.hypot(d, math.sqrt(a))


def a_correction(n1: int, n2: int) -> float:
    """a = (n1 + n2)^2 / (n1 n2), for groups of unequal size."""
    return (n1 + n2) ** 2 / (n1 * n2)


def var_r_to_var_d(var_r: float, r: float) -> float:
    """V_d = 4 V_r / (1 - r^2)^3."""
    return 4 * var_r / (1 - r * r) ** 3


def var_d_to_var_r(var_d: float, d: float, a: float = 4.0) -> float:
    """V_r = a^2 V_d / (d^2 + a)^3."""
    return a * a * var_d / (d * d + a) ** 3


# d and g (section 4.5)


def hedges_j(df: float) -> float:
    """The small-sample correction J = 1 - 3 / (4 df - 1)."""
    return 1 - 3 / (4 * df - 1)


def d_to_g(d: float, df: float) -> float:
    """g = J d."""
    return hedges_j(df) * d


def var_d_to_var_g(var_d: float, df: float) -> float:
    """V_g = J^2 V_d."""
    return hedges_j(df) ** 2 * var_d


# log odds ratio and d (section 7.2)

LOGIT_SCALE = math.sqrt(3) / math.pi


def log_or_to_d(log_or: float) -> float:
    """d = ln(OR) sqrt(3) / pi."""
    return log_or * LOGIT_SCALE


def d_to_log_or(d: float) -> float:
    """ln(OR) = d pi / sqrt(3)."""
    return d / LOGIT_SCALE


def var_log_or_to_var_d(var_log_or: float) -> float:
    """V_d = V_ln(OR) 3 / pi^2."""
    return var_log_or * LOGIT_SCALE**2


def var_d_to_var_log_or(var_d: float) -> float:
    """V_ln(OR) = V_d pi^2 / 3."""
    return var_d / LOGIT_SCALE**2


# Intervals


def r_interval(r: float, n: float, level: float = LEVEL) -> Interval:
    """The interval for r from a sample of n, through Fisher's z (section 6.2)."""
    z, se = math.atanh(r), 1 / math.sqrt(n - 3)
    half = z_critical(level) * se
    return math.tanh(z - half), math.tanh(z + half)


def var_r(r: float, n: float) -> float:
    """V_r = (1 - r^2)^2 / (n - 1)."""
    return (1 - r * r) ** 2 / (n - 1)


def t_interval(estimate: float, t: float, df: float, level: float = LEVEL) -> Interval:
    """The interval of a coefficient from its t statistic and degrees of freedom."""
    # scipy.special alone: scipy.stats costs half a second and 60 MB more to import.
    from scipy.special import stdtrit

    se = estimate / t
    half = float(stdtrit(df, 0.5 + level / 2)) * abs(se)
    return estimate - half, estimate + half


def se_from_p(estimate: float, p: float) -> float:
    """The standard error of a normal estimate from its exact two-sided p: |y| / z(1 - p/2)."""
    # z(1 - p/2) as -z(p/2): 1 - p/2 loses the digits of a small p (1e-10) to rounding.
    return abs(estimate) / -NormalDist().inv_cdf(p / 2)


def p_interval(estimate: float, p: float, level: float = LEVEL) -> Interval:
    """The interval of a normal estimate from its exact two-sided p value."""
    half = z_critical(level) * se_from_p(estimate, p)
    return estimate - half, estimate + half


def se_from_interval(low: float, high: float, level: float = LEVEL) -> float:
    """SE = (high - low) / 3.92 for a 95% interval on a symmetric scale."""
    return (high - low) / (2 * z_critical(level))


def probability_of_superiority(d: float) -> float:
    """McGraw & Wong's (1992) common-language effect size of two normal groups: Φ(d / √2).

    The chance that a member of the better group, picked at random, scores higher than a
    member of the other picked at random.
    """
    return NormalDist().cdf(d / math.sqrt(2))


def magnitude(d: float | None, benchmarks: tuple[tuple[float, str], ...] = COHEN_D) -> str | None:
    """Cohen's label for a d (or, with COHEN_R, an r): negligible, small, medium or large."""
    if d is None:
        return None
    size = abs(d)
    return next((label for bound, label in benchmarks if size >= bound), NEGLIGIBLE)


def direction(measure: str, value: float | None) -> str | None:
    """ "positive", "negative" or "none" for measures with a direction, else None."""
    if value is None or (measure not in SIGNED and measure not in RATIOS):
        return None
    centred = math.log(value) if measure in RATIOS else value
    return "positive" if centred > 0 else "negative" if centred < 0 else "none"


@dataclass(frozen=True)
class Converted:
    """An effect's interval and common metrics, each with how it was obtained."""

    ci: Interval | None = None
    ci_basis: str = ""
    d: float | None = None
    d_ci: Interval | None = None
    d_var: float | None = None
    r: float | None = None
    r_ci: Interval | None = None
    basis: str = ""
    #: The metric the magnitude is labelled on: "r" for a reported r, else "d".
    labelled_on: str = "d"
    #: The common-language effect size, for a d or g only: the comparison of two groups
    #: it describes is not what an r or an odds ratio reports.
    cles: float | None = None

    @property
    def magnitude(self) -> str | None:
        if self.labelled_on == "r":
            return magnitude(self.r, COHEN_R)
        return magnitude(self.d)


# Pages, plots, the matrix, the explorer and the database all ask for the same effect's
# conversion; an Effect is frozen, so the answer is computed once per build.
@cache
def convert(f: Effect) -> Converted:
    """The effect in the common metrics d and r, where an honest conversion exists."""
    ci, ci_basis = interval(f)
    if f.value is None:
        return Converted(ci, ci_basis, basis="reported as a range: no single value")
    converter = _CONVERTERS.get(f.measure)
    if converter is None:
        return Converted(ci, ci_basis, basis=f"no standard conversion from {f.measure}")
    return converter(f, f.value, ci, ci_basis)


def interval(f: Effect) -> tuple[Interval | None, str]:
    """The 95% interval as reported, or else derived from t and df, N, or an exact p.

    Derived only for measures with a scale where the estimate is normal, and never for
    an estimate at its null value (0, or 1 for a ratio), whose standard error is unknown.
    """
    if f.ci is not None:
        return f.ci, "reported"
    y = normal_scale(f.measure, f.value)
    if f.value is None or y is None:
        return None, ""
    try:
        derived, basis = _derived_interval(f, f.value, y)
    except OverflowError:  # bounds past the floating-point range tell a reader nothing
        return None, ""
    if derived and not all(abs(bound) <= MEANINGFUL_BOUND for bound in derived):
        return None, ""  # nor do bounds of 1e158 from a t with df near 0
    return derived, basis


def _derived_interval(f: Effect, value: float, y: float) -> tuple[Interval | None, str]:
    if f.t is not None and f.df is not None and f.t != 0 and y != 0:
        return _t_interval(f.measure, value, y, f.t, f.df)
    if f.measure == "r" and _single_sample(f) and f.n and f.n.value > 3:
        return r_interval(value, f.n.value), "from r and N (Fisher's z)"
    if f.p is not None and f.p.relation == "=" and 0 < f.p.value < 1 and y != 0:
        low, high = p_interval(y, f.p.value)
        return _from_normal_scale(f.measure, (low, high)), "from the exact p (normal quantile)"
    return None, ""


def normal_scale(measure: str, value: float | None) -> float | None:
    """The estimate where its sampling distribution is normal: ln(ratio), Fisher's z of r.

    None for a measure without one (ICC, percent) or a value outside its range.
    """
    if value is None:
        return None
    if measure in RATIOS:
        return math.log(value) if value > 0 else None
    if measure == "r":
        return math.atanh(value) if abs(value) < 1 else None
    return value if measure in SIGNED else None


def _from_normal_scale(measure: str, ci: Interval) -> Interval:
    if measure in RATIOS:
        return math.exp(ci[0]), math.exp(ci[1])
    if measure == "r":
        return math.tanh(ci[0]), math.tanh(ci[1])
    return ci


def _t_interval(
    measure: str, value: float, y: float, t: float, df: float
) -> tuple[Interval | None, str]:
    """From t and df: Student's t on the raw or ln scale (``y``); for r, Fisher's z with
    N = df + 2."""
    if measure == "r":
        if df + 2 <= 3:
            return None, ""
        return r_interval(value, df + 2), "from r and df (Fisher's z, N = df + 2)"
    return _from_normal_scale(measure, t_interval(y, t, df)), "from t and df"


def _single_sample(f: Effect) -> bool:
    # A pooled estimate's interval depends on the heterogeneity between studies, which
    # the total N does not tell: Fisher's z from N would claim false precision.
    return f.k is None or f.k.value <= 1


def _from_r(f: Effect, r: float, ci: Interval | None, ci_basis: str) -> Converted:
    if abs(r) >= 1:
        return Converted(ci, ci_basis, basis="r of 1 has no finite d")
    d = r_to_d(r)
    d_ci = r_ci = None
    d_var = None
    if ci is not None and max(abs(ci[0]), abs(ci[1])) < 1 and ci[0] < ci[1]:
        r_ci = ci
        d_ci = (r_to_d(ci[0]), r_to_d(ci[1]))
        var = _var_r_from_interval(r, ci)
        d_var = var_r_to_var_d(var, r) if var is not None else None
    return Converted(ci, ci_basis, d, d_ci, d_var, r, r_ci, basis="d from r", labelled_on="r")


def _var_r_from_interval(r: float, ci: Interval) -> float | None:
    """The variance of r from its interval; None for one so narrow its square is 0."""
    # The interval of r is symmetric on Fisher's z, where V_z = 1 / (n - 3).
    se_z = se_from_interval(math.atanh(ci[0]), math.atanh(ci[1]))
    if se_z * se_z == 0:  # found by the check-then-build property: [0, 5.8e-236]
        return None
    return var_r(r, 1 / (se_z * se_z) + 3)


def _from_d(f: Effect, value: float, ci: Interval | None, ci_basis: str) -> Converted:
    if f.measure == "g":
        d, d_ci, basis = _g_as_d(f, value, ci)
    else:
        d, d_ci, basis = value, ci, "reported d; r from d (a = 4)"
    converted = _on_d_scale(ci, ci_basis, d, d_ci, basis)
    return dataclasses.replace(converted, cles=probability_of_superiority(d))


def _on_d_scale(
    ci: Interval | None, ci_basis: str, d: float, d_ci: Interval | None, basis: str
) -> Converted:
    """A d (with its interval, symmetric on this scale) completed with its variance and r."""
    # An interval of no width has no variance to speak of (check refuses one), nor has
    # one so wide (from a t with df near 0) that its square passes the float range.
    se = se_from_interval(*d_ci) if d_ci and d_ci[0] < d_ci[1] else math.nan
    d_var = se * se if 0 < se * se < math.inf else None
    r_ci = (d_to_r(d_ci[0]), d_to_r(d_ci[1])) if d_ci else None
    return Converted(ci, ci_basis, d, d_ci, d_var, d_to_r(d), r_ci, basis)


#: J = 1 - 3 / (4 df - 1) with df = N - 2 is 0 at N = 3: a g needs N of 4 to undo J.
MIN_N_FOR_G = 4


def _g_as_d(f: Effect, g: float, ci: Interval | None) -> tuple[float, Interval | None, str]:
    """A single study's g back to d with J from its N; a pooled g stands as d."""
    if _single_sample(f) and f.n and f.n.value >= MIN_N_FOR_G and not f.n.at_least:
        j = hedges_j(f.n.value - 2)
        scaled = (ci[0] / j, ci[1] / j) if ci else None
        return g / j, scaled, "d = g / J, df = N - 2; r from d (a = 4)"
    return g, ci, "g taken as d (J is near 1 in pooled samples); r from d (a = 4)"


def _from_odds_ratio(f: Effect, value: float, ci: Interval | None, ci_basis: str) -> Converted:
    d = log_or_to_d(math.log(value))
    d_ci = (log_or_to_d(math.log(ci[0])), log_or_to_d(math.log(ci[1]))) if ci else None
    basis = "d from ln(OR) x sqrt(3) / pi; r from d (a = 4)"
    return _on_d_scale(ci, ci_basis, d, d_ci, basis)


_CONVERTERS = {"r": _from_r, "d": _from_d, "g": _from_d, "OR": _from_odds_ratio}
