"""BibTeX as reference managers export it: accents, braces, odd names, bad DOIs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from digest.citations.apa import with_apa
from digest.citations.bib import (
    citation_from_record,
    normalise_doi,
    read_bib_dir,
    read_bib_file,
    split_names,
)
from digest.common.model import Person

QUIRKS = r"""
@Article{Quirky2022,
  Author  = {Kleinst{\"a}uber, Maria and Fagern{\"{a}}s, Siri and {van der Berg}, Jan and de Jong, Kim and O'Brien, M. and Smith, Jr., John and others},
  Title   = {Feedback {\&} outcome: {CBT} in {\"O}sterreich},
  Journal = "Journal of Tests",
  year    = 2022,
  pages   = {1--10},
  doi     = {https://doi.org/10.1037/ccp0000001}
}
"""


def write(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_latex_is_decoded_and_names_split(tmp_path: Path) -> None:
    records, problems = read_bib_file(write(tmp_path, QUIRKS))
    assert problems == []
    (record,) = records
    assert record.key == "Quirky2022"
    assert record.fields["title"] == "Feedback & outcome: CBT in Österreich"
    assert record.fields["pages"] == "1–10"
    assert record.names["author"] == (
        Person("Kleinstäuber", "Maria"),
        Person("Fagernäs", "Siri"),
        Person("van der Berg", "Jan"),
        Person("de Jong", "Kim"),
        Person("O'Brien", "M."),
        Person("Smith", "John", "Jr."),
    )
    assert record.more_names == {"author"}
    assert record.line == 2
    assert record.field_lines["doi"] == 8


def test_apa_reference(tmp_path: Path) -> None:
    records, _ = read_bib_file(write(tmp_path, QUIRKS))
    (citation,) = with_apa([citation_from_record(records[0])])
    assert citation.doi == "10.1037/ccp0000001"
    assert citation.apa_text == (
        "Kleinstäuber, M., Fagernäs, S., van der Berg, J., de Jong, K., O'Brien, M., "
        "Smith, J., Jr., et al. (2022). Feedback & outcome: CBT in Österreich. "
        "Journal of Tests, 1–10. https://doi.org/10.1037/ccp0000001"
    )
    assert "Feedback &amp; outcome" in citation.apa_html
    assert (
        '<a href="https://doi.org/10.1037/ccp0000001" rel="noopener noreferrer">'
        in citation.apa_html
    )


def test_apa_book_chapter(tmp_path: Path) -> None:
    text = """@incollection{w2021,
      author = {Wampold, B. and Owen, J.}, title = {Therapist effects},
      booktitle = {Handbook of Psychotherapy}, editor = {Barkham, M. and Lutz, W.},
      edition = {7}, publisher = {Wiley}, year = {2021}}"""
    records, _ = read_bib_file(write(tmp_path, text))
    (citation,) = with_apa([citation_from_record(records[0])])
    assert citation.apa_text == (
        "Wampold, B., & Owen, J. (2021). Therapist effects. In M. Barkham & W. Lutz (Eds.), "
        "Handbook of Psychotherapy (7th ed.). Wiley."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1037/pst0000503", "10.1037/pst0000503"),
        ("https://doi.org/10.1080/10503307.2024.2403422", "10.1080/10503307.2024.2403422"),
        ("http://dx.doi.org/10.1037/0000358-006", "10.1037/0000358-006"),
        ("doi: 10.1037/a0022187", "10.1037/a0022187"),
        ("10.1037", None),
        ("pst0000503", None),
        ("11.1037/pst0000503", None),
        ("10.1037/has space", None),
        ('10.1000/x"><b>', None),
        ("10.1000/x<script>", None),
        # Older Wiley DOIs (SICI) really hold < and >.
        (
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
        ),
    ],
)
def test_normalise_doi(raw: str, expected: str | None) -> None:
    assert normalise_doi(raw) == expected


def test_problems_name_file_line_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        "@article{a, author = {A, B.}, title = {T}, year = {2020}, doi = {not-a-doi}}\n"
        "@article{a, author = {C, D.}, title = {U}, year = {2021}}\n"
        "@article{b, author = {E, F.}, year = {2021}}\n"
        "@article{broken, title = {unclosed\n",
    )
    _, problems = read_bib_file(tmp_path / "refs.bib")
    assert [str(p) for p in problems] == [
        "refs.bib:2: key: duplicate key 'a'",
        "refs.bib:4: (file): broken BibTeX entry: Unexpectedly reached end of file",
        "refs.bib:1: doi: 'not-a-doi' is not a DOI (expected 10.NNNN/suffix)",
        "refs.bib:3: title: entry 'b' has no title",
    ]


def test_duplicate_key_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    entry = "@article{same, author = {A, B.}, title = {T}, year = {2020}}\n"
    write(tmp_path, entry, "a.bib")
    write(tmp_path, "\n" + entry, "b.bib")
    records, problems = read_bib_dir(tmp_path)
    assert list(records) == ["same"]
    assert [str(p) for p in problems] == [
        "b.bib:2: key: duplicate key 'same' (first defined at a.bib:1)"
    ]


def test_non_utf8_bib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_bytes(b"@article{a,\n title = {Caf\xe9}}\n")
    records, problems = read_bib_file(tmp_path / "refs.bib")
    assert records == []
    assert [str(p) for p in problems] == ["refs.bib:2: (file): the file is not UTF-8 text"]


def test_split_names_keeps_braced_corporate_names() -> None:
    people, more = split_names("{World Health Organization} and Tasca, Giorgio A.")
    assert people == (Person("World Health Organization", ""), Person("Tasca", "Giorgio A."))
    assert not more


def test_apa_renderings_are_cached_by_their_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records, _ = read_bib_file(write(tmp_path, QUIRKS))
    citation = citation_from_record(records[0])
    (first,) = with_apa([citation], tmp_path / "cache")

    def no_pandoc(items: object) -> None:
        raise AssertionError("rendered again")

    monkeypatch.setattr("digest.citations.apa._pandoc", no_pandoc)
    (again,) = with_apa([citation], tmp_path / "cache")
    assert (again.apa_html, again.apa_text) == (first.apa_html, first.apa_text)
    changed = dataclasses.replace(citation, title="Another title")
    with pytest.raises(AssertionError, match="rendered again"):
        with_apa([changed], tmp_path / "cache")


def test_month_macros_numbers_and_defined_strings_are_read(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@string{jcp = {Journal of Clinical Psychology}}\n"
        "@article{a2020, author = {A, B}, title = {T}, journal = jcp,"
        " month = mar, volume = 76, year = 2020}\n",
        encoding="utf-8",
    )
    records, problems = read_bib_file(bib, tmp_path)
    assert problems == []
    assert records[0].fields["journal"] == "Journal of Clinical Psychology"
    assert records[0].fields["volume"] == "76"


# biblatex, as Zotero's Better BibLaTeX exports it (tests/zotero/better-biblatex.bib).

ZOTERO = Path(__file__).parent / "zotero" / "better-biblatex.bib"


def zotero_citations() -> dict[str, Any]:
    records, problems = read_bib_file(ZOTERO)
    assert problems == []
    return {record.key: citation_from_record(record) for record in records}


def test_biblatex_fields_are_read_under_their_bibtex_names() -> None:
    cited = zotero_citations()
    article = cited["elliottTherapistEmpathyClient2018"]
    assert (article.container, article.year, article.volume, article.issue) == (
        "Psychotherapy",
        2018,
        "55",
        "4",
    )
    book = cited["wampoldGreatPsychotherapyDebate2015"]
    assert (book.kind, book.year, book.publisher, book.edition) == ("book", 2015, "Routledge", "2")
    chapter = cited["norcrossEvidencebasedTherapistContributions2019"]
    assert (chapter.kind, chapter.container, chapter.editors[0].family) == (
        "chapter",
        "Psychotherapy Relationships That Work",
        "Norcross",
    )
    preprint = cited["smithRoutineOutcomeMonitoring2023"]
    assert (preprint.kind, preprint.title, preprint.url) == (
        "webpage",
        "Routine Outcome Monitoring in Primary Care: A Preregistered Trial",
        "https://arxiv.org/abs/2305.01234",
    )
    report = cited["nhsTalkingTherapiesAnnual2024"]
    assert (report.kind, report.year, report.publisher) == ("report", 2024, "NHS England")


def test_biblatex_article_renders_with_its_journal_and_year() -> None:
    article = zotero_citations()["elliottTherapistEmpathyClient2018"]
    [rendered] = with_apa([article])
    assert rendered.apa_text == (
        "Elliott, R., Bohart, A. C., Watson, J. C., & Murphy, D. (2018). Therapist Empathy and"
        " Client Outcome: An Updated Meta-Analysis. Psychotherapy, 55(4), 399–410."
        " https://doi.org/10.1037/pst0000175"
    )


@pytest.mark.parametrize(
    ("fields", "year"),
    [
        ("date = {2018}", 2018),
        ("date = {2018-12}", 2018),
        ("date = {2018-12-05}", 2018),
        ("date = {2018-12/2019-01}", 2018),
        ("date = {2018~}", 2018),
        ("year = {2017}, date = {2018-12}", 2017),  # BibTeX's own field wins
    ],
)
def test_biblatex_dates_give_the_year(tmp_path: Path, fields: str, year: int) -> None:
    text = f"@article{{a, author = {{Doe, Jo}}, title = {{T}}, journaltitle = {{J}}, {fields}}}\n"
    records, problems = read_bib_file(write(tmp_path, text))
    assert problems == []
    assert citation_from_record(records[0]).year == year


def test_journal_wins_over_journaltitle(tmp_path: Path) -> None:
    text = "@article{a, author = {Doe, Jo}, title = {T}, year = 2020,\n journal = {J}, journaltitle = {K}}\n"
    records, _ = read_bib_file(write(tmp_path, text))
    assert citation_from_record(records[0]).container == "J"


def test_a_zotero_export_passes_check_strict(project: Path) -> None:
    from click.testing import CliRunner

    from digest.cli import cli

    (project / "bib" / "zotero.bib").write_text(ZOTERO.read_text("utf-8"), "utf-8")
    entry = next((project / "entries").rglob("*.yaml"))
    entry.write_text(
        entry.read_text("utf-8").replace("smith2020alliance", "elliottTherapistEmpathyClient2018")
    )
    result = CliRunner().invoke(cli, ["check", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")
