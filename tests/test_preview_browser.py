"""The preview's problems overlay as an editor sees it, in Chromium: it appears over the
page when an entry breaks, names the file and line and the fix, and goes on the next
good save (the live reload brings the page back without it)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect
from test_preview import ELLIOTT, NISSEN_PAGE, edit, free_port, serving


def test_the_overlay_comes_with_a_broken_entry_and_goes_when_it_is_fixed(
    browser: Browser, demo: Path
) -> None:
    with serving(demo, str(free_port())) as served:
        page = browser.new_page()
        try:
            page.goto(served.url + NISSEN_PAGE)
            overlay = page.locator(".digest-preview-overlay")
            expect(overlay).to_have_count(0)
            edit(demo / ELLIOTT, "type: meta-analysis", "type: meta-analysys")
            expect(overlay).to_be_visible(timeout=30_000)
            # The deferred work (feeds, exports, search) reloads the page once more.
            expect(overlay).to_contain_text(f"{ELLIOTT}:6", timeout=30_000)
            expect(overlay).to_contain_text("did you mean 'meta-analysis'", timeout=30_000)
            expect(page.locator("h1")).to_contain_text("Therapist Factors", timeout=30_000)
            edit(demo / ELLIOTT, "type: meta-analysys", "type: meta-analysis")
            expect(overlay).to_have_count(0, timeout=30_000)
        finally:
            page.close()
