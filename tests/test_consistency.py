"""An effect's own numbers: statcheck-style p from t and df, and lopsided intervals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ENTRY_NAME

from digest.cli import cli
from digest.common.model import Effect, PValue
from digest.entries.consistency import asymmetry, p_inconsistency

FILE = Path("entries/2020") / ENTRY_NAME


def effect(raw: dict[str, Any]) -> Effect:
    p = raw.get("p")
    relation, value = ("<", float(p[1:])) if isinstance(p, str) else ("=", p)
    return Effect(
        predictor="x",
        measure=raw["measure"],
        value=raw["value"],
        ci=tuple(raw["ci"]) if "ci" in raw else None,  # type: ignore[arg-type]
        t=raw.get("t"),
        df=raw.get("df"),
        p=PValue(value, relation) if p is not None else None,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("raw", "computed"),
    [
        # The demo's source: t(528) = -3.55 gives p = .00042, printed as .01.
        ({"measure": "b", "value": -1.83, "t": -3.55, "df": 528, "p": 0.01}, ".00042"),
        # t(531) = 3.18 gives .0016 even at t = 3.175: .001 cannot be a rounding of it.
        ({"measure": "b", "value": 1.27, "t": 3.18, "df": 531, "p": 0.001}, ".0016"),
        # A bound the t contradicts.
        ({"measure": "d", "value": 0.2, "t": 1.5, "df": 40, "p": "<.05"}, ".14"),
    ],
)
def test_an_inconsistent_p_is_named_with_the_p_its_t_gives(
    raw: dict[str, Any], computed: str
) -> None:
    message = p_inconsistency(raw, effect(raw))
    assert message is not None
    assert f"which gives p = {computed} (two-sided; statcheck)" in message


@pytest.mark.parametrize(
    "raw",
    [
        {"measure": "b", "value": 0.77, "t": 1.98, "df": 507, "p": 0.048},
        {"measure": "b", "value": 1.05, "t": 3.09, "df": 532, "p": 0.002},
        {"measure": "b", "value": 1.48, "t": 3.86, "df": 510, "p": "<.001"},
        # t = 2.0 printed with one decimal may be 1.95 to 2.05: p = .05 to .06 fits .05.
        {"measure": "d", "value": 0.3, "t": 2.0, "df": 100, "p": 0.05},
    ],
)
def test_a_p_its_t_allows_passes(raw: dict[str, Any]) -> None:
    assert p_inconsistency(raw, effect(raw)) is None


def test_a_lopsided_interval_is_a_likely_typo() -> None:
    raw = {"measure": "d", "value": 0.58, "ci": [0.40, 0.96]}
    message = asymmetry(raw, effect(raw))
    assert message is not None
    assert "sits off-centre around 0.58 on the reported scale by 32% of its width" in message


@pytest.mark.parametrize(
    "raw",
    [
        {"measure": "r", "value": 0.28, "ci": [0.22, 0.33]},  # symmetric on Fisher's z
        {"measure": "OR", "value": 2.5, "ci": [1.5, 4.2]},  # symmetric on ln
        {"measure": "d", "value": 0.05, "ci": [0.04, 0.07]},  # lopsided only by rounding
        {"measure": "ICC", "value": 0.3, "ci": [0.1, 0.35]},  # no normal scale to judge on
    ],
)
def test_an_interval_symmetric_on_its_own_scale_passes(raw: dict[str, Any]) -> None:
    assert asymmetry(raw, effect(raw)) is None


def set_effect(project: Path, lines: str) -> None:
    path = project / FILE
    text = path.read_text("utf-8")
    start = text.index("    measure: ")
    path.write_text(text[:start] + lines, "utf-8")


INCONSISTENT = "    measure: b\n    value: -1.83\n    t: -3.55\n    df: 528\n    p: 0.01\n"


def test_strict_check_fails_until_the_editor_confirms_the_source(project: Path) -> None:
    set_effect(project, INCONSISTENT)
    result = CliRunner().invoke(cli, ["check", "--strict"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{FILE.as_posix()}:16: effects[0].p: warning: p = .01 does not follow from "
        "t(528) = -3.55, which gives p = .00042 (two-sided; statcheck); if the source "
        "prints it so, keep its numbers and say 'inconsistent' in the effect's note\n"
    )
    set_effect(project, INCONSISTENT + "    note: as published, inconsistent with its t\n")
    result = CliRunner().invoke(cli, ["check", "--strict"])
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "effects[0].p: note: p = .01 does not follow from t(528) = "
        "-3.55, which gives p = .00042; the note says the source "
        "has it so\n"
    )
    assert result.stderr == "1 entry checked: no errors, 1 note.\n"
