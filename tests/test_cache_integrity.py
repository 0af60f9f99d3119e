"""A damaged cache file is made again, never published: each is stored with its hash."""

from __future__ import annotations

from pathlib import Path

import duckdb
from click.testing import CliRunner
from conftest import copy_demo

from digest.cli import cli
from digest.common import cache


def test_a_file_read_back_must_match_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "chart.svg"
    cache.write(path, b"<svg>whole</svg>")
    assert cache.read(path) == b"<svg>whole</svg>"
    path.write_bytes(b"<svg>wh")  # cut short
    assert cache.read(path) is None
    cache.write(path, b"<svg>whole</svg>")
    (tmp_path / "sub" / "chart.svg.sha256").unlink()
    assert cache.read(path) is None
    assert cache.read(tmp_path / "missing.svg") is None
    assert not list((tmp_path / "sub").glob(".tmp-*"))


def build(root: Path) -> Path:
    args = ["build", "--quiet", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return root / "site"


def test_a_damaged_cache_is_rebuilt_not_published(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "project")
    site = build(root)
    whole = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.svg")}
    bundle = (site / "assets" / "vega" / "vega-embed.js").read_bytes()
    caches = root / "build" / "cache"
    damaged = [
        *sorted((caches / "charts").glob("*.svg")),
        *sorted((caches / "charts").glob("vega-embed-*.js")),
        *sorted((caches / "exports").glob("*/evidence.duckdb")),
        *sorted((caches / "apa").glob("*.json")),
    ]
    assert len(damaged) > 4
    for path in damaged:
        path.write_bytes(path.read_bytes()[:100])
    site = build(root)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.svg")} == whole
    assert (site / "assets" / "vega" / "vega-embed.js").read_bytes() == bundle
    with duckdb.connect(str(site / "evidence.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from effects").fetchone() == (28,)
    entry = site / "entries" / "2019-05-elliott-empathy-outcome" / "index.html"
    assert "Elliott, R., Bohart, A. C., Watson, J. C., &amp; Murphy, D. (2018)" in entry.read_text(
        "utf-8"
    )
