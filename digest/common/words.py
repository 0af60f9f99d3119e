"""Counts as people say them: "1 entry", "2 entries", "1 warning"."""

from __future__ import annotations

#: Plurals that are not the noun with an "s".
_IRREGULAR = {"entry": "entries", "summary": "summaries", "study": "studies"}


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless the count is one."""
    return f"{count} {noun_for(count, noun)}"


def noun_for(count: int, noun: str) -> str:
    """``noun``, plural unless ``count`` is one."""
    return noun if count == 1 else _IRREGULAR.get(noun, noun + "s")
