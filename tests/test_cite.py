"""Cite this summary: references written as BibTeX and RIS read back as they were, the
APA author lists, and the two references on every entry page of the demo."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from conftest import SITE_URL
from hypothesis import given
from hypothesis import strategies as st

from digest.citations.apa import with_apa
from digest.citations.bib import citation_from_record, read_bib_file
from digest.citations.export import bibtex, ris
from digest.common.model import Citation, Person

STUDY = Citation(
    key="smith2020alliance",
    kind="article-journal",
    title="The alliance & outcome: 100% of a test_case {braced} ~ ^ # $ \\ -- ``quoted''",
    year=2020,
    authors=(Person("van der Berg", "Jane A."), Person("Müller", "Jörg", "Jr.")),
    container="Journal of Tests",
    volume="12",
    issue="3",
    pages="100\N{EN DASH}110",
    doi="10.1000/test.2020.1",
)
CHAPTER = Citation(
    key="doe2021chapter",
    kind="chapter",
    title="A chapter",
    year=2021,
    authors=(Person("Doe", "J."),),
    more_authors=True,
    editors=(Person("Roe", "R."),),
    container="A Handbook",
    edition="7",
    chapter="9",
    publisher="Wiley",
    url="https://example.org/chapter",
)
SUMMARY = Citation(
    key="2019-05-elliott-empathy-outcome",
    kind="webpage",
    title="Therapist Empathy and Client Outcome",
    year=2019,
    month=5,
    authors=(Person("Psychotherapy Practice Research Digest"),),
    url="https://digest.example.org/entries/2019-05-elliott-empathy-outcome/",
)


def read_back(text: str, tmp_path: Path) -> Citation:
    """The one citation of a BibTeX text, as digest reads .bib files."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    path = tmp_path / "back.bib"
    path.write_text(text, encoding="utf-8")
    records, problems = read_bib_file(path, tmp_path)
    assert problems == []
    return citation_from_record(records[0])


@pytest.mark.parametrize("citation", [STUDY, CHAPTER, SUMMARY], ids=["article", "chapter", "page"])
def test_bibtex_reads_back_as_the_same_citation(citation: Citation, tmp_path: Path) -> None:
    assert read_back(bibtex(citation), tmp_path) == citation


texts = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Z"]), min_size=1, max_size=30
    )
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@given(title=texts, family=texts, container=texts)
def test_any_text_survives_bibtex(
    title: str, family: str, container: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    citation = dataclasses.replace(
        STUDY, title=title, container=container, authors=(Person(family, "A."),)
    )
    assert read_back(bibtex(citation), tmp_path_factory.mktemp("bib")) == citation


def test_ris_reads_back_with_every_field() -> None:
    [record] = rispy.loads(ris(STUDY))
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == ["van der Berg, Jane A.", "Müller, Jörg, Jr."]
    assert record["title"] == STUDY.title
    assert record["secondary_title"] == "Journal of Tests"
    assert (record["year"], record["volume"], record["number"]) == ("2020", "12", "3")
    assert (record["start_page"], record["end_page"]) == ("100", "110")
    assert record["doi"] == STUDY.doi
    assert record["urls"] == [STUDY.doi_url]


def test_ris_of_a_summary_is_a_dated_web_page() -> None:
    [record] = rispy.loads(ris(SUMMARY))
    assert record["type_of_reference"] == "ELEC"
    assert record["authors"] == ["Psychotherapy Practice Research Digest"]
    assert record["date"] == "2019/05//"
    assert record["urls"] == [SUMMARY.url]


def test_ris_of_a_chapter_names_its_editors_and_book() -> None:
    [record] = rispy.loads(ris(CHAPTER))
    assert record["type_of_reference"] == "CHAP"
    assert record["secondary_authors"] == ["Roe, R."]
    assert (record["secondary_title"], record["publisher"]) == ("A Handbook", "Wiley")


def authors(count: int) -> tuple[Person, ...]:
    return tuple(Person(f"Author{i}", "A.") for i in range(1, count + 1))


def test_apa_lists_up_to_twenty_authors_from_the_full_list() -> None:
    eight, twenty_two, cut_short = with_apa(
        [
            dataclasses.replace(STUDY, authors=authors(8)),
            dataclasses.replace(STUDY, authors=authors(22)),
            dataclasses.replace(STUDY, authors=authors(3), more_authors=True),
        ]
    )
    assert eight.apa_text.startswith("Author1, A., Author2, A.,")
    assert "Author7, A., & Author8, A. (2020)" in eight.apa_text
    assert "et al." not in eight.apa_text
    # APA 7: the first nineteen, an ellipsis, the last.
    assert "Author19, A., … Author22, A. (2020)" in twenty_two.apa_text
    assert "Author20" not in twenty_two.apa_text
    # A list the BibTeX cut short ("and others") cannot be completed: et al. it stays.
    assert cut_short.apa_text.startswith("Author1, A., Author2, A., Author3, A., et al. (2020)")


def test_apa_of_a_summary_names_the_digest_and_month() -> None:
    [summary] = with_apa([SUMMARY])
    assert summary.apa_text == (
        "Psychotherapy Practice Research Digest. (2019, May). Therapist Empathy and Client "
        f"Outcome. {SUMMARY.url}"
    )


def entry_pages(site: Path) -> list[Path]:
    return sorted((site / "entries").glob("*/index.html"))


def test_every_entry_page_offers_both_references(demo_site: Path, tmp_path: Path) -> None:
    pages = entry_pages(demo_site)
    assert len(pages) == 11
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert soup.select_one("h2#cite").get_text(strip=True).startswith("Cite this summary")
        refs = soup.select(".digest-cite-ref")
        assert [r.h3.get_text() for r in refs] == ["The study", "This summary"]
        for ref in refs:
            links = ref.select(".digest-cite-actions a[download]")
            assert [a.get_text() for a in links] == ["BibTeX", "RIS"]
            for link in links:
                assert (page.parent / link["href"]).is_file()
            assert ref.select_one("button.digest-copy[hidden]")
        entry_id = page.parent.name
        summary = read_back((page.parent / "summary.bib").read_text("utf-8"), tmp_path)
        assert summary.url == f"{SITE_URL}entries/{entry_id}/"
        assert summary.key == entry_id
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert summary.url == canonical
        study = read_back((page.parent / "study.bib").read_text("utf-8"), tmp_path)
        [record] = rispy.loads((page.parent / "study.ris").read_text("utf-8"))
        assert record["title"] == study.title
        doi_note = ref_text(refs[0], ".digest-cite-nodoi")
        if study.doi:
            assert doi_note == ""
            assert refs[0].select_one(f'a[href="{study.doi_url}"]')
        else:
            assert doi_note.startswith("This study has no DOI")


def ref_text(ref: object, selector: str) -> str:
    found = ref.select_one(selector)  # type: ignore[attr-defined]
    return str(found.get_text(" ", strip=True)) if found else ""


def test_the_cited_study_matches_its_bib_entry(demo_site: Path, tmp_path: Path) -> None:
    page = demo_site / "entries" / "2021-04-cooper-mindfulness-empathy"
    study = read_back((page / "study.bib").read_text("utf-8"), tmp_path)
    records, _ = read_bib_file(Path(__file__).parent.parent / "bib" / "digest.bib")
    [cooper] = [citation_from_record(r) for r in records if r.key == study.key]
    assert study == cooper
    assert study.more_authors
