"""Subscribe: feeds that a browser shows as a page (feed.xsl, in Chromium), linked from
entry and topic pages, and the optional e-mail sign-up box set in mkdocs.yml."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import SITE_URL, copy_demo, served
from playwright.sync_api import Browser, Page, expect

from digest.cli import cli

ENTRY = "entries/2019-05-elliott-empathy-outcome/index.html"
SIGNUP = "https://lists.example.net/subscribe/digest"


def test_every_feed_names_the_stylesheet(demo_site: Path) -> None:
    feeds = sorted(demo_site.glob("*.xml"))
    assert len(feeds) == 2 + 2 * 36 + 1  # the site's, each topic's, the sitemap
    for feed in feeds:
        if feed.name != "sitemap.xml":
            second_line = feed.read_text("utf-8").splitlines()[1]
            assert second_line == '<?xml-stylesheet type="text/xsl" href="assets/feed.xsl"?>'
    ET.parse(demo_site / "assets" / "feed.xsl")  # well-formed


@pytest.mark.parametrize("feed", ["atom.xml", "topic-empathy.rss.xml"])
def test_a_feed_opened_in_chromium_reads_as_a_page(page: Page, base_url: str, feed: str) -> None:
    page.goto(f"{base_url}/{feed}")
    expect(page.locator("h1")).to_contain_text("Psychotherapy Practice Research Digest")
    expect(page.locator("#feed-address")).to_have_text(f"{SITE_URL}{feed}")
    expect(page.get_by_text("This is a web feed")).to_be_visible()
    items = page.locator("ol li a")
    expect(items.first).to_be_visible()
    count = 11 if feed == "atom.xml" else 7
    expect(items).to_have_count(count)
    assert items.first.get_attribute("href") == (
        f"{SITE_URL}entries/2025-01-abargil-therapist-emotions/"
    )
    expect(page.locator("ol li .when").first).to_have_text(
        "2025-01" if feed == "atom.xml" else "Jan 2025"
    )


def test_entry_and_topic_pages_link_their_feeds(demo_site: Path) -> None:
    soup = BeautifulSoup((demo_site / ENTRY).read_text("utf-8"), "html.parser")
    follow = [a["href"] for a in soup.select(".digest-follow a")]
    assert follow == [
        "../../atom.xml",
        "../../topic-empathy.atom.xml",
        "../../topic-alliance-and-therapeutic-relationship.atom.xml",
        "../../topic-common-factors.atom.xml",
    ]
    page = demo_site / ENTRY
    assert all((page.parent / href).resolve().is_file() for href in follow)
    topic = (demo_site / "topics/empathy/index.html").read_text("utf-8")
    assert 'href="../../topic-empathy.atom.xml"' in topic


def test_no_signup_box_unless_mkdocs_yml_sets_one(demo_site: Path) -> None:
    for page in ("index.html", ENTRY):
        html = (demo_site / page).read_text("utf-8")
        assert "digest-signup" not in html
        assert "form-action 'self'\">" in html


@pytest.fixture(scope="module")
def signup_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_demo(tmp_path_factory.mktemp("signup"))
    config = root / "mkdocs.yml"
    extra = f"extra:\n  signup:\n    action: {SIGNUP}\n    field: email_address\n"
    config.write_text(config.read_text("utf-8") + extra, encoding="utf-8")
    args = ["build", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, [*args, "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    with served(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", ["", "entries/2019-05-elliott-empathy-outcome/"])
def test_the_signup_box_shows_on_home_and_entry_pages(
    browser: Browser, signup_site: str, path: str
) -> None:
    page = browser.new_page()
    page.goto(f"{signup_site}/{path}")
    box = page.get_by_label("Get each new issue by e-mail.")
    expect(box).to_be_visible()
    assert box.get_attribute("name") == "email_address"
    assert box.get_attribute("type") == "email"
    form = page.locator("form.digest-signup")
    assert form.get_attribute("action") == SIGNUP
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert csp is not None and csp.endswith("form-action 'self' https://lists.example.net")
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_signup_box_is_accessible(
    browser: Browser, signup_site: str, scheme: Literal["light", "dark"]
) -> None:
    page = browser.new_context(color_scheme=scheme).new_page()
    page.goto(f"{signup_site}/entries/2019-05-elliott-empathy-outcome/")
    results = Axe().run(page).response
    blocking = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert blocking == []
    page.context.close()


def test_a_signup_without_an_https_action_is_a_clean_error(demo: Path) -> None:
    config = demo / "mkdocs.yml"
    extra = "extra:\n  signup:\n    action: http://lists.example.net/x\n"
    config.write_text(config.read_text("utf-8") + extra, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: mkdocs.yml: extra.signup.action: 'http://lists.example.net/x' is not an "
        "https:// address (the sign-up service's form action)\n"
    )
