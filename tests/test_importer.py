"""digest import: legacy archive pages in both layouts -> entries that digest check accepts.

The pages in tests/archive/ are written for these tests, in the layouts of the real
archive: citation under the title ("top"), and "Clinical summary:" first with the
citation last ("bottom"), with the damage real pages carry (a lost minus sign, a sign
printed as a dot, "et al.", no DOI, an e-mail line, hard-wrapped lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, tree_digest

from digest.authoring.archive_page import read_summaries
from digest.authoring.page_lines import month_of
from digest.citations.printed import parse_citation
from digest.cli import cli

ARCHIVE = REPO / "tests" / "archive"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def paths(out: str) -> list[str]:
    """The entry files an import's report names (each block starts with its path)."""
    return [line for line in out.splitlines() if not line.startswith(" ")]


def entries(folder: Path) -> dict[str, dict[str, object]]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture
def top(demo: Path) -> dict[str, dict[str, object]]:
    code, out, _ = run("import", str(ARCHIVE / "top-citation.txt"), "--out", "imported")
    assert code == 0
    assert len(paths(out)) == 2
    return entries(demo / "imported")


@pytest.fixture
def bottom(demo: Path) -> dict[str, dict[str, object]]:
    code, _, _ = run(
        "import", str(ARCHIVE / "bottom-citation.txt"), "--out", "imported", "--topic", "empathy"
    )
    assert code == 0
    return entries(demo / "imported")


def test_top_layout_gives_one_entry_per_summary_with_its_month(top: dict) -> None:
    assert list(top) == [
        "2021-04-cooper-mindfulness-lead",
        "2022-10-delgadillo-progress-feedback",
    ]
    cooper = top["2021-04-cooper-mindfulness-lead"]
    assert cooper["issue"] == "2021-04"
    assert cooper["title"] == "Does Mindfulness Lead to Greater Empathy Among Psychotherapists?"
    assert cooper["type"] == "meta-analysis"
    assert "topics" not in cooper or cooper["topics"] == []


def test_top_layout_citation_is_split_without_inventing_a_doi(top: dict) -> None:
    assert top["2021-04-cooper-mindfulness-lead"]["citation"] == {
        "type": "article",
        "author": ["Cooper, D.", "Yap, K.", "O'Brien, M.", "others"],
        "year": 2020,
        "title": "Mindfulness and empathy among counseling and psychotherapy professionals: "
        "A systematic review and meta-analysis",
        "journal": "Mindfulness",
        "volume": "11",
        "pages": "2243–2257",
    }


def test_top_layout_summary_and_implications_keep_every_word(top: dict) -> None:
    cooper = top["2021-04-cooper-mindfulness-lead"]
    page = (ARCHIVE / "top-citation.txt").read_text("utf-8")
    summary_words = " ".join(str(cooper["summary"]).split())
    assert summary_words in " ".join(page.split())
    assert summary_words.startswith("Cooper and colleagues pooled")
    assert summary_words.endswith("did not change any empathy scale.")
    # The hard-wrapped implication is one paragraph again; the e-mail line is left out.
    assert " ".join(str(cooper["implications"]).split()) == (
        "Therapists who notice their own distress without being swept up in it may find it "
        "easier to stay with a client's point of view."
    )
    assert "editor@example.org" not in yaml.safe_dump(cooper)


def test_top_layout_lost_minus_is_restored_from_its_ci(top: dict) -> None:
    effects = top["2021-04-cooper-mindfulness-lead"]["effects"]
    assert [(e["measure"], e["value"], e["ci"]) for e in effects] == [
        ("r", -0.42, [-0.55, -0.27]),
        ("r", 0.28, [0.15, 0.40]),
    ]


def test_icc_values_are_exact(top: dict) -> None:
    effects = top["2022-10-delgadillo-progress-feedback"]["effects"]
    assert [(e["measure"], e["value"]) for e in effects] == [("ICC", 0.011), ("ICC", 0.009)]


def test_bottom_layout_reads_citation_last(bottom: dict) -> None:
    elliott = bottom["2019-05-elliott-therapist-empathy"]
    assert elliott["citation"]["doi"] == "10.1037/pst0000175"
    assert elliott["citation"]["number"] == "4"
    assert elliott["topics"] == ["Empathy"]
    assert elliott["implications"].strip() == "Ask clients whether they feel understood."
    assert elliott["effects"] == [
        {
            "predictor": "empathy",
            "outcome": "better outcome",
            "measure": "r",
            "value": 0.28,
            "ci": [0.22, 0.33],
            "k": 82,
            "n": 6138,
        }
    ]


