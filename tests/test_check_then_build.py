"""What `digest check` accepts, the build builds: a property over entries near every boundary.

Each generated entry is checked as `digest check` checks it. When check accepts it, the
build's own work is done on it: citations rendered, the evidence database filled and
queried, every page, feed and chart of the docs tree written, the reproducible date
taken, and the explorer's JSON read back as strict JSON. None of it may raise. (MkDocs
and Pagefind only render that tree; the full build is run on the boundary cases by the
bad-inputs corpus and test_site.)
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BIB, REPO
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from digest.entries.load import Project, load, load_valid
from digest.evidence.db import build_database
from digest.site.build import docs_files, load_config
from digest.site.reproducible import source_date

NOT_FINITE = [math.nan, math.inf, -math.inf]
# Each measure's range: an estimate on it, at its edges and just inside them.
RANGES: dict[str, tuple[float, float]] = {
    "r": (-1.0, 1.0),
    "ICC": (0.0, 1.0),
    "percent": (0.0, 100.0),
    "OR": (1e-12, 1e9),
    "RR": (1e-12, 1e9),
    "d": (-1e9, 1e9),
    "g": (-1e9, 1e9),
    "b": (-1e9, 1e9),
    "beta": (-1e9, 1e9),
}
# Mostly ordinary values, so that check accepts most entries; the rest hostile.
texts = st.sampled_from(["therapist empathy"] * 12 + [" ", "\u200b", "\u00a0\u3000", "x\u202ey"])
counts = st.sampled_from([1, 2, 3, 4, 82, 6138, 2**31 - 1, "300+", "30,000+", 2**31])
p_values = st.one_of(
    st.floats(1e-300, 1.0),
    st.floats(1e-300, 1.0),
    st.sampled_from([0.0, 1.0, 0.05, 1e-300, "<.001", ">.05", "<1", ">1", "<0.0", *NOT_FINITE]),
)


def near(low: float, high: float) -> st.SearchStrategy[float]:
    """Values on [low, high]: its edges, just inside them, zero, and between."""
    span = high - low
    edges = [low, high, low + span * 1e-9, high - span * 1e-9, min(max(0.0, low), high)]
    return st.one_of(st.sampled_from(edges), st.floats(low, high, allow_nan=False))


@st.composite
def effects(draw: st.DrawFn) -> dict[str, Any]:
    measure = draw(st.sampled_from(sorted(RANGES)))
    low, high = RANGES[measure]
    value = draw(st.one_of(near(low, high), near(low, high), near(low, high), st.just(math.nan)))
    effect: dict[str, Any] = {"predictor": draw(texts), "measure": measure, "value": value}
    if draw(st.booleans()) and math.isfinite(value):
        below, above = draw(near(low, value)), draw(near(value, high))
        effect["ci"] = [below, above]
    if draw(st.booleans()):
        size = draw(st.one_of(near(0.0, 1e6), st.sampled_from([1e-9, *NOT_FINITE])))
        centred = math.log(value) if measure in ("OR", "RR") and value > 0 else value
        effect["t"] = math.copysign(size, centred) if math.isfinite(centred) else size
        effect["df"] = draw(st.one_of(near(1e-9, 1e6), st.sampled_from([1.0, 2.0, 3.0])))
    optional = {"p": p_values, "k": counts, "n": counts, "outcome": texts}
    for name, strategy in optional.items():
        if draw(st.booleans()):
            effect[name] = draw(strategy)
    return effect


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    issue = draw(st.sampled_from(["2020-01"] * 6 + ["1970-01", "1969-12", "1850-01", "0000-01"]))
    return {
        "id": f"{issue}-smith-alliance",
        "issue": issue,
        "title": draw(st.sampled_from(["A Test Entry"] * 6 + [" \u3000", "\u200b\u200b"])),
        "cite": "smith2020alliance",
        "type": "meta-analysis",
        "topics": ["Empathy"],
        "summary": draw(st.sampled_from(["Some text.", "The text says d = 0.5 [0.4, 0.6]."])),
        "implications": "Other text.",
        "effects": [draw(effects())],
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("check-then-build")
    (root / "bib").mkdir()
    (root / "bib" / "refs.bib").write_text(BIB, "utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def write(root: Path, entry: dict[str, Any]) -> None:
    folder = root / "entries"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / entry["issue"][:4]).mkdir(parents=True)
    text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
    (folder / entry["issue"][:4] / f"{entry['id']}.yaml").write_text(text, "utf-8")


def refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} in the explorer's JSON")


def fixed(*effects: dict[str, Any], issue: str = "2020-01") -> dict[str, Any]:
    """A plain entry holding ``effects``: the cases that crashed a build once."""
    return {
        "id": f"{issue}-smith-alliance",
        "issue": issue,
        "title": "A Test Entry",
        "cite": "smith2020alliance",
        "type": "meta-analysis",
        "topics": ["Empathy"],
        "summary": "The text says d = 0.9.",
        "implications": "Other text.",
        "effects": list(effects),
    }


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(entries())
@example(fixed({"predictor": "g", "measure": "g", "value": 0.9, "n": 3}))
@example(fixed({"predictor": "r", "measure": "r", "value": 0.28, "ci": [0.28, 0.28]}))
@example(fixed({"predictor": "d", "measure": "d", "value": 0.5, "ci": [-1e300, 1e300]}))
@example(fixed({"predictor": "b", "measure": "b", "value": 0.5, "t": math.nan, "df": 9}))
@example(fixed({"predictor": "n", "measure": "r", "value": 0.2, "k": 3, "n": 2**31}))
@example(fixed({"predictor": "OR", "measure": "OR", "value": 1e9, "t": 1e-9, "df": 10}))
@example(fixed({"predictor": "r", "measure": "r", "value": 0.3}, issue="1850-01"))
def test_what_check_accepts_the_build_builds(workspace: Path, entry: dict[str, Any]) -> None:
    write(workspace, entry)
    project = Project(workspace)
    if load(project, cite=False).errors:
        event("refused by check")
        return  # check refuses it: the build refuses it too, with the same lines
    event("accepted by check, then built")
    built = load_valid(project).entries
    con = build_database(built)
    con.execute("SELECT * FROM evidence").fetchall()
    files = docs_files(project, built, load_config(project))
    json.loads(files[Path("evidence/effects.json")], parse_constant=refuse_constant)
    with source_date(built):
        pass
