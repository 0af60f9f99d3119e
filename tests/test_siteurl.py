"""The site's address: a publication (a strict build, the newsletter) refuses a local or
missing one and says where to set it; a plain build without one leaves the feeds out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.site.siteurl import local_reason

WHERE = (
    "set site_url in mkdocs.yml to the address the site is published at (such as "
    "https://example.org/digest/), or give --site-url or DIGEST_SITE_URL\n"
)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.org/digest/", ""),
        ("http://digest.example.org", ""),
        ("", "is not set"),
        ("/digest/", "'/digest/' is not an absolute http(s) address"),
        ("ftp://example.org/", "'ftp://example.org/' is not an absolute http(s) address"),
        ("http://127.0.0.1:8000/", "is this computer"),
        ("http://localhost:8000/", "is this computer"),
        ("http://[::1]:8000/", "is this computer"),
        ("http://0.0.0.0/", "is this computer"),
        ("http://192.168.1.10/", "is this computer"),
        ("http://site.localhost/", "is this computer"),
    ],
)
def test_local_addresses_are_told_apart(url: str, reason: str) -> None:
    assert (reason in local_reason(url)) if reason else local_reason(url) == ""


def test_strict_build_refuses_the_localhost_default(demo: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--strict", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: mkdocs.yml:8: site_url: 'http://127.0.0.1:8000/' is this computer, not where "
        "readers find the site; a strict build (for publication) needs the public address: " + WHERE
    )
    assert not (demo / "site").exists()


def test_newsletter_refuses_the_localhost_default(demo: Path) -> None:
    result = CliRunner().invoke(cli, ["newsletter", "2023-07", "--out", "mail"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: mkdocs.yml:8: site_url: 'http://127.0.0.1:8000/'")
    assert result.stderr.endswith("; the newsletter needs the public address: " + WHERE)
    assert not (demo / "mail").exists()


def test_a_build_without_site_url_leaves_the_feeds_out(demo: Path) -> None:
    config = demo / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if not line.startswith("site_url")))
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 0, result.output
    assert "site_url is not set in mkdocs.yml: the feeds are left out" in result.stderr
    assert [p.name for p in (demo / "site").glob("*.xml")] == ["sitemap.xml"]
    for page in ("index.html", "topics/empathy/index.html"):
        assert ".xml" not in (demo / "site" / page).read_text("utf-8")
    strict = CliRunner().invoke(cli, ["build", "--strict", "--site-dir", "site"])
    assert strict.exit_code == 1
    assert strict.stderr.startswith("Error: mkdocs.yml:1: site_url: is not set; a strict build")
