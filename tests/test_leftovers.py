"""digest check warns about what an import can leave in an entry: a citation cut short
and page furniture in the summary or implications; --strict fails on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENTRY, ENTRY_NAME, REPO
from hypothesis import given
from hypothesis import strategies as st

from digest.cli import cli
from digest.entries import furniture
from digest.entries.furniture import furniture_phrases

FILE = f"entries/2020/{ENTRY_NAME}"

CUT_SHORT = ENTRY.replace(
    "cite: smith2020alliance\n",
    "citation:\n"
    "  type: article\n"
    "  author: [Smith, J.]\n"
    "  year: 2020\n"
    "  title: Alliance in community\n",
).replace(
    "implications: Other text.\n",
    "implications: |\n"
    "  Ask about the alliance early.\n"
    "  Read more » Tags: Alliance 3 Comments\n"
    "  Leave a comment\n",
)


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout


def test_cut_citation_and_furniture_are_warned_about(project: Path) -> None:
    (project / FILE).write_text(CUT_SHORT, "utf-8")
    code, out = check()
    assert code == 0
    assert out.splitlines() == [
        f"{FILE}:4: citation: warning: the citation looks cut short: its type is article, "
        "but it has no journal; add it",
        f"{FILE}:14: implications: warning: '3 Comments' reads as page furniture, not part "
        "of the implications; remove it",
        f"{FILE}:14: implications: warning: 'Read more »' reads as page furniture, not part "
        "of the implications; remove it",
        f"{FILE}:14: implications: warning: 'Tags:' reads as page furniture, not part "
        "of the implications; remove it",
        f"{FILE}:15: implications: warning: 'Leave a comment' reads as page furniture, not "
        "part of the implications; remove it",
    ]
    assert check("--strict")[0] == 1


def test_the_demo_and_the_shipped_entries_have_none(project: Path) -> None:
    assert check() == (0, "")


@pytest.mark.parametrize(
    "prose",
    [
        "Clients share this view of the alliance.",
        "Therapists posted on social media about their work.",
        "Supervisors wrote 3 comments on each tape.",
        "The related posts of the forum were not read.",
    ],
)
def test_ordinary_prose_is_not_furniture(prose: str) -> None:
    assert furniture_phrases(prose) == []


def test_an_imported_cut_citation_fails_check_strict(project: Path) -> None:
    page = str(REPO / "tests" / "archive" / "doubtful.txt")
    args = ["import", page, "--out", "entries", "--topic", "Training", "--type", "rct"]
    assert CliRunner().invoke(cli, args).exit_code == 1
    # What the page did not say is an error until written (test_import_pages.py); fill it
    # in, as an editor would, to reach the warnings.
    ashby = project / "entries" / "2022" / "2022-05-ashby-rest-breaks-therapists.yaml"
    text = ashby.read_text("utf-8")
    ashby.write_text(text.replace("  - predictor:   #", "  - predictor: rest breaks  #"), "utf-8")
    (project / "entries" / "2022" / "2022-05-holm-quiet-rooms.yaml").unlink()
    code, out = check("--strict")
    assert code == 1
    assert "2022-05-ashby-rest-breaks-therapists.yaml:6: citation: warning: the citation " in out


_PIECES = st.sampled_from(
    [
        "Read more »", "CONTINUE READING", "leave a Reply", "Back to top", "12 Comments",
        "Tags: x", "About the Author", "Related posts", "All Rights Reserved", "©",
        "Copyright 2020", "Share this:", "ſubscribe to our newsletter", "posts", "d = .5",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=8))
def test_the_quick_look_for_clues_never_changes_what_is_found(pieces: list[str]) -> None:
    text = " ".join(pieces)
    found = [match[0] for match in furniture._PHRASES.finditer(text)]
    assert furniture.furniture_phrases(text) == found
