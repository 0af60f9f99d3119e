"""Index pages that list the archive: instruments with counts, years with neighbours."""

from __future__ import annotations

from conftest import make_entry

from digest.site.pages import Catalogue, Context
from digest.site.pages.browse import instrument_page
from digest.site.pages.issues import issue_pages


def context_of(*entries: object) -> Context:
    return Context(catalogue=Catalogue.of(list(entries)), site_name="Test")  # type: ignore[arg-type]


def test_instruments_in_use_come_first_with_their_counts() -> None:
    used = [
        make_entry(id=f"2020-0{i}-study", issue=f"2020-0{i}", instruments=("SRS",)) for i in (1, 2)
    ]
    page = instrument_page(context_of(*used))["instruments.md"]
    assert "| [SRS: Session Rating Scale](#srs) | 2 |" in page
    assert "## SRS: Session Rating Scale { #srs }" in page
    assert "## Not yet in any summary { #unused }" in page
    assert '<span id="ors">ORS (Outcome Rating Scale)</span>' in page
    assert "## ORS" not in page


def test_year_pages_link_the_years_beside_them() -> None:
    entries = [make_entry(id=f"{y}-03-study", issue=f"{y}-03") for y in (2019, 2021, 2022)]
    pages = issue_pages(context_of(*entries))
    assert "[← 2019](../2019/index.md)" in pages["2021/index.md"]
    assert "[2022 →](../2022/index.md)" in pages["2021/index.md"]
    assert "←" not in pages["2019/index.md"]
    assert "→" not in pages["2022/index.md"]
    # The month heads its entries; it is not repeated after each of them.
    assert "· March 2021" not in pages["2021/index.md"]
