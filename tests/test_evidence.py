"""Effect sizes on the site: forest plots, the evidence matrix, the explorer's data, the
open-data downloads and `digest export`."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import REPO, make_entry

from digest.cli import cli
from digest.common.model import Count, Effect
from digest.entries.vocab import vocabulary
from digest.evidence.exports import dictionary
from digest.evidence.matrix import evidence_matrix, heterogeneity

POINT = re.compile(r'aria-roledescription="point"')


@pytest.fixture(scope="module")
def db(demo_site: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(demo_site / "evidence.duckdb"), read_only=True)


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")


def points(svg: Path) -> int:
    return len(POINT.findall(svg.read_text("utf-8")))


# A topic's independent estimates: without those superseded by, or reported again from
# the data of, another of the topic's entries (pooled views count them once).
TOPIC_ESTIMATES = """
with labels as (select distinct topic from entry_topics where topic_slug = $slug),
topic as (select * from evidence
          where (entry_id, effect_no) in (select entry_id, effect_no from effect_topics
                                          where topic in (select topic from labels))),
ids as (select distinct entry_id from topic)
select count(*) filter (where d is not null), count(*) filter (where d is null) from topic
where not list_has_any(superseded_by, (select list(entry_id) from ids))
  and coalesce(same_data_as, '') not in (select entry_id from ids)
