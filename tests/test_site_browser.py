"""The built demo site as a reader sees it in Chromium: each kind of page loads cleanly
from the site alone, static charts show, and a phone never scrolls sideways.

The evidence explorer has its own checks in test_explorer_browser.py, and the
interactive charts in test_charts_browser.py.
"""

from __future__ import annotations

import pytest
from conftest import watch
from playwright.sync_api import Browser, Page, ViewportSize, expect

PHONE: ViewportSize = {"width": 390, "height": 844}
ENTRY = "entries/2019-05-elliott-empathy-outcome/"
# An entry with many effects, and a plot drawn on scrolling.
WIDE_ENTRY = "entries/2025-01-abargil-therapist-emotions/"
TOPIC = "topics/empathy/"
PAGES = ["", "this-month/", "archive/", ENTRY, WIDE_ENTRY, TOPIC, "search/?q=empathy"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_from_the_site_alone_without_errors(
    page: Page, base_url: str, path: str
) -> None:
    problems = watch(page)
    page.goto(f"{base_url}/{path}")
    page.mouse.wheel(0, 10_000)  # brings any plot drawn on scrolling into view
    page.wait_for_load_state("networkidle")
    assert problems == []


@pytest.mark.parametrize("path", ["", "evidence/", TOPIC])
def test_static_charts_show_at_their_size(page: Page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    images = page.locator("figure.digest-chart svg, figure.digest-topic-bars ol")
    expect(images.first).to_be_visible()
    for image in images.all():
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        assert box is not None
        assert box["width"] > 100 and box["height"] > 50, box


@pytest.mark.parametrize("path", ["", "archive/", ENTRY, WIDE_ENTRY, TOPIC])
def test_phone_page_does_not_scroll_sideways(browser: Browser, base_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{base_url}/{path}")
    expect(phone.locator("article h1").first).to_be_visible()
    page_width, viewport = phone.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    context.close()
    # A mobile browser zooms out to fit a page that is too wide, widening its viewport.
    assert viewport == PHONE["width"], f"the phone zoomed out to a {viewport}px viewport"
    assert page_width <= viewport, f"the page is {page_width}px wide in a {viewport}px viewport"


def test_a_wide_table_scrolls_in_a_region_the_keyboard_can_reach(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    # Effects never scroll (test_reading_browser.py); the data dictionary's table may.
    phone.goto(f"{base_url}/evidence/data/")
    region = phone.get_by_role("region", name="Data dictionary (table, scrolls sideways)")
    expect(region).to_have_attribute("tabindex", "0")

    region.focus()
    phone.keyboard.press("ArrowRight")

    expect(region).to_be_focused()
    assert region.evaluate("element => element.scrollLeft") > 0
    context.close()
