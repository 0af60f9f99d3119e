"""Charts as a reader sees them in Chromium: static SVGs load, the interactive versions
draw every point with Vega from the site itself, and nothing is fetched from elsewhere."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import watch
from playwright.sync_api import Browser, Page, expect

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
    image = page.locator("figure.digest-chart .digest-chart-static")
    expect(image).to_be_visible()
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


# What each chart on a page shows of its text, measured where Chromium drew it: every
# <text> with its box, its size in CSS px (font size times the SVG's scale on screen),
# whether it is a tick label, a legend label or an axis title, and the SVG's own box
# beside the column's.
MEASURE = """figure => [...figure.querySelectorAll("svg")].filter(svg => !svg.parentElement.closest("svg")).map(svg => {
  const box = svg.getBoundingClientRect();
  const column = figure.closest("article").getBoundingClientRect();
  const scale = svg.getScreenCTM().a;
  const page = getComputedStyle(document.body).backgroundColor;
  const texts = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    const role = t.closest("[class*=role-]").getAttribute("class");
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize) * scale, fill: getComputedStyle(t).fill, role};
  });
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          column: {left: column.left, right: column.right}, page, texts};
})"""

WIDTHS = [390, 1280, 1440]
CHART_PAGES = {
    "topic": "topics/empathy/",
    "evidence": "evidence/",
    "entry": "entries/2021-04-cooper-mindfulness-empathy/",
    "all-g entry": "entries/2018-11-norcross-relationships-that-work/",
}


def drawings(browser: Browser, base_url: str, path: str, width: int, live: bool) -> list[Any]:
    """The charts on the page at ``path``, static or (``live``) drawn by Vega."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/{path}")
    figure = page.locator("figure.digest-chart").first
    figure.scroll_into_view_if_needed()
    if live and figure.locator(".digest-chart-live").count():
        figure.locator(".digest-chart-live").click()
    if live or "digest-chart-auto" in (figure.get_attribute("class") or ""):
        expect(figure.locator(".digest-chart-vega svg text").first).to_be_attached(timeout=20_000)
    measured = figure.evaluate(MEASURE)
    context.close()
    return [d for d in measured if d["box"]["right"] > d["box"]["left"]]


@pytest.mark.parametrize("live", [False, True], ids=["static", "live"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CHART_PAGES.values(), ids=CHART_PAGES.keys())
def test_chart_text_is_whole_and_readable(
    browser: Browser, base_url: str, path: str, width: int, live: bool
) -> None:
    charts = drawings(browser, base_url, path, width, live)
    assert charts, "no chart drawn"
    for chart in charts:
        box = chart["box"]
        assert box["right"] <= chart["column"]["right"] + 0.5, "wider than the column"
        for t in chart["texts"]:
            inside = (
                t["left"] >= box["left"] - 0.5
                and t["right"] <= box["right"] + 0.5
                and t["top"] >= box["top"] - 0.5
                and t["bottom"] <= box["bottom"] + 0.5
            )
            assert inside, f"cut: {t['text']!r} {t} in {box}"
            assert t["size"] >= 11, f"{t['text']!r} drawn at {t['size']:.1f} px"
        ticks = [t for t in chart["texts"] if "role-axis-label" in t["role"]]
        for a, b in itertools.combinations(ticks, 2):
            apart = a["right"] <= b["left"] or b["right"] <= a["left"]
            assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (a, b)
        legend = [t["text"] for t in chart["texts"] if "role-legend-label" in t["role"]]
        assert "0" not in legend


def test_all_g_chart_says_g(browser: Browser, base_url: str) -> None:
    (chart,) = drawings(browser, base_url, CHART_PAGES["all-g entry"], 1280, live=True)
    titles = [t["text"] for t in chart["texts"] if "role-axis-title" in t["role"]]
    assert titles == ["Hedges' g"]


def luminance(css: str) -> float:
    channels = [int(float(c)) / 255 for c in css[css.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("live", [False, True], ids=["static", "live"])
def test_chart_text_contrasts_with_the_dark_scheme(
    browser: Browser, base_url: str, live: bool
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    # Material's palette toggle sets the scheme on <body>; set it as the toggle would.
    context.add_init_script(
        "addEventListener('DOMContentLoaded', () =>"
        " document.body.setAttribute('data-md-color-scheme', 'slate'))"
    )
    page = context.new_page()
    page.goto(f"{base_url}/topics/empathy/")
    figure = page.locator("figure.digest-chart").first
    if live:
        figure.locator(".digest-chart-live").click()
        expect(figure.locator(".digest-chart-vega svg text").first).to_be_attached(timeout=20_000)
    (chart,) = [d for d in figure.evaluate(MEASURE) if d["box"]["right"] > d["box"]["left"]]
    context.close()
    assert luminance(chart["page"]) < 0.1, "the page is not dark"
    for t in chart["texts"]:
        assert contrast(t["fill"], chart["page"]) >= 4.5, t
