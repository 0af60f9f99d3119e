"""`digest new`: a new entry file from a BibTeX key or from options, safe to fill in."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BIB, DEMO_NOTES, ENTRY_NAME, tree_digest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.authoring.scaffold import OptionError, entry_slug
from digest.cli import cli
from digest.entries.schema import ID_PATTERN
from digest.entries.yamldoc import parse

ALFONSSON = "entries/2023/2023-11-alfonsson-psychotherapist-variables.yaml"
ALFONSSON_TITLE = (
    "Psychotherapist variables that may lead to treatment failure or termination—"
    "A qualitative analysis of patients' perspectives"
)
TRICKY_TITLE = '*Why* therapists fail: "#1" reason # not a comment'
NEXT = "Next: write the summary, then run digest check {}\n"
INLINE = ("--title", TRICKY_TITLE, "--author", "Müller, Jörg", "--author", "Smith, J.")
INLINE_ENTRY = "entries/2021/2021-03-muller-therapists-fail.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def data_of(path: str | Path) -> dict[str, object]:
    data: dict[str, object] = parse(Path(path).read_text("utf-8")).data
    return data


def line_of(path: str, field: str) -> int:
    lines = Path(path).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(f"{field}:"))


def test_new_from_a_bib_key_cites_it_and_takes_its_title(demo: Path) -> None:
    code, out, err = run("new", "alfonsson2023variables", "--issue", "2023-11")
    assert (code, out, err) == (0, f"{ALFONSSON}\n", NEXT.format(ALFONSSON))
    text = Path(ALFONSSON).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/entry.schema.json\n")
    assert data_of(ALFONSSON) == {
        "id": "2023-11-alfonsson-psychotherapist-variables",
        "issue": "2023-11",
        "title": ALFONSSON_TITLE,
        "cite": "alfonsson2023variables",
        "type": None,
        "topics": [],
        "instruments": [],
        "summary": "",
        "effects": [],
        "implications": "",
    }


def test_the_scaffold_explains_each_empty_field(demo: Path) -> None:
    run("new", "alfonsson2023variables", "--issue", "2023-11")
    text = Path(ALFONSSON).read_text("utf-8")
    assert "type:  # one of: meta-analysis, review-of-meta-analyses," in text
    assert "topics: []  # one or more of the 36 topics" in text
    assert "# sample: " in text
    assert "[Empathy, Common Factors]; digest topics lists them\n" in text
    assert "\n# draft: true  # checked, but left out of the site" in text
    assert "summary: |  # Markdown in your own words" in text
    assert "effect sizes as reported" in text
    for example in ("predictor:", "outcome:", "measure: r", "value:", "ci:", "k:", "n:"):
        assert f"\n#    {example}" in text or f"\n#  - {example}" in text
    assert "implications: |  # " in text


def test_a_title_option_replaces_the_bib_title(demo: Path) -> None:
    args = ("new", "elliott2018empathy", "--issue", "2019-06", "--title", TRICKY_TITLE)
    code, out, _ = run(*args)
    assert (code, out) == (0, "entries/2019/2019-06-elliott-therapists-fail.yaml\n")
    assert data_of(out.strip())["title"] == TRICKY_TITLE


def test_the_issue_defaults_to_this_month(demo: Path) -> None:
    code, out, _ = run("new", "elliott2018empathy", "--slug", "empathy")
    month = date.today().strftime("%Y-%m")
    assert (code, out) == (0, f"entries/{month[:4]}/{month}-empathy.yaml\n")
    assert data_of(out.strip())["issue"] == month


def test_new_from_options_writes_an_inline_citation(project: Path) -> None:
    extra = ("--journal", "J: Tests #2", "--doi", "10.1000/ABC.1")
    code, out, err = run("new", *INLINE, "--year", "2021", *extra, "--issue", "2021-03")
    assert (code, out, err) == (0, f"{INLINE_ENTRY}\n", NEXT.format(INLINE_ENTRY))
    data = data_of(INLINE_ENTRY)
    assert data["id"] == "2021-03-muller-therapists-fail"
    assert data["title"] == TRICKY_TITLE
    assert "cite" not in data
    assert data["citation"] == {
        "type": "article",
        "author": ["Müller, Jörg", "Smith, J."],
        "year": 2021,
        "title": TRICKY_TITLE,
        "journal": "J: Tests #2",
        "doi": "10.1000/ABC.1",
    }


@pytest.mark.parametrize(
    "title",
    [
        "* starts like an alias",
        "&anchor, !tag and a key: value",
        "- a list? no",
        "'quoted' and \"double\" # hash",
        "2020",
        "null",
        "yes",
        "Line one\nline two",
        "Mojibake ellipsis\x85 and a separator\u2028 and a\ttab",
    ],
)
def test_titles_are_quoted_so_that_they_read_back_exactly(project: Path, title: str) -> None:
    args = ("new", "--title", title, "--author", "Smith, J.", "--year", "2021", "--slug", "t")
    code, out, _ = run(*args)
    assert code == 0
    data = data_of(out.strip())
    citation = data["citation"]
    assert isinstance(citation, dict)
    assert data["title"] == citation["title"] == title


def test_type_and_topics_are_written_by_their_canonical_names(project: Path) -> None:
    terms = ("--type", "RCT", "--topic", "empathy", "--topic", "Adherance", "--topic", "Empathy")
    code, out, _ = run("new", *INLINE, "--year", "2021", "--issue", "2021-03", *terms)
    assert code == 0
    data = data_of(out.strip())
    assert (data["type"], data["topics"]) == ("rct", ["Empathy", "Adherence"])


@pytest.mark.parametrize(
    "given_doi",
    [
        "10.1000/x.1",
        "https://doi.org/10.1000/x.1",
        "http://dx.doi.org/10.1000/x.1",
        "doi: 10.1000/x.1",
    ],
)
def test_a_doi_is_written_bare(project: Path, given_doi: str) -> None:
    code, out, _ = run("new", *INLINE, "--year", "2021", "--issue", "2021-03", "--doi", given_doi)
    assert code == 0
    citation = data_of(out.strip())["citation"]
    assert isinstance(citation, dict)
    assert citation["doi"] == "10.1000/x.1"


def test_a_malformed_doi_is_a_usage_error(project: Path) -> None:
    code, _, err = run("new", *INLINE, "--year", "2021", "--doi", "https://example.org/paper")
    assert code == 2
    assert "--doi: 'https://example.org/paper' is not a DOI (expected 10.NNNN/suffix)" in err
    assert not Path(INLINE_ENTRY).exists()


def test_an_existing_file_is_never_overwritten(demo: Path) -> None:
    Path(ALFONSSON).parent.mkdir(exist_ok=True)
    Path(ALFONSSON).write_bytes(b"id: mine\r\nsummary: my draft\n")
    code, out, err = run("new", "alfonsson2023variables", "--issue", "2023-11")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {ALFONSSON} already has the id '2023-11-alfonsson-psychotherapist-variables'; "
        "nothing was written (choose another name with --slug)\n"
    )
    assert Path(ALFONSSON).read_bytes() == b"id: mine\r\nsummary: my draft\n"


def test_an_id_held_by_a_file_of_another_name_is_refused(demo: Path) -> None:
    Path("entries/2019/2019-05-elliott-empathy-outcome.yaml").rename("entries/2019/renamed.yaml")
    before = tree_digest(demo)
    args = ("--issue", "2019-05", "--slug", "elliott-empathy-outcome")
    code, out, err = run("new", "elliott2018empathy", *args)
    assert (code, out) == (1, "")
    assert err.startswith(
        "Error: entries/2019/renamed.yaml already has the id '2019-05-elliott-empathy-outcome'"
    )
    assert tree_digest(demo) == before


def test_running_twice_refuses_the_second_time(project: Path) -> None:
    args = ("new", *INLINE, "--year", "2021", "--issue", "2021-03")
    assert run(*args)[0] == 0
    written = Path(INLINE_ENTRY).read_bytes()
    assert run(*args)[0] == 1
    assert Path(INLINE_ENTRY).read_bytes() == written


def test_an_unknown_key_suggests_the_closest(demo: Path) -> None:
    before = tree_digest(demo)
    code, out, err = run("new", "alfonson2023variables")
    assert (code, out) == (1, "")
    assert err == (
        "Error: no BibTeX entry 'alfonson2023variables' in bib/*.bib; "
        "did you mean 'alfonsson2023variables'?\n"
    )
    assert tree_digest(demo) == before


def test_broken_bib_files_are_listed(project: Path) -> None:
    (project / "bib" / "broken.bib").write_text("@article{x, title = {T}}\n", "utf-8")
    code, _, err = run("new", "smith2020alliance")
    assert code == 1
    assert err.splitlines() == [
        "bib/broken.bib:1: author: entry 'x' has no author",
        "bib/broken.bib:1: year: entry 'x' has no year",
    ]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--topic",
            "Empthy",
            "Error: --topic: unknown topic 'Empthy'; did you mean 'Empathy'?"
            " (digest topics lists them all)",
        ),
        (
            "--type",
            "meta-analyss",
            "Error: --type: unknown research type 'meta-analyss'; did you mean 'meta-analysis'"
            " or 'review-of-meta-analyses'? (digest types lists them all)",
        ),
    ],
)
def test_unknown_terms_suggest_the_closest(
    project: Path, option: str, value: str, message: str
) -> None:
    code, out, err = run("new", "smith2020alliance", option, value)
    assert (code, out, err) == (1, "", f"{message}\n")
    assert list(project.glob("entries/*/*.yaml")) == [
        project / "entries/2020/2020-01-smith-alliance.yaml"
    ]


@pytest.mark.parametrize(
    "issue", ["2024-13", "2024-1", "24-01", "2024-00", "2024-01\n", "May 2024"]
)
def test_a_malformed_issue_is_a_usage_error(project: Path, issue: str) -> None:
    code, out, err = run("new", "smith2020alliance", "--issue", issue)
    assert (code, out) == (2, "")
    assert f"Error: --issue: expected a month as YYYY-MM, got '{issue}'" in err
    assert err.startswith("Usage: cli new [OPTIONS] [KEY]")


def test_an_issue_years_ahead_is_refused_as_check_would(project: Path) -> None:
    far = f"{date.today().year + 2}-01"
    code, out, err = run("new", "smith2020alliance", "--issue", far)
    assert (code, out) == (2, "")
    assert f"Error: --issue: {far} is more than 12 months ahead; check the year" in err
    assert list(project.glob("entries/*/*.yaml")) == [
        project / "entries/2020/2020-01-smith-alliance.yaml"
    ]


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        ((), "--title, --author, --year"),
        (("--title", "T"), "--author, --year"),
        (("--author", "Smith, J."), "--title, --year"),
        (("--title", "T", "--author", "Smith, J."), "--year"),
        (("--year", "2020"), "--title, --author"),
    ],
)
def test_without_a_key_title_author_and_year_are_required(
    project: Path, args: tuple[str, ...], missing: str
) -> None:
    code, out, err = run("new", *args)
    assert (code, out) == (2, "")
    assert f"Error: without a KEY, give --title, --author and --year (missing: {missing})\n" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--title", "  ", "--author", "A, B", "--year", "2020"), "--title must not be empty"),
        (("--title", "T", "--author", " ", "--year", "2020"), "--author must not be empty"),
        (
            ("--title", "T", "--author", "A, B", "--year", "20"),
            "--year must lie between 1800 and 2999",
        ),
        (
            ("smith2020alliance", "--year", "2020", "--doi", "10.1/x"),
            "--year, --doi: only without a KEY",
        ),
        (
            ("smith2020alliance", "--slug", "Smith_Alliance"),
            "--slug: 'Smith_Alliance' is not a slug",
        ),
    ],
)
def test_bad_options_are_usage_errors(project: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run("new", *args)
    assert (code, out) == (2, "")
    assert f"Error: {message}" in err


def test_a_title_without_ascii_letters_asks_for_a_slug(project: Path) -> None:
    title = "心理療法の研究"
    code, _, err = run("new", "--title", title, "--author", "山田, 太郎", "--year", "2020")
    assert code == 2
    assert "give a name with --slug" in err
    args = ("--issue", "2020-02", "--slug", "yamada-psychotherapy")
    code, out, _ = run("new", "--title", title, "--author", "山田, 太郎", "--year", "2020", *args)
    assert (code, out) == (0, "entries/2020/2020-02-yamada-psychotherapy.yaml\n")
    assert data_of(out.strip())["title"] == title


def test_a_missing_entries_folder_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("new", *INLINE, "--year", "2021", "--project", str(tmp_path))
    assert code == 1
    assert "entries: no such folder" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "written"),
    [(("alfonsson2023variables",), ALFONSSON), ((*INLINE, "--year", "2021"), None)],
    ids=["cite", "citation"],
)
def test_check_lists_what_the_scaffold_leaves_to_write(
    demo: Path, args: tuple[str, ...], written: str | None
) -> None:
    issue = "2023-11" if written else "2021-03"
    _, out, _ = run("new", *args, "--issue", issue)
    path = out.strip()
    code, out, err = run("check", path)
    assert (code, err) == (1, "Found 4 errors.\n")
    found = [line.split(": ", 2) for line in out.splitlines()]
    assert [(where, name) for where, name, _ in found] == [
        (f"{path}:{line_of(path, 'type')}", "type"),
        (f"{path}:{line_of(path, 'topics')}", "topics"),
        (f"{path}:{line_of(path, 'summary')}", "summary"),
        (f"{path}:{line_of(path, 'implications')}", "implications"),
    ]
    assert [message for *_, message in found][1:] == [
        "must list at least one",
        "must not be empty",
        "must not be empty",
    ]


@pytest.mark.parametrize(
    "args", [("alfonsson2023variables",), (*INLINE, "--year", "2021", "--journal", "Psychotherapy")]
)
def test_a_filled_in_scaffold_passes_check(demo: Path, args: tuple[str, ...]) -> None:
    _, out, _ = run("new", *args, "--issue", "2023-11")
    path = Path(out.strip())
    path.write_text(fill_in(path.read_text("utf-8")), "utf-8")
    assert run("check", str(path)) == (0, "", "1 entry checked: no errors.\n")
    assert run("check") == (0, DEMO_NOTES, "12 entries checked: no errors, 2 notes.\n")


def fill_in(text: str) -> str:
    """What an editor does: choose a type and topics, write the summary and implications."""
    text = re.sub(r"(?m)^type:.*$", "type: qualitative", text)
    text = re.sub(r"(?m)^topics:.*$", "topics: [Therapist Factors]", text)
    text = re.sub(r"(?m)^(summary: \|.*)$", r"\1\n  Patients were *asked*.", text)
    return re.sub(r"(?m)^(implications: \|.*)$", r"\1\n  Ask them: d = 0.5.", text)


@given(family=st.text(), title=st.text())
def test_a_slug_is_a_valid_id_or_asks_for_slug(family: str, title: str) -> None:
    try:
        slug = entry_slug(family, title)
    except OptionError as err:
        assert "--slug" in str(err)
        assert not re.search("[A-Za-z0-9]", title)
    else:
        assert re.fullmatch(ID_PATTERN, f"2024-01-{slug}")


@settings(max_examples=40, deadline=None)
@given(title=st.text())
def test_any_title_round_trips_or_fails_cleanly(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "entries").mkdir()
        (root / "bib").mkdir()
        (root / "bib" / "refs.bib").write_text(BIB, "utf-8")
        args = ["new", f"--title={title}", "--author=Smith, J.", "--year=2020"]
        code, out, err = run(*args, "--issue=2020-01", f"--project={folder}")
        if code == 0:
            data = data_of(out.strip())
            assert data["title"] == title.strip()
            assert re.fullmatch(ID_PATTERN, str(data["id"]))
            assert Path(out.strip()).stem == data["id"]
        else:
            assert code == 2
            assert "--slug" in err or "--title must not be empty" in err
            assert list((root / "entries").iterdir()) == []


def test_new_and_check_read_the_same_spellings(project: Path) -> None:
    """`new --type "Meta-Analysis"` and `type: Meta-analysis` in a file are both read as
    meta-analysis, each with a note; neither is refused."""
    code, out, err = run(
        "new", "smith2020alliance", "--issue", "2020-02", "--type", "Meta-Analysis",
        "--topic", "empathy",
    )  # fmt: skip
    assert code == 0
    assert err.splitlines()[:2] == [
        "note: --type: 'Meta-Analysis' is read as the research type 'meta-analysis'",
        "note: --topic: 'empathy' is read as the topic 'Empathy'",
    ]
    written = (project / out.strip()).read_text("utf-8")
    assert "type: meta-analysis\n" in written
    assert "  - Empathy\n" in written
    entry = project / "entries" / "2020" / ENTRY_NAME
    text = entry.read_text("utf-8").replace("type: meta-analysis", "type: Meta-analysis")
    entry.write_text(text.replace("[Empathy]", "[empathy]").replace("measure: r", "measure: R"))
    before = tree_digest(project)
    code, out, err = run("check", str(entry.relative_to(project)), "--strict")
    assert (code, err) == (0, "1 entry checked: no errors, 3 notes.\n")
    assert out.splitlines() == [
        f"entries/2020/{ENTRY_NAME}:5: type: note: 'Meta-analysis' is read as the research"
        " type 'meta-analysis'",
        f"entries/2020/{ENTRY_NAME}:6: topics[0]: note: 'empathy' is read as the topic 'Empathy'",
        f"entries/2020/{ENTRY_NAME}:12: effects[0].measure: note: 'R' is read as the measure 'r'",
    ]
    assert tree_digest(project) == before


@pytest.mark.parametrize(
    ("command", "name", "first_row"),
    [
        ("topics", "topic", "Adherence,adherence,Adherance"),
        ("types", "research_type", 'meta-analysis,Meta-analysis,"meta analysis, metaanalysis"'),
        ("instruments", "instrument", "SRS,Session Rating Scale,"),
        ("measures", "measure", "r,correlation r,-1 to 1"),
    ],
)
def test_vocabulary_commands_list_the_terms(command: str, name: str, first_row: str) -> None:
    code, out, _ = run(command, "--format", "csv")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith(f"{name},")
    assert lines[1] == first_row
