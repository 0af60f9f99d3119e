"""The site at archive scale: the demo plus 500 synthetic entries.

Entry pages must not grow with the archive (entries stay out of the nav and list a fixed
number of related entries), and a search must download only what it needs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, copy_demo
from test_search import run_queries

from digest.cli import cli

sys.path.insert(0, str(REPO / "benchmarks"))
from make_archive import make_archive

SYNTHETIC = 500
PAGES = [
    "entries/2019-05-elliott-empathy-outcome/index.html",
    "entries/2022-10-delgadillo-feedback-therapist-gap/index.html",
    "entries/2014-09-elliott-empathy-outcomes/index.html",
]


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("large"))
    make_archive(SYNTHETIC, root, seed=3)
    result = CliRunner().invoke(
        cli, ["build", "--project", str(root), "--site-dir", str(root / "site")]
    )
    assert result.exit_code == 0, result.output
    return root / "site"


def test_the_archive_really_is_large(large_site: Path) -> None:
    assert len(list((large_site / "entries").iterdir())) == SYNTHETIC + 11


@pytest.mark.parametrize("page", PAGES)
def test_entry_page_size_stays_flat(demo_site: Path, large_site: Path, page: str) -> None:
    small, large = (demo_site / page).stat().st_size, (large_site / page).stat().st_size
    assert large <= 1.1 * small, f"{page}: {small} -> {large} bytes"


def test_a_search_downloads_little(large_site: Path) -> None:
    results = run_queries(large_site, [{"q": "d = .58"}, {"q": "alliance outcome"}])
    assert "/entries/2019-05-elliott-empathy-outcome/" in results[0]["urls"]
    for result in results:
        assert result["bytes"] < 300_000
