"""Meta-analyses that share studies, counted once.

An entry that ``updates`` another supersedes it, and an estimate marked ``same_data_as``
another entry comes from that entry's data. Pooled views (the evidence matrix, the
forest plots of topics and of the evidence page) keep only independent estimates, so
that neither an estimate nor its studies are counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from digest.common.model import Effect, Entry


def independent(pairs: Iterable[tuple[Entry, Effect]]) -> list[tuple[Entry, Effect]]:
    """``pairs`` without estimates whose update, or whose other report, is among them."""
    pairs = list(pairs)
    present = {entry.id for entry, _ in pairs}
    superseded = {old for entry, _ in pairs for old in entry.updates}
    return [
        (entry, f)
        for entry, f in pairs
        if entry.id not in superseded and f.same_data_as not in present
    ]


def updated_by(entries: Sequence[Entry]) -> dict[str, list[str]]:
    """For each entry that another updates, the ids of the entries updating it."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for old in entry.updates:
            found[old].append(entry.id)
    return dict(found)
