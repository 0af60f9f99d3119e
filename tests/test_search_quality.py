"""Search quality: tables of queries and the exact set of summaries each must find, on
the demo and on a small synthetic archive. Precision and recall are both 1.0 on every
row: a summary found that should not be, or missed, fails the row.

The demo's sets were read off its entry files; the synthetic archive's are computed from
its YAML (an effect size from the effects listed, a filter from type and issue). The
queries are run by Pagefind itself, with the search page's own query handling
(tests/pagefind_query.mjs).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from test_search import run_queries

from digest.cli import cli
from digest.site.search import canonical_value

ELLIOTT_2014 = "2014-09-elliott-empathy-outcomes"
NORCROSS_2018 = "2018-11-norcross-relationships-that-work"
ELLIOTT_2019 = "2019-05-elliott-empathy-outcome"
COOPER = "2021-04-cooper-mindfulness-empathy"
WAMPOLD = "2022-06-wampold-facilitative-skills"
DELGADILLO = "2022-10-delgadillo-feedback-therapist-gap"
NISSEN_LIE = "2023-07-nissen-lie-therapist-factors"
NORCROSS_NOT = "2023-07-norcross-relationship-not-work"
NORCROSS_2023 = "2023-07-norcross-relationship-work"
ALFONSSON = "2023-11-alfonsson-therapist-failure"
ABARGIL = "2025-01-abargil-therapist-emotions"

EMPATHY = {ELLIOTT_2014, NORCROSS_2018, ELLIOTT_2019, COOPER, WAMPOLD, NORCROSS_2023, ABARGIL}
NONE: set[str] = set()

# query, filters, the entries it must find (exactly).
DEMO: list[tuple[str, dict[str, str], set[str]]] = [
    # Words present.
    ("empathy", {}, EMPATHY),
    ("mindfulness", {}, {COOPER}),
    # A word finds its family: "supervision" finds "supervisor" (Pagefind stems).
    ("supervision", {}, {ELLIOTT_2014, COOPER, WAMPOLD, ALFONSSON, ABARGIL}),
    ("empathy supervision", {}, {ELLIOTT_2014, COOPER, WAMPOLD, ABARGIL}),
    # Two Norcross effects' notes name the Elliott entry they share data with.
    ("elliott", {}, {ELLIOTT_2014, ELLIOTT_2019, NORCROSS_2018, NORCROSS_2023}),
    # Words absent, vocabulary words without entries, and nonsense.
    ("placebo", {}, NONE),
    ("xqzzy", {}, NONE),
    ("empathy placebo", {}, NONE),
    # Synonyms: what the vocabulary calls them is no word of the demo's.
    ("cbt", {}, NONE),
    ("rct", {}, NONE),
    ("randomized", {}, NONE),
    ("ptsd", {}, NONE),
    ("drop-out", {}, {ALFONSSON}),
    ("dropout", {}, {ALFONSSON}),
    # Effect sizes in every spelling.
    ("d = .58", {}, {ELLIOTT_2019, NORCROSS_2023}),
    ("d=0.58", {}, {ELLIOTT_2019, NORCROSS_2023}),
    ("0.58", {}, {NORCROSS_2018, ELLIOTT_2019, NORCROSS_2023}),
    (".58", {}, {NORCROSS_2018, ELLIOTT_2019, NORCROSS_2023}),
    (".5", {}, NONE),
    (".581", {}, NONE),
    ("g .57", {}, {NORCROSS_2018}),
    ("r = .28", {}, {ELLIOTT_2019, COOPER}),
    ("ICC", {}, {DELGADILLO}),
    ("d = .99", {}, NONE),
    # Type and year filters.
    ("empathy", {"type": "Meta-analysis"}, {ELLIOTT_2014, ELLIOTT_2019, COOPER}),
    ("empathy", {"type": "Meta-analysis", "year": "2019"}, {ELLIOTT_2019}),
    ("empathy", {"topic": "Empathy", "type": "Qualitative study"}, NONE),
    ("", {"year": "2023"}, {NISSEN_LIE, NORCROSS_NOT, NORCROSS_2023, ALFONSSON}),
]


def found(site: Path, table: list[tuple[str, dict[str, str], set[str]]]) -> list[set[str]]:
    queries = [{"q": q or None, "filters": f, "all": True} for q, f, _ in table]
    return [
        {url.strip("/").split("/")[-1] for url in r["urls"]} for r in run_queries(site, queries)
    ]


def mismatches(site: Path, table: list[tuple[str, dict[str, str], set[str]]]) -> list[str]:
    """Every row whose results are not exactly its expected set, said as a person would."""
    wrong = []
    for (query, filters, expected), got in zip(table, found(site, table), strict=True):
        if got != expected:
            extra, missed = sorted(got - expected), sorted(expected - got)
            wrong.append(f"{query!r} {filters}: found too {extra}, missed {missed}")
    return wrong


def test_demo_queries_find_exactly_their_summaries(demo_site: Path) -> None:
    assert mismatches(demo_site, DEMO) == []


def test_a_word_the_site_lacks_is_named_as_missing(demo_site: Path) -> None:
    results = run_queries(demo_site, [{"q": "empathy placebo"}, {"q": "empathy"}])
    assert [r["missing"] for r in results] == [["placebo"], []]


# The synthetic archive: its words come from make_archive.WORDS; its numbers at random.
sys.path.insert(0, str(REPO / "benchmarks"))
from make_archive import WORDS, make_archive  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("archive")
    make_archive(40, root, seed=3)
    for name in ("mkdocs.yml", "site_src"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            (root / name).write_bytes(source.read_bytes())
    result = CliRunner().invoke(
        cli, ["build", "--project", str(root), "--site-dir", str(root / "site")]
    )
    assert result.exit_code == 0, result.output
    entries = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(root.rglob("entries/*/*.yaml"))]
    return root / "site", entries


def reporting(entries: list[dict[str, Any]], value: float, measure: str | None = None) -> set[str]:
    """Entries listing an effect with this estimate (of this measure), or, for a bare
    number, with it as an estimate or an interval bound."""
    wanted = canonical_value(f"{value:.6f}")

    def numbers(effect: dict[str, Any]) -> list[float]:
        values = [effect.get("value")] if measure else [effect.get("value"), *effect.get("ci", [])]
        return [v for v in values if isinstance(v, float)]

    return {
        e["id"]
        for e in entries
        for effect in e.get("effects", [])
        if (measure is None and effect["measure"] != "percent") or effect["measure"] == measure
        if any(canonical_value(f"{v:.6f}") == wanted for v in numbers(effect))
    }


def test_archive_queries_find_exactly_their_summaries(
    archive: tuple[Path, list[dict[str, Any]]],
) -> None:
    site, entries = archive
    everyone = {e["id"] for e in entries}
    d_values = sorted(
        {ef["value"] for e in entries for ef in e.get("effects", []) if ef["measure"] == "d"}
    )
    value = d_values[len(d_values) // 2]
    kind = entries[0]["type"]
    year = entries[0]["issue"][:4]
    label = {"meta-analysis": "Meta-analysis", "rct": "Randomised controlled trial"}
    type_label = label.get(kind)
    placebo = {e["id"] for e in entries if "Placebo Effect" in e["topics"]}
    table: list[tuple[str, dict[str, str], set[str]]] = [
        (WORDS[4], {}, everyone),
        # A topic's name is on its summaries' pages: "placebo" finds those, and only those.
        ("placebo", {}, placebo),
        ("xqzzy", {}, NONE),
        ("elephant", {}, NONE),
        (f"{WORDS[4]} xqzzy", {}, NONE),
        (f"d = {value:.2f}", {}, reporting(entries, value, "d")),
        (f"{value:.2f}", {}, reporting(entries, value)),
        (f"{value:.2f}".lstrip("0"), {}, reporting(entries, value)),
        ("", {"year": year}, {e["id"] for e in entries if e["issue"][:4] == year}),
    ]
    if type_label:
        typed = {e["id"] for e in entries if e["type"] == kind}
        table.append((WORDS[4], {"type": type_label}, typed))
    assert mismatches(site, table) == []
