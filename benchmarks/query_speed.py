"""How long an effect query takes over an evidence database of 100,000 effects.

The database is made with digest's own code: make_archive writes ``base_entries``
synthetic entries, ``digest.entries.load.load_valid`` loads them and
``digest.evidence.db.build_database`` writes them to a DuckDB file. Its rows are then
copied in SQL under new entry ids ("<id>~1", "<id>~2", ...) until it holds at least
the effects asked for, so the values, measures and topics keep the generated mix.
(Writing 20,000 entries through build_database directly would take minutes at this
commit's insert speed.)

The query is what a reader asks ``digest effects``: the archive's most common topic,
measure d, estimates of at least 0.3, through ``digest.evidence.db.effects_query`` and
``run_query`` on a read-only connection; the median of ``runs`` timings.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
from make_archive import make_archive

QUERY_SEED = 2
MEASURE = "d"
MINIMUM = 0.3


@dataclass(frozen=True)
class QuerySpeed:
    """The median time of the effect query, and what it ran over."""

    median_ms: float
    effects: int
    rows: int
    topic: str
    base_entries: int
    copies: int


def measure_query_speed(folder: Path, effects: int, base_entries: int, runs: int) -> QuerySpeed:
    """Build the database under ``folder`` and time the query ``runs`` times."""
    path = folder / "evidence.duckdb"
    copies = build_query_database(folder / "archive", path, effects, base_entries)
    con = duckdb.connect(str(path), read_only=True)
    try:
        total = _count(con, "SELECT count(*) FROM effects")
        topic = most_common_topic(con)
        timings, rows = time_effect_query(con, topic, runs)
    finally:
        con.close()
    median_ms = statistics.median(timings) * 1000
    return QuerySpeed(median_ms, total, rows, topic, base_entries, copies)


def build_query_database(archive: Path, path: Path, effects: int, base_entries: int) -> int:
    """Write a database of at least ``effects`` effects to ``path``; the copy count."""
    from digest.entries.load import Project, load_valid
    from digest.evidence.db import build_database

    make_archive(base_entries, archive, seed=QUERY_SEED)
    entries = load_valid(Project(archive)).entries
    base_effects = sum(len(entry.effects) for entry in entries)
    copies = max(1, math.ceil(effects / max(base_effects, 1)))
    con = build_database(entries, str(path))
    try:
        copy_entries(con, copies)
    finally:
        con.close()
    return copies


def copy_entries(con: duckdb.DuckDBPyConnection, copies: int) -> None:
    """Add ``copies - 1`` copies of every entry's rows, in every table keyed by entry."""
    for table, key in _entry_keyed_tables(con):
        con.execute(
            f"INSERT INTO {table} SELECT t.* REPLACE (t.{key} || '~' || c.i AS {key}) "
            f"FROM {table} t, range(1, {copies}) c(i)"
        )


def _entry_keyed_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(table, column holding the entry id) for ``entries`` and each table with entry_id."""
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "JOIN information_schema.tables USING (table_schema, table_name) "
        "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    keyed = [(table, "entry_id") for table, column in columns if column == "entry_id"]
    return [("entries", "id"), *keyed]


def most_common_topic(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "SELECT topic FROM entry_topics GROUP BY topic ORDER BY count(*) DESC, topic LIMIT 1"
    ).fetchone()
    if row is None:
        raise RuntimeError("the query database has no topics")
    return str(row[0])


def time_effect_query(
    con: duckdb.DuckDBPyConnection, topic: str, runs: int
) -> tuple[list[float], int]:
    """Seconds each run of the query took, and the rows it returned."""
    from digest.evidence.db import effects_query, run_query

    timings, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        sql, params = effects_query(topic=topic, measure=MEASURE, minimum=MINIMUM)
        _, found = run_query(con, sql, params)
        timings.append(time.perf_counter() - start)
        rows = len(found)
    return timings, rows


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
