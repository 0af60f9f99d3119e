"""A rebuild renders only the pages whose Markdown changed, and writes what a cold build would."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SITE_URL, copy_demo

from digest.cli import cli
from digest.common.errors import DigestError
from digest.site.incremental import THEME_DIR

EDITED = "entries/2025/2025-01-abargil-therapist-emotions.yaml"
# Removed by the test; no other entry refers to it.
REMOVED = "entries/2021/2021-04-cooper-mindfulness-empathy.yaml"
UNRELATED = "about/index.html"


def build(root: Path) -> Path:
    result = CliRunner().invoke(
        cli, ["build", "--project", str(root), "--site-dir", str(root / "site")]
    )
    assert result.exit_code == 0, result.output
    return root / "site"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def edit(root: Path) -> None:
    entry = root / EDITED
    text = entry.read_text("utf-8").replace(
        "summary: |\n", "summary: |\n  Edited for the test.\n", 1
    )
    assert "Edited for the test." in text
    entry.write_text(text, "utf-8")
    (root / REMOVED).unlink()


def test_a_rebuild_after_edits_writes_what_a_cold_build_writes(tmp_path: Path) -> None:
    warm = copy_demo(tmp_path / "warm")
    site = build(warm)
    before = (site / UNRELATED).stat().st_mtime_ns
    edit(warm)
    build(warm)
    cold = tmp_path / "cold"
    shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("build", "site"))
    rebuilt, fresh = files(warm / "site"), files(build(cold))
    assert sorted(rebuilt) == sorted(fresh)
    # The database header differs between project folders (see test_reproducible.py).
    assert [n for n in rebuilt if rebuilt[n] != fresh[n]] == ["evidence.duckdb"]
    assert (
        "Edited for the test."
        in rebuilt["entries/2025-01-abargil-therapist-emotions/index.html"].decode()
    )
    assert not any(n.startswith("entries/2021-04-cooper-mindfulness-empathy/") for n in rebuilt)
    # The unrelated page was reused, not rendered again.
    assert (warm / "site" / UNRELATED).stat().st_mtime_ns == before


def test_a_failed_rebuild_leaves_the_previous_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new site shares the unchanged pages' files with the old one (hard links):
    # nothing MkDocs writes for the edited pages may reach the old site through them.
    root = copy_demo(tmp_path / "project")
    before = files(build(root))
    edit(root)

    def fail(site: Path) -> None:
        raise DigestError("Pagefind could not index the site: test")

    monkeypatch.setattr("digest.site.build.index_site", fail)
    args = ["build", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert files(root / "site") == before


def test_a_changed_theme_renders_every_page_again(tmp_path: Path) -> None:
    root = with_custom_dir(copy_demo(tmp_path / "project"))
    build(root)
    theme = root / "overrides" / "main.html"
    marker = "<!-- theme changed for the test -->"
    theme.write_text(
        theme.read_text("utf-8").replace("{{ super() }}", "{{ super() }}\n  " + marker, 1), "utf-8"
    )
    site = build(root)
    assert marker in (site / UNRELATED).read_text("utf-8")


def with_custom_dir(root: Path) -> Path:
    """The project with its own copy of digest's template in a custom_dir, overrides/."""
    (root / "overrides").mkdir()
    shutil.copy(THEME_DIR / "main.html", root / "overrides" / "main.html")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        "utf-8",
    )
    return root


def test_digest_templates_changing_renders_every_page_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_demo(tmp_path / "project")
    build(root)
    theme = tmp_path / "theme"
    shutil.copytree(THEME_DIR, theme)
    marker = "<!-- digest's template changed for the test -->"
    main = theme / "main.html"
    main.write_text(
        main.read_text("utf-8").replace("{{ super() }}", "{{ super() }}\n  " + marker, 1), "utf-8"
    )
    monkeypatch.setattr("digest.site.incremental.THEME_DIR", theme)
    monkeypatch.setattr("digest.site.build.THEME_DIR", theme)
    site = build(root)
    assert marker in (site / UNRELATED).read_text("utf-8")


def test_a_strict_build_renders_every_page(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "project")
    site = build(root)
    before = (site / UNRELATED).stat().st_mtime_ns
    args = ["build", "--strict", "--project", str(root), "--site-dir", str(site)]
    args += ["--site-url", SITE_URL]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert (site / UNRELATED).stat().st_mtime_ns != before


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="cut short"),
        pytest.param(lambda b: b.replace(b"</main>", b"<p>edited by hand</p></main>"), id="edited"),
    ],
)
def test_a_damaged_page_in_the_previous_site_is_rendered_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    root = copy_demo(tmp_path / "project")
    page = build(root) / UNRELATED
    whole = page.read_bytes()
    # Written in place, keeping the page's time: only its bytes tell it has changed.
    times = page.stat()
    page.write_bytes(damage(whole))
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert page.read_bytes() != whole
    build(root)
    assert page.read_bytes() == whole
