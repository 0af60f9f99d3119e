"""digest import on pages in the shapes real practice-research blogs have.

Each page in tests/archive/ was written for these tests (invented studies, sentences and
citations). For each, the exact set of entries is asserted, with their citation fields,
effects, and the page lines their citation, summary and implications came from; every
entry's text must be exactly the words of those lines (so no paragraph crossed a
summary boundary), and none may hold page furniture. A property test adds furniture
around and inside the pages and asserts that the entries read do not change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.authoring.archive_page import Summary, read_summaries
from digest.authoring.importer import Imported, Options, import_archive
from digest.authoring.page_lines import month_of
from digest.cli import cli
from digest.entries.furniture import furniture_phrases

ARCHIVE = REPO / "tests" / "archive"
SAMPLE = Path("/work/shared/reference/archive-sample.txt")

#: For each page: entry id -> (citation lines, summary lines, implications lines).
LINES: dict[str, dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]] = {
    "prefixed-headings.txt": {
        "2023-09-quill-warmth-first-sessions": ((11,), (7, 8), (10,)),
        "2023-09-vance-homework-completion": ((21,), (16, 17), (20,)),
    },
    "wrapped-citations.txt": {
        "2023-11-harrow-warmth-community": ((6, 7), (8,), (10,)),
        "2023-11-okafor-clients-notice": ((13, 14, 15), (16,), (18,)),
    },
    "two-months.txt": {
        "2023-11-moreau-reading-together": ((4, 5), (6, 7, 8, 9, 10), (12, 13)),
        "2023-10-iverson-endings-planned": ((18,), (19,), (21,)),
    },
    "plain-titles-citation-last.txt": {
        "2023-08-fenwick-naming-emotions": ((7, 8), (4,), (6,)),
        "2023-08-laine-silence-difficult": ((14,), (11,), (13,)),
    },
    "heading-then-citation.txt": {
        "2024-03-gallo-booster-sessions": ((4,), (5,), (6,)),
    },
    "top-citation.txt": {
        "2021-04-cooper-mindfulness-lead": ((8,), (9, 10), (12, 13)),
        "2022-10-delgadillo-progress-feedback": ((17,), (18,), (20,)),
    },
    "bottom-citation.txt": {
        "2019-05-elliott-therapist-empathy": ((9,), (4, 5, 6), (8,)),
        "2019-05-smith-damaged-page": ((14,), (11,), (13,)),
    },
}

CITATIONS = {
    "2023-09-quill-warmth-first-sessions": {
        "type": "article",
        "author": ["Quill, A. B.", "Marsh, T."],
        "year": 2022,
        "title": "Warmth at intake and early dropout: A meta-analysis",
        "journal": "Journal of Imagined Psychotherapy",
        "volume": "14",
        "number": "2",
        "pages": "101–119",
        "doi": "10.5555/jip.2022.014",
    },
    "2023-09-vance-homework-completion": {
        "type": "article",
        "author": ["Vance, R."],
        "year": 2021,
        "title": "Between-session tasks in cognitive therapy: A randomised trial",
        "journal": "Fictional Journal of Behaviour Change",
        "volume": "9",
        "pages": "44–58",
    },
    "2023-11-harrow-warmth-community": {
        "type": "article",
        "author": ["Harrow, P.", "Lindqvist, E."],
        "year": 2023,
        "title": "Therapist warmth in community clinics: A pragmatic randomised trial",
        "journal": "Journal of Invented Clinical Studies",
        "volume": "31",
        "number": "4",
        "pages": "210–225",
    },
    "2023-11-okafor-clients-notice": {
        "type": "article",
        "author": ["Okafor, N.", "Brandt, L.", "Sato, K.", "Ellery, M.", "Duval, C."],
        "year": 2022,
        "title": "First impressions of the therapist: A survey of clients",
        "journal": "Made-Up Review of Counselling",
        "volume": "7",
        "number": "1",
        "pages": "1–15",
        "doi": "10.5555/murc.2022.7.1",
    },
    "2023-11-moreau-reading-together": {
        "type": "article",
        "author": ["Moreau, J.", "Tan, W."],
        "year": 2023,
        "title": "Shared reading in group psychotherapy: A pilot study",
        "journal": "Journal of Pretend Group Work",
        "volume": "5",
        "number": "3",
        "pages": "77–90",
    },
    "2023-10-iverson-endings-planned": {
        "type": "incollection",
        "author": ["Iverson, K."],
        "year": 2022,
        "title": "Planned endings and relapse after therapy",
        "editor": ["Brookes, L.", "Imrie, S."],
        "booktitle": "Handbook of Imaginary Practice",
        "edition": "2",
        "pages": "301–322",
        "publisher": "Example Press",
    },
    "2023-08-fenwick-naming-emotions": {
        "type": "article",
        "author": ["Fenwick, S.", "Adeyemi, O."],
        "year": 2021,
        "title": "Emotion naming and depth of experiencing in psychotherapy sessions",
        "journal": "Invented Process Research",
        "volume": "18",
        "number": "2",
        "pages": "133–150",
    },
    "2023-08-laine-silence-difficult": {
        "type": "article",
        "author": ["Laine, M.", "Booth, G."],
        "year": 2020,
        "title": "Therapist pauses and client disclosure",
        "journal": "Sample Journal of Talk in Therapy",
        "volume": "2",
        "pages": "9–20",
    },
    "2024-03-gallo-booster-sessions": {
        "type": "article",
        "author": ["Gallo, T.", "Petrov, A.", "Ng, H."],
        "year": 2024,
        "title": "Booster sessions and relapse after cognitive behavioural therapy: A meta-analysis",
        "journal": "Pretend Journal of Outcomes",
        "volume": "40",
        "pages": "1–12",
        "doi": "10.5555/pjo.2024.40.1",
    },
}

#: (measure, value, ci, k, n) of each entry's effects, in order.
EFFECTS = {
    "2023-09-quill-warmth-first-sessions": [("r", 0.24, [0.18, 0.30], "300+", None)],
    "2023-09-vance-homework-completion": [("d", 0.45, [0.20, 0.70], None, 212)],
    "2023-11-harrow-warmth-community": [("r", 0.19, [0.08, 0.30], None, None)],
    "2023-11-okafor-clients-notice": [
        ("r", 0.22, None, None, None),
        ("r", 0.27, None, None, None),
    ],
    "2023-11-moreau-reading-together": [("d", 0.62, None, None, None)],
    "2023-10-iverson-endings-planned": [],
    "2023-08-fenwick-naming-emotions": [("OR", 1.8, [1.3, 2.5], None, None)],
    "2023-08-laine-silence-difficult": [("r", 0.33, None, None, None)],
    "2024-03-gallo-booster-sessions": [("RR", 0.72, [0.60, 0.86], None, None)],
}

TITLES = {
    "2023-09-quill-warmth-first-sessions": "Warmth in First Sessions",
    "2023-09-vance-homework-completion": "Homework Completion and Change",
    "2024-03-gallo-booster-sessions": "Booster Sessions After CBT",
}


def imported(page: str, out: Path) -> tuple[Imported, dict[str, dict[str, object]]]:
    result = import_archive(ARCHIVE / page, out, Options())
    files = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in out.rglob("*.yaml")}
    return result, files


def words(text: str) -> str:
    """Text as a run of words, list markers taken off (a page's "•" is a file's "-")."""
    return " ".join(w for w in text.split() if w not in ("-", "•"))


def page_words(page: str, numbers: tuple[int, ...]) -> str:
    lines = (ARCHIVE / page).read_text("utf-8").splitlines()
    text = " ".join(lines[n - 1] for n in numbers)
    return words(re.sub(r"^.*?Implications:\s*", "", text) if len(numbers) == 1 else text)


@pytest.mark.parametrize("page", sorted(LINES))
def test_every_summary_is_found_and_nothing_invented(page: str, tmp_path: Path) -> None:
    result, files = imported(page, tmp_path)
    assert sorted(files) == sorted(LINES[page])
    assert result.complete
    reports = {r.path.stem: r for r in result.reports}
    assert {
        stem: (r.citation_lines, r.summary_lines, r.implications_lines)
        for stem, r in reports.items()
    } == LINES[page]


@pytest.mark.parametrize("page", sorted(LINES))
def test_entry_text_is_exactly_its_own_lines(page: str, tmp_path: Path) -> None:
    result, files = imported(page, tmp_path)
    for report in result.reports:
        entry = files[report.path.stem]
        assert words(str(entry["summary"])) == page_words(page, report.summary_lines)
        implications = page_words(page, report.implications_lines)
        assert words(str(entry["implications"])) == implications
        prose = f"{entry['summary']} {entry['implications']} {entry['title']}"
        assert furniture_phrases(prose) == []


@pytest.mark.parametrize("stem", sorted(CITATIONS))
def test_citations_and_effects_are_exact(stem: str, tmp_path: Path) -> None:
    page = next(p for p, stems in LINES.items() if stem in stems)
    _, files = imported(page, tmp_path)
    entry = files[stem]
    assert entry["citation"] == CITATIONS[stem]
    assert [
        (e["measure"], e["value"], e.get("ci"), e.get("k"), e.get("n")) for e in entry["effects"]
    ] == EFFECTS[stem]
    if stem in TITLES:  # the network's name before "Clinical summary" is left out
        assert entry["title"] == TITLES[stem]


def test_bullets_stay_a_list_inside_the_summary(tmp_path: Path) -> None:
    _, files = imported("two-months.txt", tmp_path)
    entry = files["2023-11-moreau-reading-together"]
    assert entry["summary"] == (
        "Moreau and Tan ran eight reading groups for adults with low mood. Members reported that:\n"
        "\n"
        "- the shared text gave them words for feelings,\n"
        "- the group felt safer after the second week, and\n"
        "- reading aloud was hard at first.\n"
        "\n"
        "Mood improved over twelve weeks (d = 0.62).\n"
    )
    assert entry["implications"] == (
        "- Try a short shared text early in a group.\n- Ask members what the text stirred in them.\n"
    )


def test_furniture_is_reported_line_by_line(tmp_path: Path) -> None:
    result, _ = imported("prefixed-headings.txt", tmp_path)
    skipped = [str(n).split(": ", 1)[1] for n in result.notes if n.field == "(line)"]
    assert skipped == [
        "(line): warning: skipped lines 1–3: the page header before the first summary",
        "(line): warning: skipped line 5: the page header before the first summary",
        "(line): warning: skipped line 12: page furniture, a link to the full post "
        "('Read more » Tags: Alliance, Attendance 3 Comments')",
        "(line): warning: skipped line 13: page furniture, a comment link ('Leave a comment')",
        "(line): warning: skipped line 14: page furniture, navigation ('Back to top')",
        "(line): warning: skipped line 22: page furniture, a subscribe box "
        "('Subscribe to our newsletter')",
        "(line): warning: skipped lines 23–24: page furniture, an author bio ('About the author')",
        "(line): warning: skipped lines 25–28: page furniture, a related-posts list "
        "('Related posts')",
    ]


def test_a_doubtful_page_writes_only_what_is_sure_and_exits_1(
    demo: Path,
) -> None:
    result = CliRunner().invoke(
        cli, ["import", str(ARCHIVE / "doubtful.txt"), "--out", "imported", "--topic", "Training"]
    )
    assert result.exit_code == 1
    written = sorted(p.stem for p in (demo / "imported").rglob("*.yaml"))
    # The citation with prose above it is not imported, and its text goes nowhere else.
    assert written == ["2022-05-ashby-rest-breaks-therapists", "2022-05-holm-quiet-rooms"]
    page = str(ARCHIVE / "doubtful.txt")
    warnings = [line.replace(page, "PAGE") for line in result.stderr.splitlines()]
    assert [w for w in warnings if "topics" not in w and ": type:" not in w] == [
        "PAGE:2: citation: warning: 'Rest Breaks for Therapists': no journal or book after "
        "the title",
        "PAGE:2: citation: warning: 'Rest Breaks for Therapists': the citation looks cut short: "
        "no journal, book or publisher",
        "PAGE:2: effects: warning: 'Rest Breaks for Therapists': 'r = .29': its sentence names "
        "no predictor; write it",
        "PAGE:8: (summary): warning: the untitled summary: not imported, nor its text (lines "
        "9, 11): an entry needs a title and a citation",
        "PAGE:8: title: warning: the untitled summary: a citation with no title line above it",
        "PAGE:12: implications: warning: 'Quiet Rooms': no implications heading found (such as "
        "'Practice Implications')",
        "Wrote 2 entries into imported/.",
        "Not every summary on the page could be read; see the warnings.",
    ]
    ashby = yaml.safe_load(next((demo / "imported").rglob("*ashby*")).read_text("utf-8"))
    assert "supervisor" not in str(ashby) and "Brook" not in str(ashby)
    assert words(ashby["implications"]) == words(
        "Protect a short break between clients. The last session of the day was the hardest "
        "for most."
    )


def test_dry_run_prints_the_entries_and_writes_nothing(demo: Path) -> None:
    page = str(ARCHIVE / "wrapped-citations.txt")
    result = CliRunner().invoke(cli, ["import", page, "--out", "imported", "--dry-run"])
    assert result.exit_code == 0
    assert not (demo / "imported").exists()
    assert result.stdout == (
        "imported/2023/2023-11-harrow-warmth-community.yaml\n"
        "  month: 2023-11\n"
        "  title: Warmth in Community Clinics\n"
        "  citation: Harrow (2023), Journal of Invented Clinical Studies, no DOI; lines 6–7\n"
        "  effects: 1\n"
        "  summary: line 8\n"
        "  implications: line 10\n"
        "imported/2023/2023-11-okafor-clients-notice.yaml\n"
        "  month: 2023-11\n"
        "  title: What Clients Notice First\n"
        "  citation: Okafor (2022), Made-Up Review of Counselling, doi 10.5555/murc.2022.7.1; "
        "lines 13–15\n"
        "  effects: 2\n"
        "  summary: line 16\n"
        "  implications: line 18\n"
    )
    assert result.stderr.splitlines()[-1] == "Would write 2 entries into imported/ (dry run)."
    real = CliRunner().invoke(cli, ["import", page, "--out", "imported"])
    assert (real.exit_code, real.stdout) == (0, result.stdout)
    assert len(list((demo / "imported").rglob("*.yaml"))) == 2


def test_help_states_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert "--dry-run" in result.stdout
    assert "Exit code 0 only when every summary on the page was read whole" in " ".join(
        result.stdout.split()
    )


def test_a_page_of_furniture_only_is_refused(demo: Path) -> None:
    page = demo / "footer.txt"
    page.write_text("About the author\nSam writes here.\nBack to top\n© 2024 Blog\n", "utf-8")
    result = CliRunner().invoke(cli, ["import", str(page), "--out", "imported"])
    assert result.exit_code == 1
    assert "no summaries found" in result.stderr
    assert not (demo / "imported").exists()


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared reference page is not here")
def test_the_real_sample_page_still_gives_its_six_entries(tmp_path: Path) -> None:
    result = import_archive(SAMPLE, tmp_path, Options())
    assert result.complete
    assert [p.stem for p in result.written] == [
        "2023-11-alfonsson-therapist-qualities",
        "2023-07-norcross-therapeutic-relationship-factors-do-not-work",
        "2023-07-norcross-therapeutic-relationship-factors-work",
        "2023-07-nissen-lie-therapist-factors",
        "2022-10-delgadillo-progress-feedback",
        "2022-06-wampold-therapist-facilitative",
    ]


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("Issue: September 2023", "2023-09"),
        ("Issue - March 2024", "2024-03"),
        ("November 2023 Issue", "2023-11"),
        ("2023-11", "2023-11"),
        ("11/2023", "2023-11"),
        ("Posted November 14, 2023", "2023-11"),
        ("Posted on 3 Sept 2021 by Sam Reed", "2021-09"),
        ("2023-13", None),
        ("13/2023", None),
        ("Posted on our blog", None),
    ],
)
def test_month_line_spellings(line: str, month: str | None) -> None:
    assert month_of(line) == month


# Furniture a property test puts around and inside pages; none of it may change an entry.
LINE_FURNITURE = [
    "Read more »",
    "Read more » Tags: Feedback, Alliance 12 Comments",
    "Tags: Empathy",
    "3 Comments",
    "No Comments",
    "Leave a comment",
    "Leave a Reply",
    "Back to top",
    "↑ Back to top",
    "Subscribe to our newsletter",
    "Share this:",
    "Facebook Twitter LinkedIn",
    "Posted by Sam Reed",
    "Previous post",
    "Next post »",
    "Continue reading",
    "© 2024 The Example Letter",
    "Copyright 2022 Example Network. All rights reserved.",
]
BLOCK_FURNITURE = [
    ["About the author", "Sam Reed is a counsellor who writes this letter."],
    ["Related posts", "Warmth at Intake", "Endings Revisited"],
    ["Recent Posts", "- Homework and Hope"],
    ["You may also like", "Silence in Session"],
]
#: Pages whose titles follow citations with no heading: a bio between two summaries
#: would hide the next title there, so blocks go only at their top and bottom.
PLAIN_TITLES = {"plain-titles-citation-last.txt"}


def content(summaries: list[Summary]) -> list[tuple[object, ...]]:
    """What an entry is made of, without the line numbers that furniture shifts."""
    return [
        (
            s.title,
            s.issue,
            s.citation,
            s.cited_source,
            s.summary.paragraphs,
            s.implications.paragraphs,
            s.heading_found,
        )
        for s in summaries
    ]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), page=st.sampled_from(sorted(LINES)))
def test_furniture_anywhere_never_changes_the_entries(data: st.DataObject, page: str) -> None:
    lines = (ARCHIVE / page).read_text("utf-8").splitlines()
    summaries, _ = read_summaries("\n".join(lines), page)
    inserts: dict[int, list[str]] = {}
    for _ in range(data.draw(st.integers(1, 8), label="lines")):
        at = data.draw(st.integers(0, len(lines)), label="at")
        inserts.setdefault(at, []).append(data.draw(st.sampled_from(LINE_FURNITURE)))
    boundaries = [0, len(lines)]
    if page not in PLAIN_TITLES:
        boundaries += [s.line - 1 for s in summaries]
    for _ in range(data.draw(st.integers(0, 3), label="blocks")):
        at = data.draw(st.sampled_from(boundaries), label="block at")
        inserts.setdefault(at, []).extend(data.draw(st.sampled_from(BLOCK_FURNITURE)))
    changed = [
        *(line for at in range(len(lines)) for line in [*inserts.get(at, []), lines[at]]),
        *inserts.get(len(lines), []),
    ]
    assert content(read_summaries("\n".join(changed), page)[0]) == content(summaries)