def test_bottom_layout_unreadable_sign_is_left_for_the_editor(bottom: dict, demo: Path) -> None:
    damaged = bottom["2019-05-smith-damaged-page"]
    assert damaged["effects"] == [{"predictor": None, "measure": "r", "value": None}]
    text = next((demo / "imported").rglob("*smith*")).read_text("utf-8")
    assert "could not be read from 'r = ..30': write it" in text
    assert "type:  # not named in the archive" in text


def test_import_reports_what_it_could_not_read(demo: Path) -> None:
    (demo / "PAGE").write_text((ARCHIVE / "bottom-citation.txt").read_text("utf-8"), "utf-8")
    code, _, err = run("import", "PAGE", "--out", "imported")
    assert code == 0
    notes = err.splitlines()
    assert (
        "PAGE:1: (line): warning: skipped line 1: the page header before the first summary" in notes
    )
    assert (
        "PAGE:10: effects: warning: 'A Damaged Page': 'r = ..30': the sign of r = 0.3 could "
        "not be read" in notes
    )
    assert "PAGE:3: topics: warning: 'Therapist Empathy and Client Outcome': no --topic " in (
        "\n".join(notes) + " "
    )
    assert notes[-1] == "Wrote 2 entries into imported/."


def test_imported_entries_fail_check_only_where_the_page_does_not_say(demo: Path) -> None:
    """Everything else passes; a statistic whose sentence does not name what it is of gets
    an empty predictor (never a guess), and extract's marks fail only --strict."""
    page = str(ARCHIVE / "top-citation.txt")
    code, out, _ = run("import", page, "--out", "entries/imported", "--topic", "Empathy")
    assert (code, len(paths(out))) == (0, 2)
    code, out, err = run("check")
    assert (code, err) == (1, "Found 1 error.\n")
    imported = [line.split(": ")[0:3] for line in out.splitlines() if "imported" in line]
    assert imported == [
        ["entries/imported/2021/2021-04-cooper-mindfulness-lead.yaml:30", "effects[0].predictor", "warning"],
        ["entries/imported/2021/2021-04-cooper-mindfulness-lead.yaml:34", "effects[1].predictor", "warning"],
        ["entries/imported/2022/2022-10-delgadillo-progress-feedback.yaml:33", "effects[1].predictor", "expected text, got nothing"],
    ]  # fmt: skip


def test_what_the_page_does_not_say_fails_check_until_written(demo: Path) -> None:
    page = str(ARCHIVE / "bottom-citation.txt")
    assert run("import", page, "--out", "imported", "--topic", "Empathy")[0] == 0
    code, out, _ = run("check", "imported")
    assert code == 1
    assert [line.split(": ")[0:2] for line in out.splitlines()] == [
        ["imported/2019/2019-05-elliott-therapist-empathy.yaml:29", "effects[0].predictor"],
        ["imported/2019/2019-05-smith-damaged-page.yaml:17", "type"],
        ["imported/2019/2019-05-smith-damaged-page.yaml:23", "effects[0].predictor"],
        ["imported/2019/2019-05-smith-damaged-page.yaml:25", "effects[0].value"],
    ]


def test_import_never_overwrites(demo: Path) -> None:
    page = str(ARCHIVE / "top-citation.txt")
    assert run("import", page, "--out", "imported", "--topic", "Empathy")[0] == 0
    target = next((demo / "imported").rglob("*cooper*"))
    target.write_text("# edited by hand\n", "utf-8")
    before = tree_digest(demo / "imported")
    code, out, err = run("import", page, "--out", "imported")
    assert code == 0
    assert out == ""
    assert "already exists; not overwritten" in err
    assert tree_digest(demo / "imported") == before


def test_import_refuses_a_page_with_no_summaries(demo: Path) -> None:
    page = demo / "notes.txt"
    page.write_text("Just some notes\nwith no months and no citations\n", "utf-8")
    code, _, err = run("import", str(page), "--out", "imported")
    assert code == 1
    assert "no summaries found" in err
    assert not (demo / "imported").exists()


