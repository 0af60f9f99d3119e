"""The evidence explorer as a reader sees it: Chromium on /evidence/ of the built demo site.

Expected numbers come from the site's own evidence/effects.json, read here in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from conftest import watch
from playwright.sync_api import (
    Browser,
    Page,
    Route,
    ViewportSize,
    expect,
)

PAGE_ROWS = 200  # rows digest-explorer.js draws at a time
PHONE: ViewportSize = {"width": 390, "height": 844}
EXPLORER = "#digest-explorer"
COUNT = f"{EXPLORER} .digest-explorer__count"
ROWS = f"{EXPLORER} tbody tr"

Effect = dict[str, Any]


@pytest.fixture(scope="module")
def data(demo_site: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (demo_site / "evidence" / "effects.json").read_text(encoding="utf-8")
    )
    return loaded


@pytest.fixture(scope="module")
def effects(data: dict[str, Any]) -> list[Effect]:
    """Every effect of the demo, as a dict keyed by the JSON's field names, in file order."""
    return [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]


def open_explorer(page: Page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/evidence/{query}")
    expect(page.locator(f"{EXPLORER} table")).to_be_visible()
    expect(page.locator(EXPLORER)).not_to_have_attribute("aria-busy", "true")


def count_text(shown: int, total: int) -> str:
    return f"{shown:,} of {total:,} effects"


def column(page: Page, key: str) -> list[str]:
    """The text of one column's cells, top to bottom, by the column's data-column key."""
    keys = page.locator(f"{EXPLORER} thead th").evaluate_all(
        "ths => ths.map(th => th.dataset.column)"
    )
    return page.locator(f"{ROWS} td:nth-child({keys.index(key) + 1})").all_text_contents()


def effect_label(e: Effect) -> str:
    return f"{e['predictor']} → {e['outcome']}" if e["outcome"] else e["predictor"]


def expect_rows(page: Page, expected: list[Effect], total: int) -> None:
    """The count names the expected effects, and the table lists them, in that order."""
    assert len(expected) <= PAGE_ROWS, "the check reads every row; it needs one page"
    expect(page.locator(COUNT)).to_have_text(count_text(len(expected), total))
    expect(page.locator(ROWS)).to_have_count(len(expected))
    assert column(page, "effect") == [effect_label(e) for e in expected]


def number(cell: str) -> float | None:
    """A d or r cell as a number (it writes minus as U+2212); "—", no conversion, is None."""
    return None if cell == "—" else float(cell.replace("\u2212", "-"))


def rounded(x: float | None) -> float | None:
    """A common metric as the table shows it, to two decimals."""
    return None if x is None else round(x, 2)


def searched_text(e: Effect) -> str:
    """What the text box looks in, lower-cased."""
    return " ".join(e[key] or "" for key in ("predictor", "outcome", "study")).lower()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_page_loads_without_errors_or_outside_requests(page: Page, base_url: str) -> None:
    problems = watch(page)
    open_explorer(page, base_url)
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_table_shows_every_effect_unfiltered(
    page: Page, base_url: str, effects: list[Effect]
) -> None:
    open_explorer(page, base_url)

    expect_rows(page, effects, len(effects))
    assert column(page, "study") == [e["study"] for e in effects]
    assert column(page, "value") == [e["value_text"] for e in effects]
    assert column(page, "ci") == [e["ci_text"] for e in effects]
    assert column(page, "magnitude") == [e["magnitude"] or "—" for e in effects]
    assert [number(cell) for cell in column(page, "d")] == [rounded(e["d"]) for e in effects]
    expect(page.locator(f"{EXPLORER} .digest-explorer__more")).to_be_hidden()


def test_topic_then_measure_narrow_and_reset_restores(
    page: Page, base_url: str, effects: list[Effect]
) -> None:
    empathy = [e for e in effects if "Empathy" in e["topics"]]
    empathy_r = [e for e in empathy if e["measure"] == "r"]
    assert 0 < len(empathy_r) < len(empathy) < len(effects), "the demo no longer tests narrowing"
    open_explorer(page, base_url)

    page.select_option("#digest-explorer-topic", "Empathy")
    expect_rows(page, empathy, len(effects))
    page.select_option("#digest-explorer-measure", "r")
    expect_rows(page, empathy_r, len(effects))
    assert query_of(page) == {"topic": ["Empathy"], "measure": ["r"]}

    page.get_by_role("button", name="Reset").click()
    expect_rows(page, effects, len(effects))
    expect(page.locator("#digest-explorer-topic")).to_have_value("")
    expect(page.locator("#digest-explorer-measure")).to_have_value("")
    assert query_of(page) == {}


def test_other_filters_match_their_rows(page: Page, base_url: str, effects: list[Effect]) -> None:
    years = sorted({e["year"] for e in effects})
    middle = years[len(years) // 2]
    first = effects[0]
    word = first["predictor"].split()[-1].upper()  # the text filter ignores case
    cases: list[tuple[str, str, Callable[[Effect], bool]]] = [
        ("#digest-explorer-type", first["type"], lambda e: e["type"] == first["type"]),
        ("#digest-explorer-magnitude", "medium", lambda e: e["magnitude"] == "medium"),
        ("#digest-explorer-from", str(middle), lambda e: e["year"] >= middle),
        ("#digest-explorer-to", str(middle), lambda e: e["year"] <= middle),
    ]
    open_explorer(page, base_url)

    for selector, value, keep in cases:
        wanted = [e for e in effects if keep(e)]
        assert 0 < len(wanted) < len(effects), f"{selector}={value} no longer narrows the demo"
        page.select_option(selector, value)
        expect_rows(page, wanted, len(effects))
        page.select_option(selector, "")
        expect_rows(page, effects, len(effects))

    page.get_by_label("Predictor, outcome or study").fill(word)
    wanted = [e for e in effects if word.lower() in searched_text(e)]
    assert 0 < len(wanted) < len(effects), f"{word!r} no longer narrows the demo"
    expect_rows(page, wanted, len(effects))
    assert query_of(page) == {"q": [word]}

    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_label("Predictor, outcome or study")).to_have_value("")
    expect_rows(page, effects, len(effects))
    assert query_of(page) == {}


def test_sorting_by_d_orders_numbers_and_keeps_blanks_last(
    page: Page, base_url: str, effects: list[Effect]
) -> None:
    known = [round(e["d"], 2) for e in effects if e["d"] is not None]
    blanks = [None] * (len(effects) - len(known))
    assert known and blanks, "the demo no longer has effects both with and without a d"
    heading = page.locator(f"{EXPLORER} th[data-column=d]")
    open_explorer(page, base_url)

    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    assert [number(cell) for cell in column(page, "d")] == sorted(known) + blanks
    assert query_of(page) == {"sort": ["d"], "dir": ["asc"]}

    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "descending")
    assert [number(cell) for cell in column(page, "d")] == sorted(known, reverse=True) + blanks
    assert query_of(page) == {"sort": ["d"], "dir": ["desc"]}
    expect(page.locator(f"{EXPLORER} th[aria-sort]")).to_have_count(1)

    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    assert [number(cell) for cell in column(page, "d")] == sorted(known) + blanks


