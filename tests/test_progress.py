"""The build's progress bars: each stage with its count on a terminal, nothing elsewhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TextColumn

from digest.cli import cli
from digest.common.progress import Bars, wanted
from digest.entries.load import Project, load_valid
from digest.site.build import build_site


def test_a_terminal_build_shows_each_stage_with_its_count(demo: Path) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with Progress(TextColumn("{task.description}"), MofNCompleteColumn(), console=console) as bars:
        reporter = Bars(bars)
        entries = load_valid(Project(demo), progress=reporter).entries
        build_site(Project(demo), entries, demo / "site", progress=reporter)
        reporter.finish()
    shown = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).split())
    pages = sum(1 for _ in (demo / "build" / "docs").rglob("*.md"))
    charts = sum(1 for _ in (demo / "site" / "charts").glob("*.vl.json"))
    entry_plots = sum(1 for _ in (demo / "site" / "entries").rglob("*.vl.json"))
    assert f"Rendering pages (MkDocs) {2 * pages}/{2 * pages}" in shown
    assert f"Drawing charts {charts + entry_plots}/{charts + entry_plots}" in shown
    assert "Loading entries 11/11" in shown
    for stage in (
        "Rendering citations",
        "Writing pages",
        "Writing the evidence database",
        "Indexing for search",
    ):
        assert stage in shown


@pytest.mark.parametrize(
    ("quiet", "ci", "terminal", "shown"),
    [
        (False, None, True, True),
        (True, None, True, False),
        (False, "true", True, False),
        (False, None, False, False),
    ],
)
def test_bars_only_for_a_person_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, quiet: bool, ci: str | None, terminal: bool, shown: bool
) -> None:
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr("sys.stderr.isatty", lambda: terminal)
    assert wanted(quiet) is shown


def test_quiet_build_prints_only_its_summary(demo: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == "Built 11 entries into site/\n"
