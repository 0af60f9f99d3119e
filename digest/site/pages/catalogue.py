"""The entries indexed every way the pages list them: by month, topic, type, instrument."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from digest.common.model import Entry
from digest.evidence.overlap import updated_by

RELATED_LIMIT = 5


@dataclass(frozen=True)
class Catalogue:
    """Entries newest first, and the groupings computed once for all pages."""

    entries: tuple[Entry, ...]
    by_month: dict[str, list[Entry]] = field(default_factory=dict)
    by_topic: dict[str, list[Entry]] = field(default_factory=dict)
    by_type: dict[str, list[Entry]] = field(default_factory=dict)
    by_instrument: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Catalogue:
        ordered = tuple(newest_first(entries))
        return cls(
            entries=ordered,
            by_month=_group(ordered, lambda e: [e.issue]),
            by_topic=_group(ordered, lambda e: list(e.topics)),
            by_type=_group(ordered, lambda e: [e.research_type]),
            by_instrument=_group(ordered, lambda e: list(e.instruments)),
        )

    @property
    def months(self) -> list[str]:
        """Issue months, newest first."""
        return list(self.by_month)

    def neighbours(self, issue: str) -> tuple[str | None, str | None]:
        """The issue months before and after ``issue``."""
        months = self.months
        i = months.index(issue)
        return (months[i + 1] if i + 1 < len(months) else None, months[i - 1] if i else None)

    def related(self, entry: Entry) -> list[Entry]:
        """Entries sharing the most topics with ``entry``, then the newest; a fixed few."""
        shared: Counter[str] = Counter()
        for topic in entry.topics:
            for other in self.by_topic[topic]:
                if other.id != entry.id:
                    shared[other.id] += 1
        rank = self._rank
        best = sorted(shared, key=lambda i: (-shared[i], rank[i]))[:RELATED_LIMIT]
        return [self.entries[rank[i]] for i in best]

    def overlaps(self, entry: Entry) -> dict[str, list[Entry]]:
        """The entries ``entry`` updates, and those updating it."""
        rank = self._rank
        later = [self.entries[rank[i]] for i in self._updated_by.get(entry.id, [])]
        return {"updates": [self.entries[rank[i]] for i in entry.updates], "updated_by": later}

    @cached_property
    def _updated_by(self) -> dict[str, list[str]]:
        return updated_by(self.entries)

    @cached_property
    def _rank(self) -> dict[str, int]:
        """Each entry's position, newest first (computed once, used for every entry)."""
        return {e.id: i for i, e in enumerate(self.entries)}


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Newest month first; within a month, alphabetical by title ("YYYY-MM" sorts by date)."""
    by_title = sorted(entries, key=lambda e: e.title.casefold())
    return sorted(by_title, key=lambda e: e.issue, reverse=True)


def _group(
    entries: Sequence[Entry], keys: Callable[[Entry], Iterable[str]]
) -> dict[str, list[Entry]]:
    groups: defaultdict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        for key in keys(e):
            groups[key].append(e)
    return dict(groups)
