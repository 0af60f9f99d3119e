"""Counts read as sentences: one entry, two entries."""

from __future__ import annotations

import pytest

from digest.common.words import counted


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "entry", "1 entry"),
        (0, "entry", "0 entries"),
        (2, "entry", "2 entries"),
        (1, "warning", "1 warning"),
        (3, "warning", "3 warnings"),
        (2, "summary", "2 summaries"),
    ],
)
def test_a_count_and_its_noun(count: int, noun: str, said: str) -> None:
    assert counted(count, noun) == said
