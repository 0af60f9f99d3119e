"""Effect-size arithmetic: worked values from the literature, and properties of each formula."""

from __future__ import annotations

import math
import subprocess
import sys
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import t as student_t  # the reference the t intervals are checked against

from digest.common.model import Count, Effect, PValue
from digest.stats import effects

correlations = st.floats(min_value=-0.99, max_value=0.99)
ds = st.floats(min_value=-5, max_value=5)
variances = st.floats(min_value=1e-4, max_value=2)
dfs = st.floats(min_value=2, max_value=1e6)
ps = st.floats(min_value=1e-9, max_value=0.99)


def close(value: float | None, expected: float, places: int = 2) -> bool:
    return value is not None and round(value, places) == round(expected, places)


# Worked values the issue names, to 0.01, and the textbook's own examples.


@pytest.mark.parametrize(("r", "d"), [(0.28, 0.58), (0.31, 0.65), (0.5, 1.1547)])
def test_r_to_d_worked_values(r: float, d: float) -> None:
    assert close(effects.r_to_d(r), d)


def test_d_to_r_worked_value() -> None:
    assert close(effects.d_to_r(0.58), 0.28)


def test_interval_of_b_from_t_and_df() -> None:
    low, high = effects.t_interval(0.77, 1.98, 507)
    assert (round(low, 3), round(high, 3)) == (0.006, 1.534)


def test_t_interval_uses_the_student_t_quantile_of_r() -> None:
    # R: qt(0.975, 10) = 2.228138851986274
    assert effects.t_interval(1.0, 2.0, 10) == pytest.approx(
        (1 - 2.228138851986274 / 2, 1 + 2.228138851986274 / 2), abs=1e-13
    )


