"""Two builds of the same inputs write the same bytes."""

from __future__ import annotations

import gzip
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import cbor2
import duckdb
import pytest
from click.testing import CliRunner
from conftest import REPO, copy_demo, make_entry

from digest.cli import cli
from digest.common.errors import DigestError
from digest.entries.load import Project, load
from digest.site.reproducible import SOURCE_DATE_EPOCH, source_date, stabilise_search_index


def build(root: Path, site: str) -> Path:
    args = ["build", "--project", str(root), "--site-dir", str(root / site)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return root / site


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The demo built twice in one project folder, and once in a fresh copy."""
    first = copy_demo(tmp_path_factory.mktemp("first"))
    fresh = copy_demo(tmp_path_factory.mktemp("fresh"))
    return build(first, "site-a"), build(first, "site-b"), build(fresh, "site")


def test_a_rebuild_writes_the_same_bytes(three_builds: tuple[Path, Path, Path]) -> None:
    a, b, _ = three_builds
    first, second = files(a), files(b)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_fresh_checkout_writes_the_same_bytes_but_the_database_header(
    three_builds: tuple[Path, Path, Path],
) -> None:
    a, _, fresh = three_builds
    first, other = files(a), files(fresh)
    assert sorted(first) == sorted(other)
    assert [name for name in first if first[name] != other[name]] == ["evidence.duckdb"]
    assert database_rows(a / "evidence.duckdb") == database_rows(fresh / "evidence.duckdb")


def database_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def test_the_sitemap_is_dated_by_the_newest_issue(three_builds: tuple[Path, Path, Path]) -> None:
    sitemap = (three_builds[0] / "sitemap.xml").read_text("utf-8")
    newest = max(e.issue for e in load(Project(REPO)).entries)
    assert sitemap.count("<lastmod>") > 50
    assert sitemap.count(f"<lastmod>{newest}-01</lastmod>") == sitemap.count("<lastmod>")


def test_source_date_epoch_from_the_newest_issue_unless_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    entries = [make_entry(issue="2023-11"), make_entry(issue="2024-02")]
    with source_date(entries):
        stamp = int(os.environ[SOURCE_DATE_EPOCH])
        assert datetime.fromtimestamp(stamp, UTC) == datetime(2024, 2, 1, tzinfo=UTC)
    assert SOURCE_DATE_EPOCH not in os.environ
    monkeypatch.setenv(SOURCE_DATE_EPOCH, "86400")
    with source_date(entries):
        assert os.environ[SOURCE_DATE_EPOCH] == "86400"


def filter_values(pagefind: Path) -> dict[str, list[list[object]]]:
    decoded = {}
    for path in (pagefind / "filter").iterdir():
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        decoded[name] = values
    return decoded


def test_search_filters_are_rewritten_in_order_and_keep_their_pages(
    three_builds: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    pagefind = shutil.copytree(three_builds[0] / "pagefind", tmp_path / "pagefind")
    before = filter_values(pagefind)
    assert set(before) == {"topic", "type", "year"}
    for values in before.values():
        assert values == sorted(values)
    stabilise_search_index(pagefind)
    assert filter_values(pagefind) == before
    assert files(pagefind) == files(three_builds[0] / "pagefind")


def test_an_index_in_an_unknown_format_is_a_clean_error(
    three_builds: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    pagefind = shutil.copytree(three_builds[0] / "pagefind", tmp_path / "pagefind")
    next((pagefind / "filter").iterdir()).write_bytes(gzip.compress(b"something else"))
    with pytest.raises(DigestError, match="not in the format digest knows"):
        stabilise_search_index(pagefind)