"""


def topic_counts(db: duckdb.DuckDBPyConnection, slug: str) -> tuple[int, int]:
    row = db.execute(TOPIC_ESTIMATES, {"slug": slug}).fetchone()
    assert row is not None
    return row[0], row[1]


@pytest.mark.parametrize("term", vocabulary().topics, ids=lambda t: t.slug)
def test_topic_forest_plot_shows_every_convertible_effect(
    demo_site: Path, db: duckdb.DuckDBPyConnection, term: object
) -> None:
    slug = term.slug  # type: ignore[attr-defined]
    convertible, other = topic_counts(db, slug)
    svg = demo_site / "charts" / f"topic-{slug}.svg"
    page = html(demo_site, f"topics/{slug}")
    if convertible:
        assert points(svg) == convertible
        spec = json.loads((demo_site / "charts" / f"topic-{slug}.vl.json").read_text("utf-8"))
        assert len(spec_rows(spec)) == convertible
        drawing = page.select_one("figure.digest-chart .digest-chart-static")
        assert drawing is not None and drawing["aria-label"].startswith(
            f"Forest plot of {convertible} "
        )
        assert len(POINT.findall(str(drawing))) == convertible
    else:
        assert not svg.exists()
    left = page.find(string=re.compile("Not in the plot"))
    listed = len(left.find_next("ul").select("li")) if left else 0  # type: ignore[union-attr]
    assert listed == other


def test_plot_points_link_to_their_entries(demo_site: Path) -> None:
    spec = json.loads((demo_site / "charts" / "topic-empathy.vl.json").read_text("utf-8"))
    for row in spec_rows(spec):
        target = (demo_site / "topics" / "empathy" / row["href"] / "index.html").resolve()
        assert target.is_file(), row["href"]


def spec_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for values in spec["datasets"].values() for r in values if "row" in r]


def test_entry_plot_uses_the_shared_measure(demo_site: Path) -> None:
    page = html(demo_site, "entries/2025-01-abargil-therapist-emotions")
    figure = page.select_one("figure.digest-chart-auto")
    assert figure is not None and figure["aria-label"]
    spec_file = demo_site / "entries" / "2025-01-abargil-therapist-emotions" / figure["data-spec"]
    spec = json.loads(spec_file.resolve().read_text("utf-8"))
    assert len(spec_rows(spec)) == 8
    assert "Unstandardised coefficient b" in json.dumps(spec)
    # Drawn in the browser only: no static SVG per entry (see digest/site/pages/entry.py).
    assert not (demo_site / "charts" / "entry-2025-01-abargil-therapist-emotions.svg").exists()
    single = html(demo_site, "entries/2019-05-elliott-empathy-outcome")
    assert single.select_one("figure.digest-chart") is None


def test_derived_interval_is_shown_and_marked(demo_site: Path) -> None:
    page = html(demo_site, "entries/2025-01-abargil-therapist-emotions")
    effect = page.select_one(".digest-effects tr.digest-effect")
    assert effect is not None
    assert "95% CI [0.006, 1.534]" in " ".join(effect.get_text(" ").split())
    note = effect.find_next_sibling("tr")
    assert note is not None and "digest-effect-note" in note["class"]
    assert note.get_text(" ", strip=True) == "Note: 95% CI computed from t and df"


def test_empathy_matrix_row(demo_site: Path) -> None:
    page = html(demo_site, "topics/empathy")
    heading = page.find("h2", id="evidence-at-a-glance")
    assert heading is not None
    table = heading.find_next("table")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]  # type: ignore[union-attr]
    # Elliott et al. 2011 is superseded by its 2018 update: one estimate, k never summed
    # (it was "medium (d = 0.62)", k 139, 2 summaries, "consistent").
    assert [
        "therapist empathy → client outcome",
        "medium (d = 0.58)",
        "positive",
        "82",
        "1",
        "one estimate",
        "2019",
    ] in rows


def test_matrix_consistency_and_direction() -> None:
    a, b = make_entry(id="2020-01-a"), make_entry(id="2021-01-b", issue="2021-01")
    same = [(a, Effect("x", "r", "y", value=0.3)), (b, Effect("X ", "d", "y", value=0.7))]
    assert evidence_matrix(same)[0].consistency == "no intervals to compare"
    sizes = [(a, Effect("x", "d", value=0.3)), (b, Effect("x", "d", value=0.9, k=Count(5)))]
    row = evidence_matrix(sizes)[0]
    assert (row.consistency, row.k, row.newest, row.magnitude) == (
        "no intervals to compare",
        5,
        2021,
        "medium",
    )
    mixed = [(a, Effect("x", "b", value=1.0)), (b, Effect("x", "b", value=-1.0))]
    row = evidence_matrix(mixed)[0]
    assert (row.direction, row.consistency, row.magnitude) == ("mixed", "directions differ", None)


def test_explorer_data_has_every_effect(demo_site: Path, db: duckdb.DuckDBPyConnection) -> None:
    data = json.loads((demo_site / "evidence" / "effects.json").read_text("utf-8"))
    assert db.execute("select count(*) from effects").fetchone() == (len(data["rows"]),)
    first = dict(zip(data["fields"], data["rows"][0], strict=True))
    assert (demo_site / "evidence" / first["entry"] / "index.html").resolve().is_file()
    convertible = db.execute("select count(*) from effects where d is not null").fetchone()
    assert convertible == (sum(r[data["fields"].index("d")] is not None for r in data["rows"]),)


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("evidence.csv", "read_csv"),
        ("evidence.parquet", "read_parquet"),
        ("evidence.json", "read_json"),
    ],
)
def test_downloads_open_with_every_effect(
    demo_site: Path, db: duckdb.DuckDBPyConnection, name: str, reader: str
) -> None:
    effects = db.execute("select count(*) from effects").fetchone()
    with duckdb.connect() as con:
        cursor = con.execute(f"select * from {reader}(?)", [str(demo_site / name)])
        assert [d[0] for d in cursor.description] == [c.name for c in dictionary()]
        assert len(cursor.fetchall()) == effects[0]  # type: ignore[index]


def test_duckdb_download_has_the_evidence_view(
    demo_site: Path, db: duckdb.DuckDBPyConnection
) -> None:
    assert (
        db.execute("select count(*) from evidence").fetchone()
        == db.execute("select count(*) from effects").fetchone()
    )
    columns = [row[0] for row in db.execute("describe evidence").fetchall()]
    assert columns == [c.name for c in dictionary()]


def test_evidence_page_links_downloads_and_dictionary(demo_site: Path) -> None:
    page = html(demo_site, "evidence")
    hrefs = {str(a["href"]) for a in page.select("article a[href]")}
    for name in ("evidence.csv", "evidence.parquet", "evidence.json", "evidence.duckdb"):
        assert f"../{name}" in hrefs
        assert (demo_site / name).is_file()
    assert "data/" in hrefs
    dictionary_page = html(demo_site, "evidence/data")
    names = [code.get_text() for code in dictionary_page.select("tbody tr td:first-child code")]
    assert names == [c.name for c in dictionary()]


def test_overview_plots_pooled_estimates(demo_site: Path, db: duckdb.DuckDBPyConnection) -> None:
    # One point per meta-analysis: superseded and shared estimates are left out.
    pooled = db.execute(
        "select count(*) from evidence where k > 1 and d is not null"
        " and len(superseded_by) = 0 and same_data_as is null"
    ).fetchone()
    assert pooled is not None
    assert points(demo_site / "charts" / "overview.svg") == pooled[0]


def test_export_command_writes_the_chosen_formats(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["export", "--project", str(REPO), "--out", str(out), "--format", "csv"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["evidence.csv"]
    result = CliRunner().invoke(cli, ["export", "--project", str(REPO), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["evidence.csv", "evidence.duckdb", "evidence.json", "evidence.parquet"]
    with duckdb.connect(str(out / "evidence.duckdb"), read_only=True) as con:
        count = con.execute("select count(*) from effects").fetchone()
    with duckdb.connect() as con:
        csv_count = con.execute("select count(*) from read_csv(?)", [str(out / "evidence.csv")])
        assert csv_count.fetchone() == count


@pytest.mark.parametrize(
    ("measures", "k", "n"),
    [
        (("r", "d", "OR"), Count(40), Count(900)),
        (("b", "b"), None, Count(120)),
        (("g",), None, None),
    ],
    ids=["weighted-by-k", "weighted-by-n", "unweighted"],
)
def test_forest_spec_is_valid_vega_lite_with_its_own_rows(
    measures: tuple[str, ...], k: Count | None, n: Count | None
) -> None:
    # Specs are filled into a template Altair validated once per kind of plot; each
    # filled spec must still be valid, with its rows in order and nothing of another plot.
    import altair as alt

    import digest.site.pages  # noqa: F401  (digest.site.forest and digest.site.pages import each other)
    from digest.site.forest import entry_scale, forest_spec, place

    effects = tuple(
        Effect(predictor=f"p{i}", outcome="o", measure=m, value=0.1 * (i + 1), k=k, n=n)
        for i, m in enumerate(measures)
    )
    entry = make_entry(effects=effects)
    scale = entry_scale(effects) or "d"
    placed, _ = place([(entry, f) for f in effects], scale)
    first = forest_spec(placed, scale, lambda e: f"../{e.id}/")
    again = forest_spec(placed[:1], scale, lambda e: "x/")
    alt.LayerChart.from_dict(first, validate=True)
    rows = spec_rows(first)
    assert [r["value"] for r in rows] == sorted((r["value"] for r in rows), reverse=True)
    assert {r["href"] for r in rows} == {"../2020-01-smith/"}
    tops = [r["label_y"] for r in rows]
    assert tops == sorted(tops) and all(r["label_y"] < r["point_y"] for r in rows)
    assert len(spec_rows(again)) == 1 and len(rows) == len(placed)
    assert ('"field": "weight"' in json.dumps(first)) == bool(k or n)


def _with_variance(d: float, var: float, k: int) -> Effect:
    half = 1.959963984540054 * math.sqrt(var)
    return Effect("x", "d", "y", value=d, ci=(d - half, d + half), k=Count(k))


def test_matrix_pools_by_precision_and_judges_agreement_by_i2() -> None:
    # metafor: rma(yi = c(.3, .5, .9), vi = c(.01, .02, .04), method = "FE") gives
    # QE = 7.428571, I2 = 73.08%, estimate 0.442857.
    entries = [make_entry(id=f"202{i}-01-x{i}", issue=f"202{i}-01") for i in range(3)]
    effects = [
        _with_variance(0.3, 0.01, 80),
        _with_variance(0.5, 0.02, 3),
        _with_variance(0.9, 0.04, 2),
    ]
    (row,) = evidence_matrix(list(zip(entries, effects, strict=True)))
    assert row.typical_d == pytest.approx(0.442857142857, abs=1e-9)
    assert row.consistency == "heterogeneous (I² = 73%)"
    assert heterogeneity([0.3, 0.5, 0.9], [0.01, 0.02, 0.04]) == pytest.approx(0.73076923077)
    # Two close estimates: Q below its df, I² = 0.
    close = [_with_variance(0.5, 0.02, 10), _with_variance(0.52, 0.02, 10)]
    (row,) = evidence_matrix(list(zip(entries, close, strict=False)))
    assert row.consistency == "consistent (I² = 0%)"


def test_matrix_weighs_by_k_without_intervals() -> None:
    # An unweighted median of .79 (k 80), .2 and .1 (one study each) would be .2.
    entries = [make_entry(id=f"202{i}-01-x{i}", issue=f"202{i}-01") for i in range(3)]
    effects = [Effect("x", "d", value=v, k=Count(k)) for v, k in ((0.79, 80), (0.2, 1), (0.1, 1))]
    (row,) = evidence_matrix(list(zip(entries, effects, strict=True)))
    assert row.typical_d == pytest.approx((0.79 * 80 + 0.2 + 0.1) / 82)
    assert row.magnitude == "medium"


def test_the_explorer_says_which_benchmarks_label_magnitude(demo_site: Path) -> None:
    text = " ".join(html(demo_site, "evidence").get_text(" ", strip=True).split())
    assert "a reported r by his benchmarks for r (small from .1, medium from .3" in text
