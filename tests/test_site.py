"""A real MkDocs build of the demo into a temporary folder, read back as HTML."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import tree_digest

from digest.cli import cli
from digest.site import sync_docs


@pytest.fixture
def built(demo: Path) -> Path:
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 0, result.output
    return demo / "site"


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
    assert result.stderr.startswith("Error: mkdocs.yml: Config value 'theme': Unrecognised")
    assert tree_digest(built) == before
    assert not list(demo.glob(".site-*"))


def test_broken_theme_template_is_a_clean_error(built: Path, demo: Path) -> None:
    before = tree_digest(built)
    broken = '{% extends "base.html" %}{% block extrahead %}{{ x | nosuchfilter }}{% endblock %}'
    (demo / "overrides" / "main.html").write_text(broken, "utf-8")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr.endswith("main.html:1: No filter named 'nosuchfilter'.\n")
    assert tree_digest(built) == before


def test_sync_docs_writes_only_what_changed(tmp_path: Path) -> None:
    files = {Path("a.md"): b"a", Path("sub/b.md"): b"b"}
    assert sync_docs(files, tmp_path) == 2
    (tmp_path / "stale.md").write_bytes(b"old")
    assert sync_docs({**files, Path("a.md"): b"A"}, tmp_path) == 1
    assert sorted(p.name for p in tmp_path.rglob("*.md")) == ["a.md", "b.md"]
