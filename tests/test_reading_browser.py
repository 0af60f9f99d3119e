"""What a reader sees in Chromium at phone, tablet and desktop widths, and in print.

Effect sizes are what the site is for: on every page kind and at every width, no list
of effects is wider than its box, and every number of the first effect lies inside the
window without scrolling sideways. The dark scheme, the 404 page and printing are
checked as a reader meets them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

WIDTHS = [390, 768, 1280, 1440]
# Each page kind that shows effects, then those that do not.
WITH_EFFECTS = {
    "entry": "entries/2025-01-abargil-therapist-emotions/",
    "entry with notes": "entries/2023-07-norcross-relationship-work/",
    "month": "2023/07/",
    "latest issue": "this-month/",
    "topic": "topics/empathy/",
}
WITHOUT_EFFECTS = {
    "home": "",
    "year": "2023/",
    "archive": "archive/",
    "research type": "types/meta-analysis/",
    "instruments": "instruments/",
    "glossary": "glossary/",
    "about": "about/",
    "data dictionary": "evidence/data/",
}

# Boxes, in CSS px, of everything that holds effects, and of each statistic of the
# first effect; the page's own width against the window's.
MEASURE = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; };
  const lists = [...document.querySelectorAll(".digest-cards")].map((e) => ({
    overflow: e.scrollWidth - e.clientWidth,
    table: e.querySelector("table").getBoundingClientRect().width - e.clientWidth,
  }));
  const first = document.querySelector(".digest-cards tr.digest-row");
  const stats = first ? [...first.querySelectorAll(".digest-stat, td")].map((e) => ({
    text: e.textContent.trim(), box: box(e), shown: e.checkVisibility(),
  })) : [];
  return { lists, stats, page: document.documentElement.scrollWidth, window: innerWidth };
}"""


@pytest.fixture
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("sized", WIDTHS, indirect=True)
@pytest.mark.parametrize("kind", list(WITH_EFFECTS))
def test_every_number_of_an_effect_is_in_view(sized: Page, base_url: str, kind: str) -> None:
    sized.goto(f"{base_url}/{WITH_EFFECTS[kind]}")
    seen = sized.evaluate(MEASURE)
    assert seen["lists"], "no effects shown"
    assert all(item["overflow"] <= 0 and item["table"] <= 1 for item in seen["lists"]), seen
    assert seen["stats"], "the first effect shows no numbers"
    for stat in seen["stats"]:
        left, right, width = stat["box"]
        assert stat["shown"] and width > 0, stat
        assert left >= 0 and right <= seen["window"], f"{stat['text']!r} is outside the window"
    assert seen["page"] <= seen["window"], "the page scrolls sideways"


@pytest.mark.parametrize("sized", WIDTHS, indirect=True)
@pytest.mark.parametrize("kind", list(WITHOUT_EFFECTS))
def test_other_pages_never_scroll_sideways(sized: Page, base_url: str, kind: str) -> None:
    sized.goto(f"{base_url}/{WITHOUT_EFFECTS[kind]}")
    width, window = sized.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= window


@pytest.mark.parametrize("sized", [1280], indirect=True)
def test_the_text_takes_the_width_the_empty_sidebar_had(sized: Page, base_url: str) -> None:
    sized.goto(f"{base_url}/{WITH_EFFECTS['entry']}")
    expect(sized.locator(".md-sidebar--primary")).to_be_hidden()
    box = sized.locator("article.md-content__inner").bounding_box()
    assert box is not None and box["width"] >= 860, box


@pytest.mark.parametrize("sized", [390], indirect=True)
def test_a_phone_shows_each_effect_as_a_labelled_card(sized: Page, base_url: str) -> None:
    sized.goto(f"{base_url}/{WITH_EFFECTS['entry with notes']}")
    card = sized.locator(".digest-effects tr.digest-effect").first
    text = " ".join(card.inner_text().split())
    assert text.startswith("therapist empathy (patient-rated) → patient outcome")
    assert "d = 0.58 not reported d = 0.58 r = 0.28 medium" in text
    # The column headings move into each card, before each cell.
    expect(sized.locator(".digest-effects thead")).not_to_be_in_viewport()
    labels = card.locator("td").evaluate_all(
        "cells => cells.map((c) => [getComputedStyle(c).display,"
        " getComputedStyle(c, '::before').content])"
    )
    assert [display for display, _ in labels] == ["block"] * 4
    assert [content for _, content in labels[1:]] == [
        '"Reported: "',
        '"Studies and people: "',
        '"On a common scale: "',
    ]


@pytest.mark.parametrize("sized", [1280], indirect=True)
def test_the_bottom_line_comes_before_the_findings(sized: Page, base_url: str) -> None:
    sized.goto(f"{base_url}/{WITH_EFFECTS['entry']}")
    headings = [h.rstrip("¶") for h in sized.locator("article h2").all_inner_texts()]
    assert headings[:3] == ["Practice implications", "Summary", "Effect sizes"]


def test_printing_an_entry_shows_all_its_numbers(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{base_url}/{WITH_EFFECTS['entry']}")
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    rows = page.locator(".digest-effects tr.digest-effect")
    assert rows.count() == 8
    numbers = page.evaluate(
        """() => [...document.querySelectorAll('.digest-effects .digest-stat')].map((e) => {
             const r = e.getBoundingClientRect();
             return [e.textContent.trim(), e.checkVisibility() && r.width > 0, r.right];
           })"""
    )
    assert len(numbers) >= 3 * 8
    assert [n for n in numbers if not n[1] or n[2] > 794] == []


def test_the_dark_scheme_follows_the_system_and_changes_the_page(
    browser: Browser, base_url: str
) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{base_url}/{WITH_EFFECTS['entry']}")
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.querySelector('.md-content a')).color]"
        )
        context.close()
    assert colours["light"][0] != colours["dark"][0]
    assert colours["light"][1] != colours["dark"][1], "links keep a colour made for white"


def test_the_toggle_switches_the_scheme(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", before or "")


def test_the_404_page_offers_search_and_ways_on(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/404.html")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.get_by_label("Search the summaries").fill("empathy")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=empathy")
    page.goto(f"{base_url}/404.html")
    for name in ("The latest issue", "Topics", "Archive", "Evidence", "Home"):
        expect(page.locator("article").get_by_role("link", name=name, exact=True)).to_be_visible()


def test_a_page_outside_the_navigation_marks_its_tab(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/{WITH_EFFECTS['topic']}")
    expect(page.locator(".md-tabs__item--active")).to_have_text("Topics")
    page.goto(f"{base_url}/{WITH_EFFECTS['entry']}")
    expect(page.locator(".md-tabs__item--active")).to_have_text("Archive")


def test_the_header_search_box_shows_the_keyboard_focus(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    box = page.locator(".digest-header-search input")
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
