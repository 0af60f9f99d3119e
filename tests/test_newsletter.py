"""`digest newsletter`: a month's issue as a self-contained HTML e-mail, its plain text,
and a .eml of both, built from the demo entries and parsed back."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner, Result

from digest.cli import cli
from digest.common.model import Entry
from digest.entries.load import Project, load
from digest.evidence.format import estimate, interval, p_text
from digest.site.newsletter import wrapped

SITE = "https://news.example.org/digest/"
MONTH = "2023-07"  # three demo entries, one of them with effect sizes
SUBJECT = "Psychotherapy Practice Research Digest — July 2023"
TRUSTED_SCHEMES = ("https://", "http://", "mailto:")


def newsletter(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, ["newsletter", *args], env=env)
    assert "Traceback" not in result.output
    return result


def written(month: str = MONTH, *extra: str) -> dict[str, Path]:
    """Run the command on ``month`` into out/; the files it wrote, by suffix."""
    result = newsletter(month, "--out", "out", "--site-url", SITE, *extra)
    assert result.exit_code == 0, result.output
    return {s: Path("out", f"newsletter-{month}.{s}") for s in ("html", "txt", "eml")}


def soup_of(month: str = MONTH) -> BeautifulSoup:
    return BeautifulSoup(written(month)["html"].read_text("utf-8"), "html.parser")


def entries_of(project: Path, month: str) -> list[Entry]:
    """The month's entries in the month page's order: alphabetical by title."""
    chosen = [e for e in load(Project(project)).entries if e.issue == month]
    return sorted(chosen, key=lambda e: e.title.casefold())


def entry_url(entry: Entry) -> str:
    return f"{SITE}entries/{entry.id}/"


def test_writes_the_three_files_and_names_them(demo: Path) -> None:
    result = newsletter(MONTH, "--out", "out", "--site-url", SITE)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Wrote out/newsletter-{MONTH}.html",
        f"Wrote out/newsletter-{MONTH}.txt",
        f"Wrote out/newsletter-{MONTH}.eml",
    ]


def test_each_title_links_to_its_absolute_entry_url_in_month_order(demo: Path) -> None:
    soup = soup_of()
    entries = entries_of(demo, MONTH)
    assert len(entries) >= 2
    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    assert headings == [e.title for e in entries]
    for entry in entries:
        link = soup.find("a", string=entry.title)
        assert isinstance(link, Tag)
        assert link["href"] == entry_url(entry)


def test_header_and_footer_link_to_the_site(demo: Path) -> None:
    soup = soup_of()
    assert soup.html is not None and soup.html["lang"] == "en"
    assert soup.title is not None and soup.title.string == SUBJECT
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "July 2023"
    hrefs = {a["href"] for a in soup.find_all("a")}
    feeds = {f"{SITE}atom.xml", f"{SITE}rss.xml"}
    assert {SITE, f"{SITE}2023/07/", f"{SITE}archive/", *feeds} <= hrefs


def test_topics_and_citation_with_doi_link(demo: Path) -> None:
    soup = soup_of()
    hrefs = {a["href"] for a in soup.find_all("a")}
    text = soup.get_text(" ")
    for entry in entries_of(demo, MONTH):
        assert entry.citation.doi_url in hrefs
        assert all(topic in text for topic in entry.topics)
    assert f"{SITE}topics/empathy/" in hrefs
    assert "Narrative review / book chapter" in text


@pytest.mark.parametrize("month", [MONTH, "2018-11", "2019-05", "2025-01"])
def test_every_effect_is_a_row_with_the_reported_numbers(demo: Path, month: str) -> None:
    soup = soup_of(month)
    rows = [
        dict(zip(headings(table), cells(tr), strict=True))
        for table in soup.select("table.effects")
        for tr in table.select(":scope > tbody > tr")
    ]
    effects = [f for e in entries_of(demo, month) for f in e.effects]
    assert effects and len(rows) == len(effects)
    for row, f in zip(rows, effects, strict=True):
        label = f"{f.predictor} → {f.outcome}" if f.outcome else f.predictor
        # Only what the entry reports: no derived interval, no conversion to d or r.
        reported = [f"{f.measure} = {estimate(f)}"]
        reported += [f"95% CI {interval(f)}"] if f.ci else []
        p = p_text(f)
        reported += [f"p {p}" if p[0] in "<>" else f"p = {p}"] if p else []
        studies = [f"{name} = {value}" for name, value in (("k", f.k), ("N", f.n)) if value]
        assert row == {
            "Effect": label + f.note,
            "Reported": "".join(reported),
            "Studies and people": "".join(studies) or "not reported",
        }


def test_effects_are_grouped_as_on_the_site(demo: Path) -> None:
    tables = soup_of("2019-05").select("table.effects")
    assert [headings(t) for t in tables] == [["Effect", "Reported", "Studies and people"]]
    first = tables[0].select(":scope > tbody > tr")[0].find_all("td")[1]
    assert [s.get_text() for s in first.select(".stat")] == ["r = 0.28", "95% CI [0.22, 0.33]"]


def headings(table: Tag) -> list[str]:
    return [th.get_text(strip=True) for th in table.select("thead th")]


def cells(row: Tag) -> list[str]:
    return [td.get_text(strip=True) for td in row.find_all("td")]


def test_negative_estimates_are_written_as_on_the_site(demo: Path) -> None:
    stats = [s.get_text() for s in soup_of("2025-01").select("table.effects .stat")]
    assert any(re.fullmatch("b = \u2212[0-9.]+", stat) for stat in stats)
    assert not any("-" in stat.replace("95% CI", "") for stat in stats)


def test_html_loads_nothing_and_has_its_css_inlined(demo: Path) -> None:
    soup = soup_of()
    for tag in ("script", "link", "img", "style", "iframe", "object", "embed", "svg"):
        assert soup.find(tag) is None, tag
    assert not soup.find_all(src=True)
    assert soup.body is not None and "font-family" in str(soup.body.get("style"))
    title_link = soup.find("a", href=re.compile("/entries/"))
    assert isinstance(title_link, Tag) and "#00695c" in str(title_link.get("style"))
    hrefs = [str(a["href"]) for a in soup.find_all("a")]
    assert hrefs and all(h.startswith(TRUSTED_SCHEMES) for h in hrefs)


def test_plain_text_has_titles_citations_effects_and_links(demo: Path) -> None:
    text = written()["txt"].read_text("utf-8")
    assert text.startswith("Psychotherapy Practice Research Digest\nJuly 2023\n")
    lines = text.splitlines()
    for entry in entries_of(demo, MONTH):
        assert entry.title in text
        assert entry_url(entry) in lines
        assert entry.citation.doi_url in text
    assert "- therapeutic alliance → patient outcome: d = 0.57, k = 300+," in lines
    assert "  N = 30,000+" in lines
    for url in ("2023/07/", "archive/", "atom.xml", "rss.xml"):
        assert f"{SITE}{url}" in lines
    assert "<" not in text
    assert all(len(line) <= 72 for line in lines if not line.startswith("https://"))


def test_eml_is_multipart_alternative_of_the_two_files(demo: Path) -> None:
    files = written()
    message = email.message_from_bytes(files["eml"].read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == SUBJECT
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert plain.get_content() == files["txt"].read_text("utf-8")
    assert html.get_content() == files["html"].read_text("utf-8")


def test_the_same_issue_writes_the_same_bytes(demo: Path) -> None:
    first = {s: p.read_bytes() for s, p in written().items()}
    assert {s: p.read_bytes() for s, p in written().items()} == first


def test_site_url_comes_from_the_environment_or_mkdocs_yml(demo: Path) -> None:
    env_url = "https://env.example.org/"
    assert newsletter(MONTH, env={"DIGEST_SITE_URL": env_url}).exit_code == 0
    html = Path(f"newsletter-{MONTH}.html").read_text("utf-8")
    assert f'href="{env_url}entries/' in html
    config = demo / "mkdocs.yml"
    yml_url = "https://yml.example.org/digest/"
    config.write_text(config.read_text("utf-8").replace("http://127.0.0.1:8000/", yml_url))
    assert newsletter(MONTH, env={"DIGEST_SITE_URL": ""}).exit_code == 0
    html = Path(f"newsletter-{MONTH}.html").read_text("utf-8")
    assert f'href="{yml_url}entries/' in html


@pytest.mark.parametrize("month", ["2023-7", "July", "2023-13", "2023-07-01"])
def test_a_month_not_written_yyyy_mm_is_a_usage_error(demo: Path, month: str) -> None:
    result = newsletter(month)
    assert result.exit_code == 2
    assert f"Error: Invalid value: '{month}' is not a month written YYYY-MM" in result.stderr
    assert not list(demo.glob("newsletter-*"))


def test_a_month_without_entries_names_the_nearest_issues(demo: Path) -> None:
    result = newsletter("2023-08", "--site-url", SITE)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no entries in 2023-08 (August 2023); "
        "nearest issues with entries: 2023-07, 2023-11, 2022-10\n"
    )
    assert not list(demo.glob("newsletter-*"))


def test_invalid_entries_stop_it_cleanly(demo: Path) -> None:
    entry = next(demo.glob("entries/2023/2023-07-norcross-relationship-work.yaml"))
    entry.write_text(entry.read_text("utf-8").replace("type: narrative-review", "type: nope"))
    result = newsletter(MONTH, "--site-url", SITE)
    assert result.exit_code == 1
    assert "2023-07-norcross-relationship-work.yaml:" in result.stderr


def test_hostile_editor_text_stays_text(demo: Path) -> None:
    entry = demo / "entries/2023/2023-07-norcross-relationship-work.yaml"
    hostile = entry.read_text("utf-8").replace(
        "title: Therapeutic Relationship Factors that Work",
        'title: "<script>alert(1)</script> Factors"',
    )
    hostile = hostile.replace(
        "summary: |\n",
        "summary: |\n  <script>alert(2)</script> <img src=https://tracker.example/p.gif>\n"
        "  See [the other summary](../2023-07-nissen-lie-therapist-factors/).\n\n",
    )
    entry.write_text(hostile, "utf-8")
    files = written()
    html = files["html"].read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Factors" in html
    link = soup.find("a", string="<script>alert(1)</script> Factors")
    assert isinstance(link, Tag) and link["href"] == f"{SITE}entries/{entry.stem}/"
    assert "alert(2)" not in html
    # The pixel is not loaded; like on the site, it is a link that says where it goes.
    pixel = soup.find("a", href="https://tracker.example/p.gif")
    assert isinstance(pixel, Tag)
    assert pixel.get_text(" ", strip=True) == "image (image on tracker.example)"
    other = soup.find("a", string="the other summary")
    assert isinstance(other, Tag)
    assert other["href"] == f"{SITE}entries/2023-07-nissen-lie-therapist-factors/"
    assert "<script>alert(1)</script> Factors" in files["txt"].read_text("utf-8")


def test_wrapping_keeps_links_and_indents_continuations() -> None:
    url = "https://example.org/" + "x" * 80
    assert wrapped(f"see {url} now") == f"see\n{url}\nnow"
    lines = wrapped("word " * 30, hanging="  ").splitlines()
    assert all(len(line) <= 72 for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])