def test_import_checks_its_options(demo: Path) -> None:
    page = str(ARCHIVE / "top-citation.txt")
    code, _, err = run("import", page, "--topic", "Empathie")
    assert (code, err) == (
        1,
        "Error: --topic: unknown topic 'Empathie'; did you mean 'Empathy'?"
        " (digest topics lists them all)\n",
    )
    assert run("import", page, "--issue", "2021-13")[0] == 2
    assert run("import", "no-such-page.txt")[0] == 2


def test_issue_option_places_summaries_with_no_month_line(demo: Path) -> None:
    page = demo / "page.txt"
    text = (ARCHIVE / "bottom-citation.txt").read_text("utf-8").replace("May 2019\n", "")
    page.write_text(text, "utf-8")
    code, out, err = run("import", str(page), "--out", "a")
    assert (code, out) == (1, "")
    assert "no month line above it; not imported (give --issue YYYY-MM)" in err
    code, out, _ = run("import", str(page), "--out", "b", "--issue", "2019-05")
    assert (code, len(paths(out))) == (0, 2)


def test_sample_layout_reads_six_summaries() -> None:
    """A page in the real archive's layout, written for this test."""
    page = "\n".join(
        [
            "Blog",
            "July 2023",
            "First Title",
            "Doe, J. (2023). A chapter. In A. B. Editor (Eds.) A Book. Publisher. "
            "https://doi.org/10.1000/one",
            "Prose one (d = .58).",
            "Practice Implications",
            "Advice one.",
            "Second Title",
            "Doe, J. (2023). A chapter. In A. B. Editor (Eds.) A Book. Publisher.",
            "Prose two.",
            "Practice Implications",
            "Advice two.",
        ]
    )
    summaries, _ = read_summaries(page, "page.txt")
    assert [
        (s.title, s.issue, s.summary.paragraphs, s.implications.paragraphs) for s in summaries
    ] == [
        ("First Title", "2023-07", ["Prose one (d = .58)."], ["Advice one."]),
        ("Second Title", "2023-07", ["Prose two."], ["Advice two."]),
    ]


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("November 2023", "2023-11"),
        ("Nov. 2023", "2023-11"),
        ("June, 2022", "2022-06"),
        ("Junk 2022", None),
        ("November 2023 was busy", None),
    ],
)
def test_month_lines(line: str, month: str | None) -> None:
    assert month_of(line) == month


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Wampold, B. & Owen, J. (2021). Therapist effects: History. In Barkham, W. Lutz, "
            "and L.G. Castonguay (Eds.) Handbook of Change (7th ed.). Wiley. Chapter 9.",
            {
                "type": "incollection",
                "author": ["Wampold, B.", "Owen, J."],
                "year": 2021,
                "title": "Therapist effects: History",
                "editor": ["Barkham", "Lutz, W.", "Castonguay, L.G."],
                "booktitle": "Handbook of Change",
                "edition": "7",
                "chapter": "9",
                "publisher": "Wiley",
            },
        ),
        (
            "Smith, J., Jones, K. L., et al. (2020). A trial? Journal of Things, 12(3), e1234. "
            "doi:10.1000/xyz",
            {
                "type": "article",
                "author": ["Smith, J.", "Jones, K. L.", "others"],
                "year": 2020,
                "title": "A trial?",
                "journal": "Journal of Things",
                "volume": "12",
                "number": "3",
                "pages": "e1234",
                "doi": "10.1000/xyz",
            },
        ),
        (
            "Ng, A. (2019). Online first. Psychotherapy. Advance online publication. "
            "https://example.org/paper",
            {
                "type": "article",
                "author": ["Ng, A."],
                "year": 2019,
                "title": "Online first",
                "journal": "Psychotherapy",
                "pubstate": "Advance online publication",
                "url": "https://example.org/paper",
            },
        ),
    ],
    ids=["chapter with damaged editor", "et al. and doi: prefix", "online first"],
)
def test_citations_are_split_into_fields(text: str, fields: dict[str, object]) -> None:
    parsed = parse_citation(text)
    assert parsed is not None
    assert (parsed.fields, parsed.notes) == (fields, [])


def test_a_citation_part_that_cannot_be_placed_is_reported() -> None:
    parsed = parse_citation("Doe, J. (2020). Title. Journal, 3, 1–9. Reprinted 2021 somewhere.")
    assert parsed is not None
    assert parsed.notes == ["left out of the citation, not understood: 'Reprinted 2021 somewhere'"]
    assert parse_citation("A line with no author and no year.") is None
