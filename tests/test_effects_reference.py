"""Every conversion and derived interval against reference values computed in R.

tests/reference/effects_reference.csv was written once by
tests/reference/make_effects_reference.R (metafor 3.8, effectsize 0.8, R's qt and qnorm);
the suite reads the CSV and needs no R. An empty expected cell means digest must give
no value there: no honest conversion, or no interval to derive.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from digest.common.model import Count, Effect, PValue
from digest.stats.effects import Converted, convert

FIXTURE = Path(__file__).parent / "reference" / "effects_reference.csv"
ROWS = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))


def number(text: str) -> float | None:
    return float(text) if text else None


def effect(row: dict[str, str]) -> Effect:
    low, high = number(row["ci_low"]), number(row["ci_high"])
    n, k, p = number(row["n"]), number(row["k"]), number(row["p"])
    return Effect(
        predictor="x",
        measure=row["measure"],
        value=float(row["value"]),
        ci=(low, high) if low is not None and high is not None else None,
        t=number(row["t"]),
        df=number(row["df"]),
        p=PValue(p) if p is not None else None,
        n=Count(int(n)) if n is not None else None,
        k=Count(int(k)) if k is not None else None,
    )


def got(converted: Converted) -> dict[str, float | None]:
    ci, d_ci = converted.ci or (None, None), converted.d_ci or (None, None)
    return {
        "ci_low": ci[0],
        "ci_high": ci[1],
        "d": converted.d,
        "d_ci_low": d_ci[0],
        "d_ci_high": d_ci[1],
        "d_var": converted.d_var,
        "r": converted.r,
        "cles": converted.cles,
    }


@pytest.mark.parametrize("row", ROWS, ids=[row["case"] for row in ROWS])
def test_matches_the_reference(row: dict[str, str]) -> None:
    actual = got(convert(effect(row)))
    expected = {name: number(row[f"exp_{name}"]) for name in actual}
    for name, value in expected.items():
        if value is None:
            assert actual[name] is None, name
        else:
            assert actual[name] == pytest.approx(value, rel=1e-9, abs=1e-12), name


def test_the_fixture_covers_every_derivation_and_conversion() -> None:
    bases = {convert(effect(row)).ci_basis for row in ROWS}
    assert bases == {
        "reported",
        "from t and df",
        "from r and df (Fisher's z, N = df + 2)",
        "from r and N (Fisher's z)",
        "from the exact p (normal quantile)",
        "",
    }
    conversions = {convert(effect(row)).basis for row in ROWS}
    assert {
        "d from r",
        "reported d; r from d (a = 4)",
        "d = g / J, df = N - 2; r from d (a = 4)",
        "g taken as d (J is near 1 in pooled samples); r from d (a = 4)",
        "d from ln(OR) x sqrt(3) / pi; r from d (a = 4)",
    } <= conversions
    dfs = {float(row["df"]) for row in ROWS if row["df"]}
    assert {1.0, 2.0, 3.0, 4.0} <= dfs


def test_entry_pages_say_a_d_in_plain_words(demo_site: Path) -> None:
    from bs4 import BeautifulSoup

    page = demo_site / "entries" / "2023-07-norcross-relationship-work" / "index.html"
    block = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(".digest-plain")
    assert block is not None and block.has_attr("data-pagefind-ignore")
    # pnorm(0.58 / sqrt(2)) = 0.659: two thirds, for the demo's patient-rated empathy.
    assert (
        "therapist empathy (patient-rated) → patient outcome (d = 0.58): of two people picked "
        "at random, one from each side of the comparison, the one on the better side does "
        "better 66% of the time"
    ) in block.get_text(" ", strip=True)
    elliott = demo_site / "entries" / "2019-05-elliott-empathy-outcome" / "index.html"
    assert "digest-plain" not in elliott.read_text("utf-8")  # an r: no two groups to compare
