"""The site's brand from mkdocs.yml: name, colours and copyright reach the pages, the home
heading, charts, share images and the newsletter, with AA contrast kept (axe)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import SITE_URL, copy_demo, served
from playwright.sync_api import Browser
from test_accessibility_browser import describe

from digest.cli import cli
from digest.common.errors import DigestError
from digest.site.brand import SLATE, WHITE, Brand, brand, brand_css, contrast
from digest.site.share import Card, card_svg

BRAND = 'copyright: "© 2026 The Learning Network"\nextra:\n  brand:\n'
BRAND += '    primary: "#5c6bc0"\n    accent: "#ff7043"\n'


def test_contrast_is_wcag_s_ratio() -> None:
    assert contrast(WHITE, "#000000") == pytest.approx(21)
    assert contrast("#00695c", WHITE) == pytest.approx(6.6, abs=0.05)
    assert contrast(WHITE, WHITE) == 1


def test_colours_short_of_aa_are_made_readable_and_said() -> None:
    chosen = brand({"brand": {"primary": "#5c6bc0", "accent": "#FF7043"}})
    assert chosen.primary != "#5c6bc0"  # white tabs at 85% on it: 4.0:1
    assert contrast(chosen.accent, WHITE) >= 4.5 and chosen.accent != "#ff7043"
    assert contrast(chosen.primary_on_dark, SLATE) >= 4.5
    assert contrast(chosen.accent_on_dark, SLATE) >= 4.5
    primary_note, accent_note = chosen.notes
    assert primary_note.startswith("#5c6bc0 is 4.0:1 against #ffffff at 85%, short of WCAG AA")
    assert accent_note.startswith("#ff7043 is 2.7:1 against #ffffff, short of WCAG AA (4.5:1)")


def test_no_brand_keeps_digest_css_colours() -> None:
    assert brand({}) == Brand()
    assert "--md-primary-fg-color" not in brand_css(Brand())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"brand": "teal"}, "extra.brand: give primary and accent as #rrggbb"),
        ({"brand": {"primary": "teal"}}, "extra.brand.primary: 'teal' is not a colour"),
    ],
)
def test_a_colour_not_written_as_hex_is_refused(extra: dict[str, object], message: str) -> None:
    with pytest.raises(DigestError, match=message):
        brand(extra)


def test_share_images_take_the_brand_colour() -> None:
    svg = card_svg(Card("T", "K", "S", ("a", "b"), background="#123456"))
    assert 'fill="#123456"' in svg and "#00695c" not in svg


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("branded"))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "site_name: Psychotherapy Practice Research Digest", "site_name: Learning Digest"
        )
        + BRAND,
        encoding="utf-8",
    )
    args = ["build", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, [*args, "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    assert "extra.brand: #ff7043 is 2.7:1 against #ffffff" in result.stderr
    return root


def test_pages_carry_the_brand(branded: Path) -> None:
    site = branded / "site"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert home.h1.get_text(strip=True).rstrip("¶") == "Learning Digest"
    assert "© 2026 The Learning Network" in home.select_one(".md-copyright").get_text()
    css = (site / "assets" / "digest-brand.css").read_text("utf-8")
    primary = brand({"brand": {"primary": "#5c6bc0"}}).primary
    assert f"--md-primary-fg-color: {primary};" in css
    assert f"--digest-chart-point: {primary};" in css
    assert "assets/digest-brand.css" in str(home.select('link[rel="stylesheet"]'))


def test_the_newsletter_carries_the_brand(branded: Path) -> None:
    args = ["newsletter", "2023-07", "--project", str(branded), "--out", str(branded / "mail")]
    result = CliRunner().invoke(cli, [*args, "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    html = (branded / "mail" / "newsletter-2023-07.html").read_text("utf-8")
    primary = brand({"brand": {"primary": "#5c6bc0"}}).primary
    assert primary in html and "#00695c" not in html
    assert "Learning Digest" in html


@pytest.fixture(scope="module")
def branded_url(branded: Path) -> Iterator[str]:
    with served(branded / "site") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["", "entries/2019-05-elliott-empathy-outcome/", "topics/empathy/"]
)
def test_branded_pages_stay_accessible(
    browser: Browser, branded_url: str, path: str, scheme: Literal["light", "dark"]
) -> None:
    page = browser.new_context(color_scheme=scheme).new_page()
    page.goto(f"{branded_url}/{path}")
    results = Axe().run(page).response
    blocking = [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert [describe(v) for v in blocking] == []
    page.context.close()
