"""The evidence database: DuckDB tables rebuilt from the entries on every build.

The YAML files are the single source of truth; this database is derived from them and
published for download. ``effects.d`` and ``effects.r`` hold the common metrics, and are
NULL wherever no honest conversion exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from digest.common.errors import DigestError
from digest.common.model import Effect, Entry
from digest.entries.vocab import vocabulary
from digest.stats.effects import Converted, convert, direction

SCHEMA = """
CREATE TABLE entries (
    id VARCHAR PRIMARY KEY, issue VARCHAR NOT NULL, issue_date DATE NOT NULL,
    year INTEGER NOT NULL, title VARCHAR NOT NULL, type VARCHAR NOT NULL,
    type_label VARCHAR NOT NULL, cite_key VARCHAR NOT NULL, sample VARCHAR,
    summary VARCHAR NOT NULL, implications VARCHAR NOT NULL, source VARCHAR
);
CREATE TABLE entry_topics (
    entry_id VARCHAR NOT NULL, topic VARCHAR NOT NULL, topic_slug VARCHAR NOT NULL,
    PRIMARY KEY (entry_id, topic)
);
CREATE TABLE effect_topics (
    entry_id VARCHAR NOT NULL, effect_no INTEGER NOT NULL, topic VARCHAR NOT NULL,
    PRIMARY KEY (entry_id, effect_no, topic)
);
CREATE TABLE entry_updates (
    entry_id VARCHAR NOT NULL, updates VARCHAR NOT NULL, PRIMARY KEY (entry_id, updates)
);
CREATE TABLE entry_instruments (
    entry_id VARCHAR NOT NULL, instrument VARCHAR NOT NULL, PRIMARY KEY (entry_id, instrument)
);
CREATE TABLE effects (
    entry_id VARCHAR NOT NULL, effect_no INTEGER NOT NULL, predictor VARCHAR NOT NULL,
    outcome VARCHAR, measure VARCHAR NOT NULL, value DOUBLE, range_low DOUBLE,
    range_high DOUBLE, ci_low DOUBLE, ci_high DOUBLE, k INTEGER, k_at_least BOOLEAN,
    n INTEGER, n_at_least BOOLEAN, t DOUBLE, df DOUBLE, p DOUBLE, p_relation VARCHAR,
    note VARCHAR, d DOUBLE, r DOUBLE, ci_basis VARCHAR, d_ci_low DOUBLE, d_ci_high DOUBLE,
    d_var DOUBLE, r_ci_low DOUBLE, r_ci_high DOUBLE, conversion VARCHAR, magnitude VARCHAR,
    direction VARCHAR, same_data_as VARCHAR, cles DOUBLE, PRIMARY KEY (entry_id, effect_no)
);
CREATE TABLE citations (
    key VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, authors VARCHAR[], year INTEGER,
    title VARCHAR NOT NULL, container VARCHAR, volume VARCHAR, issue VARCHAR,
    pages VARCHAR, publisher VARCHAR, doi VARCHAR, doi_url VARCHAR, apa VARCHAR NOT NULL
);
CREATE VIEW evidence AS
SELECT e.id AS entry_id, e.issue, e.year, e.title, e.type, e.type_label,
    coalesce((SELECT list(t.topic ORDER BY t.topic) FROM effect_topics t
              WHERE t.entry_id = e.id AND t.effect_no = f.effect_no), []) AS topics,
    c.apa AS citation, c.doi, f.effect_no, f.predictor, f.outcome, f.measure, f.value,
    f.range_low, f.range_high, f.ci_low, f.ci_high, f.ci_basis, f.k, f.k_at_least, f.n,
    f.n_at_least, f.t, f.df, f.p, f.p_relation, f.d, f.d_ci_low, f.d_ci_high, f.d_var, f.r,
    f.r_ci_low, f.r_ci_high, f.conversion, f.magnitude, f.direction, f.note,
    coalesce((SELECT list(u.entry_id ORDER BY u.entry_id) FROM entry_updates u
              WHERE u.updates = e.id), []) AS superseded_by,
    f.same_data_as, f.cles