def test_sorting_compares_numbers_as_numbers(
    page: Page, base_url: str, effects: list[Effect]
) -> None:
    sizes = [e["n"] for e in effects if e["n"] is not None]
    assert sorted(sizes) != sorted(sizes, key=str), "the demo's Ns sort alike as text"
    by_size = sorted(effects, key=lambda e: (e["n"] is None, e["n"] or 0))
    open_explorer(page, base_url)

    heading = page.locator(f"{EXPLORER} th[data-column=n]")
    heading.get_by_role("button").click()

    expect(heading).to_have_attribute("aria-sort", "ascending")
    assert column(page, "n") == [e["n_text"] for e in by_size]


def test_study_links_lead_to_entry_pages(
    page: Page, base_url: str, demo_site: Path, effects: list[Effect]
) -> None:
    data_url = f"{base_url}/evidence/effects.json"
    open_explorer(page, base_url)

    links = page.locator(f"{ROWS} td a")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [urljoin(data_url, e["entry"]) for e in effects]
    for href in set(hrefs):
        path = urlsplit(href).path
        assert path.startswith("/entries/")
        assert (demo_site / path.strip("/") / "index.html").is_file(), href

    with page.expect_navigation() as navigation:
        links.first.click()
    response = navigation.value
    assert response is not None
    assert response.ok
    assert page.url == hrefs[0]


def test_query_string_sets_filters_and_sort(
    page: Page, base_url: str, effects: list[Effect]
) -> None:
    wanted = [e for e in effects if "Empathy" in e["topics"] and e["measure"] == "r"]
    wanted.sort(key=lambda e: -e["d"] if e["d"] is not None else float("inf"))

    open_explorer(page, base_url, "?topic=Empathy&measure=r&sort=d&dir=desc")

    expect(page.locator("#digest-explorer-topic")).to_have_value("Empathy")
    expect(page.locator("#digest-explorer-measure")).to_have_value("r")
    expect(page.locator(f"{EXPLORER} th[data-column=d]")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect_rows(page, wanted, len(effects))


def test_long_lists_draw_a_page_at_a_time(page: Page, base_url: str, data: dict[str, Any]) -> None:
    total = 2 * PAGE_ROWS + 50
    rows = (data["rows"] * (total // len(data["rows"]) + 1))[:total]
    body = json.dumps({"fields": data["fields"], "rows": rows})

    def serve_many(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)

    page.route("**/evidence/effects.json", serve_many)
    more = page.locator(f"{EXPLORER} .digest-explorer__more")
    open_explorer(page, base_url)

    expect(page.locator(COUNT)).to_have_text(count_text(total, total))
    expect(page.locator(ROWS)).to_have_count(PAGE_ROWS)
    more.click()
    expect(page.locator(ROWS)).to_have_count(2 * PAGE_ROWS)
    more.click()
    expect(page.locator(ROWS)).to_have_count(total)
    expect(more).to_be_hidden()


def test_phone_page_does_not_scroll_sideways(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    open_explorer(phone, base_url)

    expect(phone.locator(ROWS).first).to_be_visible()
    page_width, viewport = phone.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    context.close()
    # A mobile browser zooms out to fit a page that is too wide, widening its viewport.
    assert viewport == PHONE["width"], f"the phone zoomed out to a {viewport}px viewport"
    assert page_width <= viewport, f"the page is {page_width}px wide in a {viewport}px viewport"
