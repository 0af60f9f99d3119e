"""Charts as a reader sees them in Chromium: static SVGs load, the interactive versions
draw every point with Vega from the site itself, and nothing is fetched from elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import watch
from playwright.sync_api import Page, expect

VEGA_POINTS = ".digest-chart-vega svg [aria-roledescription=point]"


@pytest.fixture(scope="module")
def convertible(demo_site: Path) -> Any:
    with duckdb.connect(str(demo_site / "evidence.duckdb"), read_only=True) as con:
        # One point per independent estimate: superseded and shared ones are left out (the
        # demo's counterparts are all on Empathy too).
        row = con.execute(
            "select count(*) from evidence where list_contains(topics, 'Empathy')"
            " and d is not null and len(superseded_by) = 0 and same_data_as is null"
        ).fetchone()
    assert row is not None and row[0] > 0
    return row[0]


def test_topic_plot_is_static_then_interactive(page: Page, base_url: str, convertible: int) -> None:
    problems = watch(page)
    page.goto(f"{base_url}/topics/empathy/")
    image = page.locator("figure.digest-chart img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_role("button", name="Interactive version").click()
    expect(page.locator(VEGA_POINTS)).to_have_count(convertible, timeout=20_000)
    expect(image).to_be_hidden()
    assert problems == []


def test_entry_plot_is_drawn_when_it_comes_into_view(page: Page, base_url: str) -> None:
    problems = watch(page)
    page.goto(f"{base_url}/entries/2025-01-abargil-therapist-emotions/")
    page.locator("figure.digest-chart-auto").scroll_into_view_if_needed()
    expect(page.locator(VEGA_POINTS)).to_have_count(8, timeout=20_000)
    assert problems == []


def test_pages_without_charts_do_not_load_vega(page: Page, base_url: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(f"{base_url}/entries/2019-05-elliott-empathy-outcome/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "vega" in url]
