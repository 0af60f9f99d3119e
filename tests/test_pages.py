"""Each kind of page of the built demo site, read back as HTML."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import duckdb
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import REPO, SITE_URL

from digest.entries.vocab import vocabulary

ELLIOTT_2018 = "entries/2019-05-elliott-empathy-outcome/index.html"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text("utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    assert tag is not None
    return tag.get_text(" ", strip=True).rstrip("¶ ").strip()


def article(page: BeautifulSoup) -> Tag:
    found = page.select_one("article.md-content__inner")
    assert found is not None
    return found


def entry_links(tag: Tag) -> list[str]:
    return [str(a["href"]) for a in tag.select("a[href*='entries/']")]


def demo_entries() -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in (REPO / "entries").rglob("*.yaml")]


def test_home_shows_this_months_issue_with_teasers(demo_site: Path) -> None:
    page = article(soup(demo_site, "index.html"))
    headings = [text(h) for h in page.select("h2")]
    assert headings[0] == "Latest issue: January 2025"
    teasers = page.find("h2").find_next("ul").select("li")  # type: ignore[union-attr]
    assert len(teasers) == 1
    assert text(teasers[0]).startswith("Therapist Emotional Responses")
    assert text(teasers[0]).endswith(".")
    hrefs = {a["href"] for a in page.select("a")}
    assert {"topics/", "archive/", "types/", "search/", "atom.xml"} <= hrefs


def test_month_page_has_the_issue_in_full_and_neighbours(demo_site: Path) -> None:
    page = soup(demo_site, "2023/07/index.html")
    body = article(page)
    assert text(body.h1) == "July 2023"
    titles = [text(h) for h in body.select("h2")]
    assert titles == [
        "Therapeutic Relationship Factors that Do Not Work",
        "Therapeutic Relationship Factors that Work",
        "Therapist Factors Related to Patient Outcomes",
    ]
    assert [text(h) for h in body.select("h3")].count("Practice implications") == 3
    assert body.select_one("a[rel=prev]")["href"] == "../../2022/10/"  # type: ignore[index]
    assert body.select_one("a[rel=next]")["href"] == "../11/"  # type: ignore[index]


def test_oldest_and_newest_months_have_one_neighbour(demo_site: Path) -> None:
    oldest = article(soup(demo_site, "2014/09/index.html"))
    newest = article(soup(demo_site, "2025/01/index.html"))
    assert oldest.select("a[rel=prev]") == [] and oldest.select("a[rel=next]")
    assert newest.select("a[rel=next]") == [] and newest.select("a[rel=prev]")


def test_this_month_is_the_latest_issue(demo_site: Path) -> None:
    page = article(soup(demo_site, "this-month/index.html"))
    assert text(page.h1) == "Latest issue: January 2025"
    assert entry_links(page) == ["../entries/2025-01-abargil-therapist-emotions/"]


def test_archive_groups_months_by_year_newest_first(demo_site: Path) -> None:
    page = article(soup(demo_site, "archive/index.html"))
    years = [text(h) for h in page.select("h2")]
    assert years == ["2025", "2023", "2022", "2021", "2019", "2018", "2014"]
    assert text(page.select_one("h3")) == "January 2025"
    assert len(set(entry_links(page))) == len(demo_entries()) == 11


def test_year_page_lists_its_months(demo_site: Path) -> None:
    page = article(soup(demo_site, "2023/index.html"))
    assert [text(h) for h in page.select("h2")] == ["November 2023", "July 2023"]


def test_entry_page_shows_the_study(demo_site: Path) -> None:
    page = soup(demo_site, ELLIOTT_2018).select_one("article.digest-entry")
    assert page is not None
    assert text(page.h1) == "Therapist Empathy and Client Outcome"
    assert text(page.select_one(".digest-citation")).startswith("Elliott, R., Bohart, A. C.")
    topics = [text(a) for a in page.select("a[data-pagefind-filter=topic]")]
    assert topics == ["Empathy", "Alliance and Therapeutic Relationship", "Common Factors"]
    assert page.select_one("a[data-pagefind-filter=type]")["href"] == (  # type: ignore[index]
        "../../types/meta-analysis/"
    )
    header = [text(th) for th in page.select(".digest-effects th")]
    first = page.select(".digest-effects tr.digest-effect")[0].select("td")
    assert dict(zip(header, [" ".join(text(td).split()) for td in first], strict=True)) == {
        "Effect": "therapist empathy → client outcome",
        "Reported": "r = 0.28 95% CI [0.22, 0.33]",
        "Studies and people": "k = 82 N = 6,138",
        "On a common scale": "d = 0.58 r = 0.28 small (r)",
    }
    # Each symbol carries its explanation, for a pointer, touch (the glossary) and speech.
    titles = {text(a): a["title"] for a in page.select(".digest-effects abbr")}
    assert titles["k"] == "number of studies"
    assert page.select_one(".digest-effects-key a")["href"] == "../../glossary/"  # type: ignore[index]
    sections = [text(h) for h in page.select("h2")]
    # The bottom line first.
    assert sections == ["Practice implications", "Summary", "Effect sizes"]


def test_entry_page_links_related_entries_by_shared_topics(demo_site: Path) -> None:
    page = soup(demo_site, ELLIOTT_2018)
    heading = next(h for h in page.select("h2") if text(h) == "Related summaries")
    related = [str(a["href"]) for a in heading.find_next("ul").select("a")]  # type: ignore[union-attr]
    assert 1 <= len(related) <= 5
    assert "../2019-05-elliott-empathy-outcome/" not in related
    # The other Elliott meta-analysis shares Empathy; it must be among them.
    assert "../2014-09-elliott-empathy-outcomes/" in related


def test_entry_page_carries_scholarly_metadata(demo_site: Path) -> None:
    head = soup(demo_site, "entries/2025-01-abargil-therapist-emotions/index.html").head
    assert head is not None
    meta = [(m["name"], m["content"]) for m in head.select("meta[name^=citation_]")]
    assert ("citation_doi", "10.1080/10503307.2024.2403422") in meta
    assert ("citation_author", "Abargil, Maayan") in meta or any(
        name == "citation_author" and value.startswith("Abargil") for name, value in meta
    )
    script = head.select_one("script[type='application/ld+json']")
    data = json.loads(script.string)  # type: ignore[union-attr, arg-type]
    assert data["@type"] == "Review"
    assert data["url"] == SITE_URL + "entries/2025-01-abargil-therapist-emotions/"
    work = data["itemReviewed"]
    assert work["@type"] == "ScholarlyArticle"
    assert work["identifier"]["value"] == "10.1080/10503307.2024.2403422"
    assert dict(meta)["citation_title"] == work["name"]


def test_every_topic_has_a_page(demo_site: Path) -> None:
    topics = vocabulary().topics
    assert len(topics) == 36
    for term in topics:
        page = article(soup(demo_site, f"topics/{term.slug}/index.html"))
        assert text(page.h1) == term.label
        assert page.select_one("h1 + .digest-prose > p") is not None, (
            f"{term.slug} has no introduction"
        )


def test_topic_without_entries_says_so(demo_site: Path) -> None:
    page = article(soup(demo_site, "topics/placebo-effect/index.html"))
    assert "No summaries on this topic yet." in page.get_text()
    assert page.select("table") == []


def test_topic_page_lists_entries_newest_first_with_their_effects(demo_site: Path) -> None:
    page = article(soup(demo_site, "topics/empathy/index.html"))
    listed = entry_links(page.select_one("h2#summaries + ul"))  # type: ignore[arg-type]
    assert listed[0] == "../../entries/2025-01-abargil-therapist-emotions/"
    assert listed.index("../../entries/2019-05-elliott-empathy-outcome/") < listed.index(
        "../../entries/2014-09-elliott-empathy-outcomes/"
    )
    with duckdb.connect(str(demo_site / "evidence.duckdb"), read_only=True) as con:
        (count,) = con.execute(
            # An effect about fewer topics than its entry is listed under its own only.
            "select count(*) from effect_topics where topic = 'Empathy'"
        ).fetchone()  # type: ignore[misc]
    effects = page.select_one("h2#effect-sizes ~ .digest-effects")
    assert effects is not None
    assert len(effects.select("tbody tr.digest-effect")) == count > 0


def test_topic_page_links_its_feeds(demo_site: Path) -> None:
    head = soup(demo_site, "topics/empathy/index.html").head
    assert head is not None
    hrefs = [link["href"] for link in head.select("link[rel=alternate]")]
    assert "../../topic-empathy.atom.xml" in hrefs
    assert "../../topic-empathy.rss.xml" in hrefs
    assert "../../atom.xml" in hrefs


def test_research_type_pages_count_every_entry(demo_site: Path) -> None:
    page = article(soup(demo_site, "types/index.html"))
    counts = [int(text(tr.select("td")[1])) for tr in page.select("tbody tr")]
    assert len(counts) == len(vocabulary().research_types)
    assert sum(counts) == 11
    meta = article(soup(demo_site, "types/meta-analysis/index.html"))
    expected = sum(1 for e in demo_entries() if e["type"] == "meta-analysis")
    assert len(entry_links(meta)) == expected


def test_instruments_index_has_an_anchor_for_each(demo_site: Path) -> None:
    page = article(soup(demo_site, "instruments/index.html"))
    anchors = {str(tag["id"]) for tag in page.select("[id]")}
    assert {t.slug for t in vocabulary().instruments} <= anchors
    # Unused instruments are one compact paragraph, not a heading each.
    assert [text(h) for h in page.select("h2")] == ["Instruments the digest knows"]
    assert "SRS (Session Rating Scale) · ORS (Outcome Rating Scale)" in page.get_text()


def test_nav_holds_only_index_pages(demo_site: Path) -> None:
    page = soup(demo_site, ELLIOTT_2018)
    nav = [str(a["href"]) for a in page.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert nav, "no navigation found"
    assert len(nav) <= 10
    for href in nav:
        assert not any(part in href for part in ("entries/", "/20", "topics/empathy")), href


@pytest.mark.parametrize(
    "page",
    ["index.html", ELLIOTT_2018, "topics/empathy/index.html", "2023/07/index.html"],
)
def test_every_page_links_the_site_feeds(demo_site: Path, page: str) -> None:
    head = soup(demo_site, page).head
    assert head is not None
    types = {link["type"] for link in head.select("link[rel=alternate]")}
    assert {"application/atom+xml", "application/rss+xml"} <= types


def test_internal_links_all_resolve(demo_site: Path) -> None:
    broken = []
    for html in demo_site.rglob("*.html"):
        base = "/" + html.relative_to(demo_site).as_posix()
        for a in BeautifulSoup(html.read_text("utf-8"), "html.parser").select("a[href]"):
            href = str(a["href"])
            if urlparse(href).scheme or href.startswith(("#", "mailto:")):
                continue
            target = urlparse(urljoin(base, href)).path.lstrip("/")
            path = demo_site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{base}: {href}")
    assert broken == []


def test_home_chart_bars_link_to_the_most_covered_topics(demo_site: Path) -> None:
    bars = article(soup(demo_site, "index.html")).select("figure.digest-topic-bars li a")
    with duckdb.connect(str(demo_site / "evidence.duckdb"), read_only=True) as con:
        counts = con.execute(
            "select topic, count(*) from entry_topics group by topic order by 2 desc, 1 limit 10"
        ).fetchall()
    assert len(bars) == len(counts) == 10
    for bar, (topic, count) in zip(bars, counts, strict=True):
        name = bar.select_one(".digest-topic-bars__name")
        shown = bar.select_one(".digest-topic-bars__count")
        assert name is not None and name.get_text() == topic
        assert shown is not None and shown.get_text() == str(count)
        target = soup(demo_site, f"{bar['href']}index.html")
        assert text(target.select_one("article h1")) == topic