FROM effects f JOIN entries e ON e.id = f.entry_id JOIN citations c ON c.key = e.cite_key
ORDER BY e.issue DESC, e.id, f.effect_no;
"""


def build_database(entries: Sequence[Entry], path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A database holding ``entries``, in memory unless a path is given."""
    con = duckdb.connect(path)
    con.execute(SCHEMA)
    _insert(con, "entries", (_entry_row(e) for e in entries))
    _insert(con, "entry_topics", ((e.id, t, _topic_slug(t)) for e in entries for t in e.topics))
    _insert(con, "entry_instruments", ((e.id, i) for e in entries for i in e.instruments))
    _insert(con, "effect_topics", _effect_topic_rows(entries))
    _insert(con, "entry_updates", ((e.id, old) for e in entries for old in e.updates))
    _insert(con, "effects", _effect_rows(entries))
    unique = {e.citation.key: e.citation for e in entries}
    _insert(con, "citations", (_citation_row(c) for c in unique.values()))
    return con


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of a query; SQL errors become DigestError."""
    try:
        cursor = con.execute(sql, list(params))
    except duckdb.Error as err:
        raise DigestError(f"query failed: {err}") from None
    if cursor.description is None:
        return [], []
    return [d[0] for d in cursor.description], cursor.fetchall()


def _derived(column: str) -> str:
    return f"CASE WHEN f.ci_basis = 'reported' THEN {column} ELSE round({column}, 3) END"


def _bound(column: str, at_least: str) -> str:
    return f"CAST({column} AS VARCHAR) || CASE WHEN {at_least} THEN '+' ELSE '' END"


def effects_query(
    topic: str | None = None,
    measure: str | None = None,
    research_type: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> tuple[str, list[Any]]:
    """SQL and parameters listing effects (with their entries) that match every filter.

    ``minimum`` and ``maximum`` bound the size of the common metric, |d|, so that
    measures compare (an r of -.42 is a d of -0.93); effects without a d do not match
    them. Bounds print as bounds (k "300+", p "<0.001"), derived intervals to 3 decimals.
    """
    conditions, params = [], []
    filters: Iterable[tuple[str, Any]] = (
        (
            "(f.entry_id, f.effect_no) IN (SELECT entry_id, effect_no FROM effect_topics "
            "WHERE topic = ?)",
            topic,
        ),
        ("f.measure = ?", measure),
        ("e.type = ?", research_type),
        ("abs(f.d) >= ?", minimum),
        ("abs(f.d) <= ?", maximum),
    )
    for condition, value in filters:
        if value is not None:
            conditions.append(condition)
            params.append(value)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"""
        SELECT f.entry_id, e.issue, f.predictor, f.outcome, f.measure, f.value,
               f.range_low, f.range_high, {_derived("f.ci_low")} AS ci_low,
               {_derived("f.ci_high")} AS ci_high, f.ci_basis,
               {_bound("f.k", "f.k_at_least")} AS k, {_bound("f.n", "f.n_at_least")} AS n,
               CASE WHEN f.p_relation = '=' THEN CAST(f.p AS VARCHAR)
                    ELSE f.p_relation || CAST(f.p AS VARCHAR) END AS p,
               round(f.d, 2) AS d, round(f.r, 2) AS r, f.magnitude
        FROM effects f JOIN entries e ON e.id = f.entry_id
        {where}
        ORDER BY e.issue DESC, f.entry_id, f.effect_no
    """
    return sql, params


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert ``rows`` as one list per column: a hundred times quicker than a row at a time."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    if columns:
        unnests = ", ".join("unnest(?)" for _ in columns)
        con.execute(f"INSERT INTO {table} SELECT {unnests}", columns)


def _topic_slug(topic: str) -> str:
    return vocabulary().term("topics", topic).slug


def _entry_row(e: Entry) -> tuple[Any, ...]:
    label = vocabulary().term("research_types", e.research_type).label
    return (
        e.id,
        e.issue,
        f"{e.issue}-01",
        e.year,
        e.title,
        e.research_type,
        label,
        e.citation.key,
        e.sample or None,
        e.summary,
        e.implications,
        e.source,
    )


def _effect_topic_rows(entries: Iterable[Entry]) -> Iterable[tuple[Any, ...]]:
    """Each effect's topics: its own where it names them, else its entry's."""
    for e in entries:
        for number, f in enumerate(e.effects, start=1):
            yield from ((e.id, number, topic) for topic in e.topics_of(f))


def _effect_rows(entries: Iterable[Entry]) -> Iterable[tuple[Any, ...]]:
    for e in entries:
        for number, f in enumerate(e.effects, start=1):
            yield (e.id, number, *_effect_values(f))


def _effect_values(f: Effect) -> tuple[Any, ...]:
    low, high = f.value_range or (None, None)
    c = convert(f)
    ci_low, ci_high = c.ci or (None, None)
    return (
        f.predictor,
        f.outcome or None,
        f.measure,
        f.value,
        low,
        high,
        ci_low,
        ci_high,
        f.k.value if f.k else None,
        f.k.at_least if f.k else None,
        f.n.value if f.n else None,
        f.n.at_least if f.n else None,
        f.t,
        f.df,
        f.p.value if f.p else None,
        f.p.relation if f.p else None,
        f.note or None,
        *_common_values(f, c),
        f.same_data_as or None,
        c.cles,
    )


def _common_values(f: Effect, c: Converted) -> tuple[Any, ...]:
    d_low, d_high = c.d_ci or (None, None)
    r_low, r_high = c.r_ci or (None, None)
    return (
        c.d,
        c.r,
        c.ci_basis or None,
        d_low,
        d_high,
        c.d_var,
        r_low,
        r_high,
        c.basis or None,
        c.magnitude,
        direction(f.measure, f.value),
    )


def _citation_row(c: Any) -> tuple[Any, ...]:
    authors = [f"{p.family}, {p.given}".rstrip(", ") for p in c.authors]
    return (
        c.key,
        c.kind,
        authors,
        c.year,
        c.title,
        c.container or None,
        c.volume or None,
        c.issue or None,
        c.pages or None,
        c.publisher or None,
        c.doi or None,
        c.doi_url or None,
        c.apa_text,
    )
