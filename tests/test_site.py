"""A real MkDocs build of the demo into a temporary folder, read back as HTML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import SITE_URL, tree_digest

from digest.cli import cli
from digest.entries.load import Project, load_valid
from digest.site.build import _swap, build_site, sync_docs


@pytest.fixture
def built(demo: Path) -> Path:
    """The demo site, built in strict mode: it has no warnings to fail on."""
    result = CliRunner().invoke(
        cli, ["build", "--strict", "--site-dir", "site", "--site-url", SITE_URL]
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
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
    (demo / "overrides").mkdir()
    (demo / "overrides" / "main.html").write_text(broken, "utf-8")
    config = demo / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "name: material", "name: material\n  custom_dir: overrides"
        ),
        "utf-8",
    )
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


def test_interrupted_build_leaves_the_previous_site_intact(
    built: Path, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(built)

    def interrupt(site: Path) -> None:
        assert (site / "index.html").is_file(), "MkDocs had written the new site"
        raise KeyboardInterrupt

    monkeypatch.setattr("digest.site.build.index_site", interrupt)
    entries = load_valid(Project(demo)).entries
    with pytest.raises(KeyboardInterrupt):
        build_site(Project(demo), entries, built)
    assert tree_digest(built) == before
    assert not list(demo.glob(".site-*"))


def test_a_swap_that_fails_halfway_puts_the_old_site_back(tmp_path: Path) -> None:
    site, new = tmp_path / "site", tmp_path / "new"
    site.mkdir()
    (site / "index.html").write_text("old", "utf-8")
    with pytest.raises(FileNotFoundError):
        _swap(new, site)
    assert (site / "index.html").read_text("utf-8") == "old"


def test_strict_build_fails_on_a_broken_internal_link(built: Path, demo: Path) -> None:
    before = tree_digest(built)
    with (demo / "site_src" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\n[Our method](method.md)\n")
    result = CliRunner().invoke(
        cli, ["build", "--strict", "--site-dir", "site", "--site-url", SITE_URL]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: MkDocs: Doc file 'about.md' contains a link 'method.md', but the target is"
        " not found among documentation files.\nStrict mode: 1 warning(s).\n"
    )
    assert tree_digest(built) == before
    lenient = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert lenient.exit_code == 0
    assert "warning: MkDocs: Doc file 'about.md' contains a link 'method.md'" in lenient.stderr


def test_the_site_is_readable_by_a_web_server_of_another_user(built: Path) -> None:
    # mkdtemp made it 0700; with the usual umask 022 it is 0755 like any folder.
    current = os.umask(0o022)
    os.umask(current)
    assert built.stat().st_mode & 0o777 == 0o777 & ~current


def test_a_build_killed_between_the_two_renames_loses_nothing(
    built: Path, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(built)
    # Killed after the first rename: the old site set aside, no site/ at all.
    built.rename(demo / ".site-old-site")
    # The next build fails (a broken theme), and still the previous site is back.
    (demo / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert tree_digest(built) == before
    assert not (demo / ".site-old-site").exists()


def test_a_second_build_at_once_is_refused_and_a_killed_one_blocks_nothing(demo: Path) -> None:
    from filelock import FileLock

    (demo / "build").mkdir(exist_ok=True)
    with FileLock(demo / "build" / ".lock"):
        result = CliRunner().invoke(cli, ["build", "--quiet", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: build/.lock: another digest build of this project is running; "
        "wait for it to finish\n"
    )
    # A holder killed without releasing it: the operating system frees the lock.
    holder = (
        "from filelock import FileLock; import os; FileLock('build/.lock').acquire(); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", holder], cwd=demo, check=False, timeout=60)
    result = CliRunner().invoke(cli, ["build", "--quiet", "--site-dir", "site"])
    assert result.exit_code == 0, result.output


def test_a_site_dir_that_cannot_be_made_is_one_line(demo: Path) -> None:
    (demo / "taken").write_text("a file where the folder would go\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--quiet", "--site-dir", "taken/site"])
    assert result.exit_code == 1
    assert result.stderr == "Error: taken: is a file, where a folder is needed\n"


def test_staging_left_by_a_killed_build_is_removed_and_no_other_site_s(demo: Path) -> None:
    left = demo / ".site-new-site-k1ll3d"
    other = demo / ".site-new-elsewhere-b0th"  # another site's staging in the same folder
    for folder in (left, other):
        folder.mkdir()
        (folder / "index.html").write_text("half a page", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--quiet", "--site-dir", "site"])
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert other.exists()
    assert [p.name for p in demo.glob(".site-new-*")] == [other.name]
