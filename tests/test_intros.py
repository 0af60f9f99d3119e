"""Introductions no page would show, and running where there is no project: one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def intro_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("site_src/")]


def test_introductions_no_page_shows_are_warned_about(demo: Path) -> None:
    topics = demo / "site_src" / "topics"
    (topics / "alliance-and-therapeutic-relationship.md").rename(topics / "alliance.md")
    (topics / "empathy.md").rename(topics / "Empathy.markdown")
    (topics / "notes.txt").write_text("to do\n", "utf-8")
    (topics / "old").mkdir()
    (topics / "old" / "training.md").write_text("Old text.\n", "utf-8")
    (topics / "empathy-figure.png").write_bytes(b"\x89PNG\r\n")  # a picture an intro shows
    (demo / "site_src" / "types" / "meta.md").write_text("Text.\n", "utf-8")
    code, out, _ = run("check", "--strict")
    assert code == 1
    assert intro_lines(out) == [
        "site_src/topics/Empathy.markdown:1: (file): warning: only .md files are read as"
        " introductions; rename it to empathy.md; as it is, it is published as a file of the"
        " site (digest topics lists the names)",
        "site_src/topics/alliance.md:1: (file): warning: no page shows this introduction:"
        " 'alliance' names no topic; rename it to alliance-and-therapeutic-relationship.md"
        " (digest topics lists the names)",
        "site_src/topics/notes.txt:1: (file): warning: only .md files are read as"
        " introductions; as it is, it is published as a file of the site (digest topics"
        " lists the names)",
        "site_src/topics/old/training.md:1: (file): warning: introductions are read from"
        " topics/ itself, not from a folder in it; this file would be published as a page of"
        " its own",
        "site_src/types/meta.md:1: (file): warning: no page shows this introduction: 'meta'"
        " names no research type; rename it to meta-analysis.md (digest types lists the names)",
    ]
    assert run("check")[0] == 0


def test_the_demo_introductions_are_all_shown(demo: Path) -> None:
    code, out, _ = run("check", "--strict")
    assert (code, intro_lines(out)) == (0, [])


def test_outside_a_project_every_command_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    line = (
        "entries:1: (file): no such folder: run digest in a project's folder (the one holding"
        " entries/, bib/ and mkdocs.yml) or give --project DIR"
    )
    assert run("check") == (1, f"{line}\n", "Found 1 error.\n")
    for command in (["build"], ["db"], ["effects"], ["export"], ["newsletter", "2026-11"]):
        code, out, err = run(*command)
        assert (code, out, err) == (1, "", f"{line}\n"), command
    assert list(tmp_path.iterdir()) == []
