"""Open data: the evidence table as CSV, Parquet and JSON, and the whole database.

DuckDB writes every format itself (COPY), so the files agree with the database to the
last digit. Each file appears under its final name only once it is complete.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import yaml

from digest.common import cache as cache_file
from digest.common.model import Entry
from digest.evidence.db import build_database

FORMATS = ("csv", "parquet", "json", "duckdb")
STEM = "evidence"
_COPY_OPTIONS = {
    "csv": "FORMAT csv, HEADER true",
    "parquet": "FORMAT parquet",
    "json": "FORMAT json, ARRAY true",
}
# A CSV cell holds no list: lists are joined, as the data dictionary says.
_CSV_SELECT = (
    "SELECT * REPLACE (array_to_string(topics, '; ') AS topics, "
    "array_to_string(superseded_by, '; ') AS superseded_by) FROM evidence"
)


@dataclass(frozen=True)
class Column:
    """One column of the evidence table, as the data dictionary describes it."""

    name: str
    type: str
    description: str


@cache
def dictionary() -> tuple[Column, ...]:
    """The data dictionary of the evidence table, in column order."""
    text = resources.files("digest.evidence").joinpath("evidence_columns.yml").read_text("utf-8")
    return tuple(Column(**item) for item in yaml.safe_load(text))


def file_name(fmt: str) -> str:
    return f"{STEM}.{fmt}"


def write_exports(
    entries: Sequence[Entry], folder: Path, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write the evidence files for ``entries`` into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    with build_database(entries) as con:
        return [_write(con, fmt, folder / file_name(fmt)) for fmt in formats]


def cached_exports(entries: Sequence[Entry], folder: Path, cache_dir: Path) -> None:
    """Put the evidence files for ``entries`` into ``folder``, reusing the last export
    when neither the entries nor digest have changed since.

    DuckDB writes a random identifier into every database file, so only a reused file
    keeps a rebuild of unchanged entries byte-identical; it also skips the load.
    """
    stored = cache_dir / _export_key(entries)
    contents = _verified(stored)
    if contents is None:  # not there, or damaged: export again
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache_dir))
        write_exports(entries, staging)
        for fmt in FORMATS:
            cache_file.seal(staging / file_name(fmt))
        for old in cache_dir.iterdir():
            if old != staging:
                shutil.rmtree(old)
        staging.rename(stored)
        contents = {fmt: (stored / file_name(fmt)).read_bytes() for fmt in FORMATS}
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, content in contents.items():
        target = folder / file_name(fmt)
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)


def _verified(stored: Path) -> dict[str, bytes] | None:
    """Every export in ``stored`` as it was written, or None if one is missing or damaged."""
    contents = {fmt: cache_file.read(stored / file_name(fmt)) for fmt in FORMATS}
    if any(content is None for content in contents.values()):
        return None
    return {fmt: content for fmt, content in contents.items() if content is not None}


def _export_key(entries: Sequence[Entry]) -> str:
    """A hash of the entries, the code that exports them, and DuckDB's version."""
    h = hashlib.sha256(f"{duckdb.__version__}\n{entries!r}".encode())
    package = resources.files("digest")
    for name in ("evidence/db.py", "stats/effects.py", "evidence/exports.py", "common/model.py"):
        h.update(package.joinpath(name).read_bytes())
    h.update(package.joinpath("evidence", "evidence_columns.yml").read_bytes())
    return h.hexdigest()[:16]


def write_database(entries: Sequence[Entry], path: Path) -> None:
    """Write the whole evidence database to ``path``, replacing it only once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with build_database(entries) as con:
        _write(con, "duckdb", path)


def _write(con: duckdb.DuckDBPyConnection, fmt: str, target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        if fmt == "duckdb":
            _copy_database(con, tmp)
        else:
            select = _CSV_SELECT if fmt == "csv" else "SELECT * FROM evidence"
            con.execute(f"COPY ({select}) TO {_literal(tmp)} ({_COPY_OPTIONS[fmt]})")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return target


def _copy_database(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(f"ATTACH {_literal(path)} AS published")
    try:
        con.execute("COPY FROM DATABASE memory TO published")
    finally:
        con.execute("DETACH published")


def _literal(path: Path) -> str:
    """A path as an SQL string literal (COPY and ATTACH take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"
