"""Search: the effect-size tokens, the query rewriting, and real Pagefind queries."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, make_entry

from digest.common.model import Effect
from digest.site.search import (
    canonical_value,
    effect_line,
    effect_tokens,
    search_terms,
    text_tokens,
    veiled,
)

QUERY_RUNNER = REPO / "tests" / "pagefind_query.mjs"
SEARCH_JS = REPO / "digest" / "site" / "assets" / "digest-search.js"


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is needed to run Pagefind queries in the tests"
    return found


def run_queries(site: Path, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each query's result URLs and bytes fetched, from one Node process."""
    lines = "".join(json.dumps(q) + "\n" for q in queries)
    done = subprocess.run(
        [node(), str(QUERY_RUNNER), str(site)],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(queries)
    return results


def normalise_in_js(queries: list[str]) -> list[str]:
    script = (
        f"require({json.dumps(str(SEARCH_JS))});"
        "const qs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(qs.map(q => globalThis.digestSearch.normaliseQuery(q))));"
    )
    done = subprocess.run(
        [node(), "-e", script], input=json.dumps(queries), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result: list[str] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.58", "p58"), (".580", "p58"), ("1.50", "1p5"), ("6,138", "6138"), ("−.42", "p42")],
)
def test_canonical_value(text: str, value: str) -> None:
    assert canonical_value(text) == value


@pytest.mark.parametrize(
    ("prose", "tokens"),
    [
        ("d = .58", {"ǂdp58ǂ", "ǂp58ǂ"}),
        ("(r = .28, 95% CI [.22, .33])", {"ǂrp28ǂ", "ǂp28ǂ", "ǂp22ǂ", "ǂp33ǂ"}),
        ("ICC = .011", {"ǂiccp011ǂ", "ǂp011ǂ"}),
        ("b = 0.77, t = 1.98, df = 507, p = .048", {"ǂbp77ǂ", "ǂt1p98ǂ", "ǂpp048ǂ"}),
        ("g = −.42", {"ǂgp42ǂ", "ǂp42ǂ"}),
        ("(306 studies, g = .57)", {"ǂgp57ǂ", "ǂp57ǂ"}),
        ("k = 82, N = 6,138", {"ǂk82ǂ", "ǂn6138ǂ"}),
        ("published in 2019 on 120 clients", set()),
    ],
)
def test_prose_tokens(prose: str, tokens: set[str]) -> None:
    assert tokens <= set(text_tokens(prose))
    if not tokens:
        assert list(text_tokens(prose)) == []


def test_effect_tokens_label_each_estimate_and_keep_ci_bounds() -> None:
    effects = (
        Effect(predictor="x", measure="g", value_range=(0.14, 0.49)),
        Effect(predictor="y", measure="OR", value=1.5, ci=(1.2, 1.875)),
    )
    tokens = list(effect_tokens(make_entry(effects=effects)))
    assert tokens == ["ǂgp14ǂ", "ǂp14ǂ", "ǂgp49ǂ", "ǂp49ǂ", "ǂor1p5ǂ", "ǂ1p5ǂ", "ǂ1p2ǂ", "ǂ1p875ǂ"]


def test_entry_without_numbers_carries_no_tokens() -> None:
    assert "es:" not in search_terms(make_entry())
    assert "fx:" not in search_terms(make_entry())


def test_card_effects_are_metadata_pagefind_cannot_index() -> None:
    effect = Effect(
        predictor="empathy", outcome="outcome", measure="r", value=0.28, ci=(0.22, 0.33), k=82
    )
    line = effect_line(effect)
    assert line.split("\t")[1] == "empathy → outcome: r = 0.28 [0.22, 0.33], d = 0.58, k 82"
    assert {"ǂrp28ǂ", "ǂp22ǂ", "ǂdp58ǂ"} <= set(line.split("\t")[0].split())
    hidden = veiled(line)
    assert not any(c.isalnum() for c in hidden)
    assert unveil_in_js(hidden) == line


def unveil_in_js(text: str) -> str:
    script = (
        f"require({json.dumps(str(SEARCH_JS))});"
        "const t = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(globalThis.digestSearch.unveil(t)));"
    )
    done = subprocess.run(
        [node(), "-e", script], input=json.dumps(text), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result: str = json.loads(done.stdout)
    return result


def test_the_page_and_the_query_spell_effect_sizes_alike() -> None:
    queries = ["d = .58", "d=0.58", "0.58", ".58", "g .57", "r = .28", "ICC = .011", "N = 6,138"]
    for query, rewritten in zip(queries, normalise_in_js(queries), strict=True):
        assert set(rewritten.split()) <= set(text_tokens(query)), query


def test_plain_words_pass_through_the_query_rewriting() -> None:
    assert normalise_in_js(["ICC", "empathy d = .58", "2019"]) == ["ICC", "empathy ǂdp58ǂ", "2019"]


ELLIOTT = "/entries/2019-05-elliott-empathy-outcome/"
NORCROSS_2018 = "/entries/2018-11-norcross-relationships-that-work/"
NORCROSS_2023 = "/entries/2023-07-norcross-relationship-work/"
COOPER = "/entries/2021-04-cooper-mindfulness-empathy/"
DELGADILLO = "/entries/2022-10-delgadillo-feedback-therapist-gap/"


def test_effect_size_queries_find_the_entries_reporting_them(demo_site: Path) -> None:
    cases = {
        "d = .58": [ELLIOTT, NORCROSS_2023],
        "0.58": [NORCROSS_2018, ELLIOTT, NORCROSS_2023],
        ".58": [NORCROSS_2018, ELLIOTT, NORCROSS_2023],
        "g .57": [NORCROSS_2018],
        "r = .28": [ELLIOTT, COOPER],
        "ICC": [DELGADILLO],
        "d = .99": [],
    }
    results = run_queries(demo_site, [{"q": q} for q in cases])
    assert {q: r["urls"] for q, r in zip(cases, results, strict=True)} == cases
    assert [r["count"] for r in results] == [len(urls) for urls in cases.values()]


def test_filters_narrow_by_topic_type_and_year(demo_site: Path) -> None:
    queries = [
        {"q": "empathy"},
        {"q": "empathy", "filters": {"topic": "Empathy"}},
        {"q": "empathy", "filters": {"topic": "Empathy", "type": "Meta-analysis"}},
        {"q": "empathy", "filters": {"topic": "Empathy", "type": "Meta-analysis", "year": "2019"}},
    ]
    counts = [r["count"] for r in run_queries(demo_site, queries)]
    assert counts[0] >= counts[1] > counts[2] > counts[3] == 1


def test_only_entry_pages_are_indexed(demo_site: Path) -> None:
    (result,) = run_queries(demo_site, [{"q": "summaries"}])
    assert result["urls"]
    assert all(url.startswith("/entries/") for url in result["urls"])
