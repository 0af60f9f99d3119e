"""Which entries are published: drafts and issues of months to come wait, unless asked for.

An entry with ``draft: true``, or whose issue month is still to come, is checked like any
other but left out of the built site, its feeds and its downloads. ``Showing`` says what
a build or a preview includes; ``shown`` is the one place that decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from digest.common.model import Entry

#: How far ahead an issue month may be scheduled; further is taken for a typo in the year.
MONTHS_AHEAD = 12


@dataclass(frozen=True)
class Showing:
    """What to include beside published entries."""

    drafts: bool = False
    future: bool = False


#: The published site: neither drafts nor issues to come.
PUBLISHED = Showing()
#: A preview: everything, each draft and scheduled entry marked as such on its page.
EVERYTHING = Showing(drafts=True, future=True)


def this_month(today: date) -> str:
    return today.strftime("%Y-%m")


def months_ahead(issue: str, today: date) -> int:
    """How many months ``issue`` (YYYY-MM) lies after ``today``'s month; 0 or less if not."""
    year, month = int(issue[:4]), int(issue[5:7])
    return (year - today.year) * 12 + month - today.month


def scheduled_note(issue: str, today: date) -> str | None:
    """What `check` says of an issue month to come (an error beyond ``MONTHS_AHEAD``)."""
    if not 0 < months_ahead(issue, today) <= MONTHS_AHEAD:
        return None
    return (
        f"issue month {issue} is still to come: build, feeds and downloads leave this entry "
        "out until then (digest build --future includes it)"
    )


def shown(entries: Iterable[Entry], today: date, showing: Showing = PUBLISHED) -> list[Entry]:
    """The entries ``showing`` includes, scheduled ones marked, and references to entries
    left out dropped, so that nothing links to a page that is not there."""
    kept = [
        _marked(entry, months_ahead(entry.issue, today) > 0)
        for entry in entries
        if (showing.drafts or not entry.draft)
        and (showing.future or months_ahead(entry.issue, today) <= 0)
    ]
    ids = {entry.id for entry in kept}
    return [_without_references_outside(entry, ids) for entry in kept]


def _marked(entry: Entry, scheduled: bool) -> Entry:
    # The same object when nothing changes: a preview compares entries after each save.
    if entry.scheduled == scheduled:
        return entry
    return dataclasses.replace(entry, scheduled=scheduled)


def _without_references_outside(entry: Entry, ids: set[str]) -> Entry:
    updates = tuple(ref for ref in entry.updates if ref in ids)
    effects = tuple(
        dataclasses.replace(effect, same_data_as="")
        if effect.same_data_as and effect.same_data_as not in ids
        else effect
        for effect in entry.effects
    )
    if updates == entry.updates and effects == entry.effects:
        return entry
    return dataclasses.replace(entry, updates=updates, effects=effects)


def left_out(entries: Iterable[Entry], today: date, showing: Showing) -> tuple[int, int]:
    """How many drafts and how many scheduled entries ``showing`` leaves out."""
    drafts = scheduled = 0
    for entry in entries:
        if entry.draft and not showing.drafts:
            drafts += 1
        elif months_ahead(entry.issue, today) > 0 and not showing.future:
            scheduled += 1
    return drafts, scheduled
