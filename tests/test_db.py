"""The evidence database built from the shipped demo entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import REPO, TODAY

from digest.entries.load import Project, load_valid
from digest.evidence.db import build_database, effects_query, run_query
from digest.evidence.exports import write_database


def raw_entries() -> list[dict]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(REPO.glob("entries/**/*.yaml"))]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    loaded = load_valid(Project(REPO), today=TODAY)
    connection = build_database(loaded.entries)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_one_row_per_entry_topic_and_effect(con: duckdb.DuckDBPyConnection) -> None:
    raw = raw_entries()
    assert len(raw) == 11
    assert scalar(con, "select count(*) from entries") == len(raw)
    assert scalar(con, "select count(*) from entry_topics") == sum(len(e["topics"]) for e in raw)
    assert scalar(con, "select count(*) from effects") == sum(
        len(e.get("effects", [])) for e in raw
    )
    assert scalar(con, "select count(distinct key) from citations") == len({e["cite"] for e in raw})


def test_effect_values_are_exactly_as_written(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "select measure, value, ci_low, ci_high, k, n, r, d from effects"
        " where entry_id = '2019-05-elliott-empathy-outcome'"
    ).fetchall()
    assert row == [("r", 0.28, 0.22, 0.33, 82, 6138, 0.28, pytest.approx(0.58, abs=0.005))]


def test_common_metrics_come_from_the_conversions(con: duckdb.DuckDBPyConnection) -> None:
    converted = con.execute(
        "select measure, count(*) from effects where d is not null and r is not null"
        " group by measure order by measure"
    ).fetchall()
    assert converted == [("d", 4), ("g", 9), ("r", 4)]
    elliott_2014 = con.execute(
        "select round(d, 2), ci_low, magnitude, conversion from effects"
        " where entry_id = '2014-09-elliott-empathy-outcomes'"
    ).fetchone()
    assert elliott_2014 == (0.65, None, "medium", "d from r")


def test_b_interval_is_derived_from_t_and_df(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "select round(ci_low, 3), round(ci_high, 3), ci_basis, d, magnitude from effects"
        " where measure = 'b' and value = 0.77"
    ).fetchone()
    assert row == (0.006, 1.534, "from t and df", None, None)


def test_lower_bounds_ranges_and_p_bounds(con: duckdb.DuckDBPyConnection) -> None:
    alliance = con.execute(
        "select k, k_at_least, n, n_at_least, d from effects"
        " where entry_id = '2023-07-norcross-relationship-work' and predictor = 'therapeutic alliance'"
    ).fetchall()
    assert alliance == [(300, True, 30000, True, 0.57)]
    feedback = con.execute(
        "select value, range_low, range_high, k from effects where range_low is not null"
    ).fetchall()
    assert feedback == [(None, 0.14, 0.49, 24)]
    bounds = scalar(con, "select count(*) from effects where p_relation = '<'")
    assert bounds == 3


def test_icc_and_b_get_no_common_metric(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select measure, count(*) from effects where measure in ('ICC', 'b')"
        " and d is null and r is null group by measure order by measure"
    ).fetchall()
    assert rows == [("ICC", 2), ("b", 8)]


def test_topics_use_the_corrected_label(con: duckdb.DuckDBPyConnection) -> None:
    topics = con.execute(
        "select topic, topic_slug from entry_topics where entry_id = '2023-07-norcross-relationship-not-work'"
        " order by topic"
    ).fetchall()
    assert ("Adherence", "adherence") in topics


def test_effects_query_filters(con: duckdb.DuckDBPyConnection) -> None:
    sql, params = effects_query(topic="Empathy", measure="r", minimum=0.2)
    columns, rows = run_query(con, sql, params)
    found = [(r[columns.index("entry_id")], r[columns.index("value")]) for r in rows]
    # The size on d, either way: r = -.42 is d = -0.93 (it failed a raw --min 0.2).
    assert found == [
        ("2021-04-cooper-mindfulness-empathy", -0.42),
        ("2021-04-cooper-mindfulness-empathy", 0.28),
        ("2019-05-elliott-empathy-outcome", 0.28),
        ("2014-09-elliott-empathy-outcomes", 0.31),
    ]


def test_size_bounds_compare_measures_on_d(con: duckdb.DuckDBPyConnection) -> None:
    sql, params = effects_query(minimum=0.6)
    columns, rows = run_query(con, sql, params)
    found = {(r[columns.index("measure")], r[columns.index("d")]) for r in rows}
    # A b of 0.77 has no d: it passed a raw --min before; ranges and ICCs have none either.
    assert all(d is not None and abs(d) >= 0.6 for _, d in found)
    assert ("r", -0.93) in found and not any(m in ("b", "ICC") for m, _ in found)


def test_bounds_print_as_bounds(con: duckdb.DuckDBPyConnection) -> None:
    sql, params = effects_query(measure="b")
    columns, rows = run_query(con, sql, params)
    first = dict(zip(columns, rows[0], strict=True))
    assert (first["ci_low"], first["ci_high"], first["ci_basis"]) == (0.006, 1.534, "from t and df")
    assert {r[columns.index("p")] for r in rows} >= {"<0.001", "0.048"}
    sql, params = effects_query(topic="Empathy")
    columns, rows = run_query(con, sql, params)
    assert ("300+", "30000+") in {(r[columns.index("k")], r[columns.index("n")]) for r in rows}


def test_written_file_is_complete(tmp_path: Path) -> None:
    loaded = load_valid(Project(REPO), today=TODAY)
    path = tmp_path / "evidence.duckdb"
    write_database(loaded.entries, path)
    with duckdb.connect(str(path), read_only=True) as db:
        assert db.execute("select count(*) from entries").fetchone() == (11,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.duckdb"]