def test_a_t_interval_imports_scipy_special_not_scipy_stats() -> None:
    # scipy.stats would add half a second and some 60 MB to `digest db` and `build`.
    code = (
        "import sys; from digest.stats import effects; effects.t_interval(1.0, 2.0, 10); "
        "print('scipy.special' in sys.modules, 'scipy.stats' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_borenstein_chapter_7_examples() -> None:
    # d = 0.5, V = 0.0205 -> r = 0.2425, V = 0.0043
    assert close(effects.d_to_r(0.5), 0.2425, 4)
    assert close(effects.var_d_to_var_r(0.0205, 0.5), 0.0043, 4)
    # r = 0.5, V = 0.0058 -> d = 1.1547, V = 0.0550
    assert close(effects.var_r_to_var_d(0.0058, 0.5), 0.0550, 4)
    # ln(OR) = 0.9069, V = 0.0676 -> d = 0.5000, V = 0.0205
    assert close(effects.log_or_to_d(0.9069), 0.5, 4)
    assert close(effects.var_log_or_to_var_d(0.0676), 0.0205, 4)


def test_borenstein_chapter_4_hedges_g() -> None:
    # Two groups of 50: d = 0.5970, df = 98 -> J = 0.9923, g = 0.5924
    assert close(effects.hedges_j(98), 0.9923, 4)
    assert close(effects.d_to_g(0.5970, 98), 0.5924, 4)


def test_standard_error_from_a_95_percent_interval() -> None:
    assert close(2 * effects.z_critical(), 3.92)
    assert close(effects.se_from_interval(0.22, 0.34), 0.12 / 3.92, 5)


def test_a_correction_is_four_for_equal_groups() -> None:
    assert effects.a_correction(30, 30) == 4
    assert effects.a_correction(10, 90) > 4


def test_fisher_interval_for_r() -> None:
    # r = .5 from 103 people: z = 0.5493 +/- 1.96 * 0.1 = [0.3533, 0.7453] -> r in [.3393, .6323]
    low, high = effects.r_interval(0.5, 103)
    assert (round(low, 4), round(high, 4)) == (0.3393, 0.6323)


def test_interval_from_an_exact_p() -> None:
    # An estimate of 1 with p = .05 sits exactly 1.959964 SE from 0: the interval is [0, 2].
    low, high = effects.p_interval(1.0, 0.05)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(2, abs=1e-12)


# Properties


@given(correlations)
def test_r_to_d_to_r_round_trip(r: float) -> None:
    assert effects.d_to_r(effects.r_to_d(r)) == pytest.approx(r, abs=1e-9)


@given(ds)
def test_d_to_log_or_round_trip(d: float) -> None:
    assert effects.log_or_to_d(effects.d_to_log_or(d)) == pytest.approx(d, abs=1e-9)


@given(correlations, variances)
def test_variance_round_trip_through_d(r: float, v: float) -> None:
    d = effects.r_to_d(r)
    back = effects.var_d_to_var_r(effects.var_r_to_var_d(v, r), d)
    assert back == pytest.approx(v, rel=1e-9)


@given(ds, dfs)
def test_g_is_d_shrunk_toward_zero(d: float, df: float) -> None:
    j = effects.hedges_j(df)
    g = effects.d_to_g(d, df)
    assert 0 < j < 1
    assert abs(g) <= abs(d)
    assert g == 0 or math.copysign(1, g) == math.copysign(1, d)


@given(dfs, dfs)
def test_j_grows_with_df(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert effects.hedges_j(low) <= effects.hedges_j(high)


@given(ds.filter(lambda v: abs(v) > 1e-6), st.floats(0.1, 20), st.floats(2, 5000))
def test_t_interval_contains_estimate_and_excludes_zero_exactly_when_significant(
    b: float, t_size: float, df: float
) -> None:
    t = math.copysign(t_size, b)
    low, high = effects.t_interval(b, t, df)
    assert low <= b <= high
    # Zero lies outside the 95% interval exactly when |t| beats the critical t of its df
    # (with df = 2 that is 4.30, so t = 4.25 is not enough).
    critical = float(student_t.ppf(0.975, df))
    if abs(t_size - critical) > 1e-6:
        assert (low > 0 or high < 0) == (t_size > critical)


@given(correlations, st.integers(4, 100_000))
def test_r_interval_contains_r_and_stays_in_bounds(r: float, n: int) -> None:
    low, high = effects.r_interval(r, n)
    assert -1 < low <= r <= high < 1


@given(ds.filter(lambda v: abs(v) > 1e-3), ps)
def test_p_interval_contains_estimate(estimate: float, p: float) -> None:
    low, high = effects.p_interval(estimate, p)
    assert low <= estimate <= high


@given(st.floats(0.05, 5), st.floats(1e-12, 0.999))
def test_an_exact_p_recovers_the_standard_error(se: float, p: float) -> None:
    # Altman & Bland's approximation erred by up to 9.7% here for p > .5.
    z = -NormalDist().inv_cdf(p / 2)
    estimate = z * se
    assert effects.se_from_p(estimate, p) == pytest.approx(se, rel=1e-9)


@given(ds, ds)
def test_magnitude_grows_with_size(a: float, b: float) -> None:
    small, large = sorted((abs(a), abs(b)))
    order = effects.MAGNITUDES
    assert order.index(effects.magnitude(small) or "") <= order.index(
        effects.magnitude(large) or ""
    )


@given(correlations, st.floats(0.001, 0.3))
def test_converted_interval_contains_the_converted_estimate(r: float, width: float) -> None:
    ci = (max(-0.999, r - width), min(0.999, r + width))
    converted = effects.convert(Effect("x", "r", value=r, ci=ci))
    assert converted.d_ci is not None and converted.d is not None
    assert converted.d_ci[0] <= converted.d <= converted.d_ci[1]
    assert converted.d_var is not None and converted.d_var > 0


# What converts, and what honestly does not


def test_r_converts_with_its_reported_interval() -> None:
    c = effects.convert(Effect("empathy", "r", value=0.28, ci=(0.22, 0.33), k=Count(82)))
    assert close(c.d, 0.58) and c.r == 0.28 and c.ci_basis == "reported"
    assert c.d_ci is not None and close(c.d_ci[0], 0.45) and close(c.d_ci[1], 0.70)
    # Labelled by Cohen's benchmarks for r (.1, .3, .5), not by its d-equivalent's.
    assert c.magnitude == "small"
    assert effects.convert(Effect("x", "r", value=-0.42)).magnitude == "medium"
    assert effects.convert(Effect("x", "d", value=0.58)).magnitude == "medium"


def test_d_converts_to_r() -> None:
    c = effects.convert(Effect("empathy", "d", value=0.58))
    assert c.d == 0.58 and close(c.r, 0.28)


def test_pooled_g_stands_as_d_but_a_single_study_g_is_corrected() -> None:
    pooled = effects.convert(Effect("alliance", "g", value=0.57, k=Count(306)))
    assert pooled.d == 0.57 and "taken as d" in pooled.basis
    single = effects.convert(Effect("x", "g", value=0.5924, n=Count(100)))
    assert close(single.d, 0.5970, 4)


def test_odds_ratio_converts_through_the_logit() -> None:
    c = effects.convert(Effect("x", "OR", value=math.exp(0.9069), ci=(1.5, 4.0)))
    assert close(c.d, 0.5, 4)
    assert c.d_ci is not None and c.d_ci[0] < 0.5 < c.d_ci[1]


@pytest.mark.parametrize("measure", ["ICC", "b", "beta", "percent", "RR"])
def test_measures_without_an_honest_conversion_get_none(measure: str) -> None:
    c = effects.convert(Effect("x", measure, value=0.3, t=2.5, df=100))
    assert (c.d, c.r, c.magnitude) == (None, None, None)
    assert c.basis.startswith("no standard conversion")


def test_a_range_is_not_turned_into_a_midpoint() -> None:
    c = effects.convert(Effect("feedback", "g", value_range=(0.14, 0.49), k=Count(24)))
    assert (c.d, c.r, c.ci) == (None, None, None)
    assert "range" in c.basis


def test_b_gets_its_interval_from_t_and_df() -> None:
    c = effects.convert(Effect("x", "b", value=0.77, t=1.98, df=507, p=PValue(0.048)))
    assert c.ci_basis == "from t and df" and c.ci is not None
    assert (round(c.ci[0], 3), round(c.ci[1], 3)) == (0.006, 1.534)


def test_a_single_sample_r_gets_a_fisher_interval_but_a_pooled_r_does_not() -> None:
    single = effects.convert(Effect("x", "r", value=0.5, n=Count(103)))
    assert single.ci is not None and close(single.ci[0], 0.3393, 4)
    pooled = effects.convert(Effect("x", "r", value=0.31, k=Count(57), n=Count(3599)))
    assert pooled.ci is None and pooled.d_ci is None and close(pooled.d, 0.65)


def test_an_exact_p_gives_an_interval_but_a_bound_does_not() -> None:
    exact = effects.convert(Effect("x", "d", value=0.4, p=PValue(0.01)))
    assert exact.ci_basis.startswith("from the exact p") and exact.ci is not None
    assert exact.ci[0] > 0
    bound = effects.convert(Effect("x", "d", value=0.4, p=PValue(0.001, "<")))
    assert bound.ci is None


@pytest.mark.parametrize(
    ("measure", "value", "expected"),
    [("r", -0.42, "negative"), ("OR", 0.5, "negative"), ("OR", 2, "positive"), ("ICC", 0.1, None)],
)
def test_direction(measure: str, value: float, expected: str | None) -> None:
    assert effects.direction(measure, value) == expected


def test_a_t_with_df_near_zero_gives_no_interval_rather_than_a_crash() -> None:
    # Found by the check-then-build property: the derived bounds were ±2e158, and the
    # square of their standard error overflowed.
    c = effects.convert(Effect(predictor="a", measure="d", value=-1e9, t=-1, df=1e-9))
    assert c.ci is None and c.d_var is None
    assert c.r == -1.0


def test_d_to_r_of_a_huge_d_is_plus_or_minus_one() -> None:
    assert effects.d_to_r(-1e300) == -1.0
    assert effects.d_to_r(1e200) == 1.0


def test_an_r_interval_too_narrow_to_square_has_no_variance() -> None:
    c = effects.convert(Effect(predictor="a", measure="r", value=0.0, ci=(0.0, 5.8e-236)))
    assert c.d_var is None
    assert c.d == 0.0
