"""Meta-analyses that share studies: an update supersedes, a shared estimate counts once,
and k is never added up across estimates."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import ENTRY_NAME, make_entry

from digest.cli import cli
from digest.common.model import Count, Effect, Entry
from digest.entries.load import Project, load_valid
from digest.evidence.db import build_database, run_query
from digest.evidence.matrix import evidence_matrix
from digest.evidence.overlap import independent, updated_by


def empathy(k: int, value: float = 0.28, **changes: str) -> Effect:
    return Effect("therapist empathy", "r", "client outcome", value=value, k=Count(k), **changes)


def pairs(*entries: Entry) -> list[tuple[Entry, Effect]]:
    return [(e, f) for e in entries for f in e.effects]


OLD = make_entry(id="2014-09-elliott", issue="2014-09", effects=(empathy(57, 0.31),))
NEW = make_entry(
    id="2019-05-elliott", issue="2019-05", effects=(empathy(82),), updates=("2014-09-elliott",)
)
CHAPTER = make_entry(
    id="2023-07-norcross",
    issue="2023-07",
    effects=(empathy(82, same_data_as="2019-05-elliott"),),
)


def test_an_update_supersedes_and_a_shared_estimate_counts_once() -> None:
    kept = independent(pairs(OLD, NEW, CHAPTER))
    assert [(e.id, f.k) for e, f in kept] == [("2019-05-elliott", Count(82))]
    assert updated_by([OLD, NEW, CHAPTER]) == {"2014-09-elliott": ["2019-05-elliott"]}


def test_without_its_counterpart_an_estimate_stays() -> None:
    # A topic page holding only the older review still shows it.
    assert independent(pairs(OLD)) == pairs(OLD)
    assert independent(pairs(CHAPTER)) == pairs(CHAPTER)


def test_the_matrix_never_adds_up_k() -> None:
    other = make_entry(id="2021-01-other", issue="2021-01", effects=(empathy(20, 0.2),))
    (row,) = evidence_matrix(pairs(OLD, NEW, CHAPTER, other))
    # Before: k 57 + 82 + 82 + 20 = 241 across reviews sharing their studies.
    assert (row.k, row.k_min, row.entries, row.effects) == (82, 20, 2, 2)


def test_the_demo_empathy_row_is_one_meta_analysis(demo: Path) -> None:
    entries = load_valid(Project(demo)).entries
    rows = evidence_matrix((e, f) for e in entries if "Empathy" in e.topics for f in e.effects)
    (row,) = [r for r in rows if r.predictor == "therapist empathy" and r.outcome]
    # Before: k 139 (57 + 82, Elliott 2011 and its 2018 update), "consistent".
    assert (row.k, row.k_min, row.entries, row.consistency) == (82, 82, 1, "one estimate")
    assert not [r for r in rows if r.predictor == "therapist empathy (patient-rated)"]


def test_the_database_says_what_is_superseded(demo: Path) -> None:
    con = build_database(load_valid(Project(demo)).entries)
    sql = "SELECT entry_id, superseded_by, same_data_as FROM evidence WHERE predictor LIKE ?"
    _, rows = run_query(con, sql + " ORDER BY entry_id", ["therapist empathy%"])
    assert rows == [
        ("2014-09-elliott-empathy-outcomes", ["2019-05-elliott-empathy-outcome"], None),
        ("2018-11-norcross-relationships-that-work", [], "2019-05-elliott-empathy-outcome"),
        ("2019-05-elliott-empathy-outcome", [], None),
        ("2023-07-norcross-relationship-work", [], "2019-05-elliott-empathy-outcome"),
    ]


def test_entry_pages_link_the_update_both_ways(demo_site: Path) -> None:
    def text(entry_id: str) -> str:
        html = (demo_site / "entries" / entry_id / "index.html").read_text("utf-8")
        return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)

    old = text("2014-09-elliott-empathy-outcomes")
    assert "Updated by: Therapist Empathy and Client Outcome (May 2019)" in old
    assert "Updates: The Effect of Therapist Empathy on Client Outcomes" in text(
        "2019-05-elliott-empathy-outcome"
    )


def test_a_reference_to_no_entry_is_an_error_with_a_hint(project: Path) -> None:
    path = project / "entries" / "2020" / ENTRY_NAME
    text = path.read_text("utf-8")
    path.write_text(
        text.replace(
            "type: meta-analysis\n", "type: meta-analysis\nupdates: [2020-01-smith-aliance]\n"
        )
        + "    same_data_as: 2020-01-smith-alliance\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"entries/2020/{ENTRY_NAME}:6: updates[0]: no entry has the id "
        "'2020-01-smith-aliance' (did you mean '2020-01-smith-alliance'?)",
        f"entries/2020/{ENTRY_NAME}:19: effects[0].same_data_as: '2020-01-smith-alliance' "
        "is this entry itself; name another entry",
    ]


def test_a_topic_shows_only_the_effects_about_it(demo_site: Path) -> None:
    page = (demo_site / "topics" / "feedback-and-progress-monitoring" / "index.html").read_text(
        "utf-8"
    )
    soup = BeautifulSoup(page, "html.parser")
    heading = soup.find("h2", id="evidence-at-a-glance")
    assert heading is not None
    table = heading.find_next("table")
    rows = [tr.td.get_text(strip=True) for tr in table.select("tbody tr")]  # type: ignore[union-attr]
    # Before: 12 rows, 10 of them the relationship elements of a chapter tagged with the topic.
    assert sorted(rows) == [
        "collecting client feedback / progress monitoring",
        "therapist (variance share) → patient outcome",
        "therapist, with progress feedback → patient outcome",
    ]


def test_an_effect_topic_must_be_one_of_its_entry(project: Path) -> None:
    path = project / "entries" / "2020" / ENTRY_NAME
    path.write_text(path.read_text("utf-8") + "    topics: [Attachment]\n", "utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"entries/2020/{ENTRY_NAME}:18: effects[0].topics[0]: 'Attachment' is not among the "
        "entry's topics; add it there too\n"
    )
