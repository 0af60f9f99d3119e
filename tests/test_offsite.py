"""Outside images and links in editors' text, as the sanitiser leaves them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from digest.common.offsite import ascii_host, outside_host
from digest.common.safehtml import clean, prose_html


def shown(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(clean(fragment), "html.parser")


@pytest.mark.parametrize(
    "source",
    [
        "https://other.host/p.png",
        "HTTP://other.host/p.png",
        "//other.host/p.png",
        "https:\\\\other.host/p.png",
        "/\t/other.host/p.png",
        "https:other.host/p.png",
        " https://other.host/p.png",
    ],
)
def test_an_outside_image_becomes_a_link_naming_its_host(source: str) -> None:
    soup = shown(f'<p><img src="{source}" alt="Figure 2"></p>')
    assert soup.find("img") is None
    link = soup.find("a")
    assert link is not None
    assert link.get_text(" ", strip=True) == "Figure 2 (image on other.host)"
    assert str(link["href"]).endswith("other.host/p.png")


def test_the_sites_own_images_stay() -> None:
    soup = shown('<img src="../assets/figure.png" alt="ok"><img src="/logo.png" alt="logo">')
    assert [img["src"] for img in soup.find_all("img")] == ["../assets/figure.png", "/logo.png"]


def test_an_image_inside_a_link_becomes_text_not_a_link_in_a_link() -> None:
    soup = shown('<a href="page.html"><img src="https://other.host/x.png"></a>')
    assert len(soup.find_all("a")) == 1
    assert soup.get_text(" ", strip=True) == "image (image on other.host)"


def test_a_markdown_image_from_another_host_is_a_link() -> None:
    soup = BeautifulSoup(prose_html("See ![the chart](https://other.host/c.svg)."), "html.parser")
    assert soup.find("img") is None
    assert soup.get_text(" ", strip=True) == "See the chart (image on other.host) ."


def test_a_button_to_another_host_is_a_plain_link_that_says_where_it_goes() -> None:
    link = shown('<a class="md-button md-button--primary" href="https://x.org/">Join</a>').a
    assert link is not None
    assert link.get("class") is None
    assert link.get_text(" ", strip=True) == "Join (x.org)"


def test_a_button_within_the_site_keeps_its_style() -> None:
    link = shown('<a class="md-button" href="../topics/">Topics</a>').a
    assert link is not None
    assert link["class"] == ["md-button"]
    assert link.get_text() == "Topics"


def test_a_host_in_other_scripts_is_shown_and_linked_as_punycode() -> None:
    cyrillic_paypal = "\u0440\u0430\u0443\u0440\u0430l.com"
    link = shown(f'<a href="https://{cyrillic_paypal}/login">log in</a>').a
    assert link is not None
    assert link["href"] == "https://xn--l-7sba6dbr.com/login"
    assert link.get_text(" ", strip=True) == "log in (xn--l-7sba6dbr.com)"


def test_ordinary_outside_links_are_left_as_written() -> None:
    fragment = '<a href="https://doi.org/10.1037/pst0000175">doi</a>'
    link = shown(fragment).a
    assert link is not None
    assert link["href"] == "https://doi.org/10.1037/pst0000175"
    assert link.get_text() == "doi"


def test_text_and_entities_pass_through_unchanged() -> None:
    assert clean("<p>a &lt;b&gt; &amp; c</p>") == "<p>a &lt;b&gt; &amp; c</p>"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Other.Host:8080/x", "other.host"),
        ("mailto:editor@digest.org", None),
        ("../entries/x/", None),
        ("#section", None),
        ("https://пример.рф/", "xn--e1afmkfd.xn--p1ai"),
        ("https://[::1", "invalid host"),
    ],
)
def test_outside_host(url: str, host: str | None) -> None:
    assert outside_host(url) == host


def test_ascii_host_keeps_ascii_hosts() -> None:
    assert ascii_host("example.org") == "example.org"
