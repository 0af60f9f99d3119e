"""Accessibility of each kind of page, checked by axe-core in Chromium.

axe-core comes inside the axe-playwright-python package and is injected into the page
from there: the check fetches nothing. No rule is switched off; every serious or
critical violation fails the test with axe's own account of where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

BLOCKING = {"serious", "critical"}


def search_results(page: Page) -> None:
    expect(page.locator(".digest-result__title a").first).to_be_visible()
    expect(page.locator(".digest-facet").first).to_be_visible()


def explorer_table(page: Page) -> None:
    expect(page.locator("#digest-explorer tbody tr").first).to_be_visible()


def entry_plot(page: Page) -> None:
    page.locator("figure.digest-chart-auto").scroll_into_view_if_needed()
    expect(page.locator(".digest-chart-vega svg").first).to_be_visible(timeout=20_000)


# Each kind of page, and what to wait for before checking it (None: the page's load).
PAGES: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    "home": ("", None),
    "latest issue": ("this-month/", None),
    "month": ("2023/07/", None),
    "year": ("2023/", None),
    "archive": ("archive/", None),
    "entry": ("entries/2019-05-elliott-empathy-outcome/", None),
    "entry with a plot": ("entries/2025-01-abargil-therapist-emotions/", entry_plot),
    "topic": ("topics/empathy/", None),
    "topics": ("topics/", None),
    "research type": ("types/meta-analysis/", None),
    "search with results": ("search/?q=empathy&type=Meta-analysis", search_results),
    "evidence explorer": ("evidence/", explorer_table),
    "data dictionary": ("evidence/data/", None),
    "instruments": ("instruments/", None),
    "glossary": ("glossary/", None),
    "about": ("about/", None),
    "not found": ("404.html", None),
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def describe(violation: dict[str, Any]) -> str:
    places = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {places}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_serious_accessibility_violations(
    browser: Browser, base_url: str, axe: Axe, kind: str, scheme: Literal["light", "dark"]
) -> None:
    path, ready = PAGES[kind]
    page = browser.new_context(color_scheme=scheme).new_page()
    page.goto(f"{base_url}/{path}")
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    if ready:
        ready(page)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))

    results = axe.run(page).response

    assert results["testEngine"]["name"] == "axe-core"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert [describe(v) for v in blocking] == []
    assert [url for url in requested if urlsplit(url).hostname != "127.0.0.1"] == []
    page.context.close()
