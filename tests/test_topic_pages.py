"""Topic pages stay a readable size however large the archive grows."""

from __future__ import annotations

import re

from conftest import make_entry

from digest.common.model import Count, Effect
from digest.site.held import release
from digest.site.pages import Catalogue, Context
from digest.site.pages.browse import EFFECTS_LISTED, MATRIX_ROWS, topic_pages


def archive(entries: int, effects_each: int) -> Context:
    made = [
        make_entry(
            id=f"{2000 + i // 12}-{i % 12 + 1:02d}-study-{i}",
            issue=f"{2000 + i // 12}-{i % 12 + 1:02d}",
            effects=tuple(
                Effect(predictor=f"p{i}-{j}", outcome="o", measure="r", value=0.2, k=Count(j + 1))
                for j in range(effects_each)
            ),
        )
        for i in range(entries)
    ]
    return Context(catalogue=Catalogue.of(made), site_name="Test")


def effect_rows(markdown: str) -> list[str]:
    section = release(markdown).split("## Effect sizes", 1)[1]
    return re.findall(r'<tr class="digest-row digest-effect">.*?</tr>', section, re.DOTALL)


def matrix_rows(markdown: str) -> list[str]:
    section = release(markdown).split("## Evidence at a glance", 1)[1].split("\n## ", 1)[0]
    return re.findall(r'<tr class="digest-row">.*?</tr>', section, re.DOTALL)


def test_a_large_topic_lists_the_newest_effects_and_links_the_explorer() -> None:
    page = topic_pages(archive(60, 3))["topics/empathy.md"]
    rows = effect_rows(page)
    assert len(rows) == EFFECTS_LISTED
    assert "2004-12-study-59" in rows[0]  # newest first
    assert f"The {EFFECTS_LISTED} newest of the 180 effect sizes" in page
    assert len(matrix_rows(page)) == MATRIX_ROWS
    assert f"These are the {MATRIX_ROWS} rows pooling the most studies, of 180" in page
    assert page.count("(../evidence/index.md?topic=Empathy)") == 2


def test_a_small_topic_lists_every_effect() -> None:
    page = topic_pages(archive(5, 3))["topics/empathy.md"]
    assert len(effect_rows(page)) == 15
    assert len(matrix_rows(page)) == 15
    assert "Every effect size reported by the summaries above." in page
    assert "evidence/index.md?topic=" not in page
