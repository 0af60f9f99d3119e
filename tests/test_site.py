"""A real MkDocs build of the demo into a temporary folder, read back as HTML."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import tree_digest

from digest.cli import cli
from digest.site import sync_docs


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture
def built(demo: Path) -> Path:
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 0, result.output
    return demo / "site"


def test_entry_page(built: Path) -> None:
    page = soup(built / "entries" / "2019-05-elliott-empathy-outcome" / "index.html")
    assert page.h1 is not None
    assert page.h1.get_text(strip=True).startswith("Therapist Empathy and Client Outcome")
    citation = page.select_one(".digest-citation")
    assert citation is not None
    assert citation.get_text().startswith("Elliott, R., Bohart, A. C., Watson, J. C., & Murphy, D.")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table tr")]
    assert (rows[1][:7]) == [
        "therapist empathy",
        "client outcome",
        "r",
        "0.28",
        "[0.22, 0.33]",
        "82",
        "6,138",
    ]


def test_doi_is_linked(built: Path) -> None:
    page = soup(built / "entries" / "2025-01-abargil-therapist-emotions" / "index.html")
    links = [a["href"] for a in page.select(".digest-citation a")]
    assert links == ["https://doi.org/10.1080/10503307.2024.2403422"]


def test_home_lists_every_month_newest_first(built: Path) -> None:
    page = soup(built / "index.html")
    months = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h3")]
    assert months[0] == "January 2025"
    assert months[-1] == "September 2014"
    assert len(months) == 9
    links = {a["href"] for a in page.select("article a") if "entries/" in a["href"]}
    assert len(links) == 11


def test_entries_stay_out_of_the_nav(built: Path) -> None:
    page = soup(built / "entries" / "2014-09-elliott-empathy-outcomes" / "index.html")
    nav = " ".join(a.get("href", "") for a in page.select("nav.md-nav--primary a"))
    assert "entries/" not in nav


def test_site_offers_the_database(built: Path) -> None:
    with duckdb.connect(str(built / "evidence.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from effects").fetchone() == (28,)


def test_failed_build_leaves_the_previous_site_intact(built: Path, demo: Path) -> None:
    before = tree_digest(built)
    entry = next((demo / "entries").rglob("*.yaml"))
    entry.write_text(entry.read_text("utf-8").replace("type:", "kind:"), "utf-8")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert "yaml:6: kind: unknown field\n" in result.stderr
    assert tree_digest(built) == before


def test_mkdocs_failure_leaves_the_previous_site_intact(built: Path, demo: Path) -> None:
    before = tree_digest(built)
    (demo / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: MkDocs could not build the site")
    assert tree_digest(built) == before
    assert not list(demo.glob(".site-*"))


def test_sync_docs_writes_only_what_changed(tmp_path: Path) -> None:
    files = {Path("a.md"): b"a", Path("sub/b.md"): b"b"}
    assert sync_docs(files, tmp_path) == 2
    (tmp_path / "stale.md").write_bytes(b"old")
    assert sync_docs({**files, Path("a.md"): b"A"}, tmp_path) == 1
    assert sorted(p.name for p in tmp_path.rglob("*.md")) == ["a.md", "b.md"]
