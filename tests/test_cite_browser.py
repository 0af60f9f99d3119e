"""Cite this summary in Chromium: one click copies a reference; without JavaScript the
copy buttons stay hidden and the downloads are plain links."""

from __future__ import annotations

from conftest import SITE_URL
from playwright.sync_api import Browser, Page, expect

ENTRY = "entries/2019-05-elliott-empathy-outcome/"


def test_copy_puts_the_reference_on_the_clipboard(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page: Page = context.new_page()
    page.goto(f"{base_url}/{ENTRY}")
    button = page.locator("#cite-summary ~ .digest-cite-actions button")
    expect(button).to_have_accessible_name("Copy reference")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Psychotherapy Practice Research Digest. (2019, May). Therapist")
    assert copied.endswith(f"/{ENTRY}")
    context.close()


def test_without_javascript_the_downloads_still_work(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{ENTRY}")
    expect(page.locator("button.digest-copy").first).to_be_hidden()
    with page.expect_download() as download:
        page.locator("#cite-study").locator("xpath=..").get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename == "elliott2018empathy.bib"
    assert "@article{elliott2018empathy," in download.value.path().read_text("utf-8")
    context.close()


def test_copy_link_copies_the_page_address(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page: Page = context.new_page()
    page.goto(f"{base_url}/{ENTRY}")
    page.get_by_role("navigation", name="Share this page").get_by_role(
        "button", name="Copy link"
    ).click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}{ENTRY}"
    context.close()
