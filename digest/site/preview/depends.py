"""Which pages an edit touches: the pages that show something of the entries that changed.

An entry shows whole on its own page and its month's (and on "Latest issue" and, as a
teaser, on the home page when it is in the newest month). Its title, month, type, topics
and instruments show in lists and counts: its year's page, its topics' and its type's
pages, the archive, the indexes and, by title, month and type, the "Related" lists of
entries sharing a topic. Its effects and citation show on its topics' pages and the
Evidence pages. An edit touches those pages of the entry as it was and as it is, and
only for what changed: a word of a summary touches its page, its month's and no other.
``tests/test_preview_pages.py`` holds the pages written this way to those a whole
generation writes.
"""

from __future__ import annotations

from digest.common.model import Entry
from digest.entries.vocab import vocabulary
from digest.site.pages import paths
from digest.site.pages.catalogue import Catalogue


def touched_pages(old: Catalogue, new: Catalogue, changed: set[str]) -> set[str]:
    """The paths of the pages whose content may differ between ``old`` and ``new``, the
    entries ``changed`` being the only ones that differ."""
    before = {e.id: e for e in old.entries}
    after = {e.id: e for e in new.entries}
    pairs = [(before.get(i), after.get(i)) for i in sorted(changed)]
    versions = [e for pair in pairs for e in pair if e]
    listed = [e for a, b in pairs if _listing(a) != _listing(b) for e in (a, b) if e]
    with_effects = [e for a, b in pairs if _evidence(a) != _evidence(b) for e in (a, b) if e]
    pages = {paths.entry(i) for i in changed if i in after}
    pages |= _issue_pages(old, new, versions, listed)
    pages |= {p for e in {*listed, *with_effects} for p in _browse_pages(e)}
    if listed:
        pages |= {paths.HOME, paths.ARCHIVE, paths.TOPICS, paths.TYPES, paths.INSTRUMENTS}
        pages.add(paths.SEARCH)  # it counts the summaries of each topic, type, instrument
    if with_effects:
        pages |= {paths.EVIDENCE, paths.EXPLORER_DATA}
    pages |= _linking_pages(old, new, changed, versions, listed)
    return pages


def _listing(entry: Entry | None) -> tuple[object, ...] | None:
    """What lists and counts of entries show of one (archive, years, indexes, related)."""
    if entry is None:
        return None
    return entry.id, entry.title, entry.issue, entry.research_type, entry.topics, entry.instruments


def _evidence(entry: Entry | None) -> tuple[object, ...] | None:
    """What the effect listings (topics, Evidence, the explorer) show of an entry."""
    if entry is None:
        return None
    return _listing(entry), entry.effects, entry.citation, entry.updates


def _issue_pages(
    old: Catalogue, new: Catalogue, versions: list[Entry], listed: list[Entry]
) -> set[str]:
    if old.months != new.months:  # a month came or went: its neighbours' links change
        months = {*old.months, *new.months}
        years = {int(m[:4]) for m in months}
        return {paths.THIS_MONTH, *map(paths.month, months), *map(paths.year, years)}
    pages = {paths.month(e.issue) for e in versions} | {paths.year(e.year) for e in listed}
    if any(e.issue in {*old.months[:1], *new.months[:1]} for e in versions):
        pages |= {paths.THIS_MONTH, paths.HOME}  # the home page shows the latest issue
    return pages


def _browse_pages(entry: Entry) -> set[str]:
    topics = {*entry.topics, *(t for f in entry.effects for t in f.topics)}
    terms = vocabulary()
    pages = {paths.topic(terms.term("topics", t).slug) for t in topics}
    return pages | {paths.research_type(entry.research_type)}


def _linking_pages(
    old: Catalogue, new: Catalogue, changed: set[str], versions: list[Entry], listed: list[Entry]
) -> set[str]:
    """Entry pages of other entries whose related or overlapping entries now show
    differently.

    "Related" lists rank and show entries by what ``_listing`` holds, so only an entry
    whose listing changed can change them (a word of a summary changes none); the pages
    of the entries it updates, or that update it, show more of it and are always compared.
    """
    topics = {t for e in listed for t in e.topics}
    near = {e.id for t in topics for c in (old, new) for e in c.by_topic.get(t, [])}
    near |= {i for e in versions for i in e.updates}
    near |= {e.id for e in new.entries if changed.intersection(e.updates)}
    before = {e.id: e for e in old.entries}
    pages = set()
    for entry in new.entries:
        if entry.id not in near or entry.id in changed or entry.id not in before:
            continue
        if _links(old, before[entry.id]) != _links(new, entry):
            pages.add(paths.entry(entry.id))
    return pages


def _links(catalogue: Catalogue, entry: Entry) -> tuple[object, ...]:
    """What an entry page shows of other entries."""
    related = tuple(_face(e) for e in catalogue.related(entry))
    overlaps = catalogue.overlaps(entry)
    return related, tuple(tuple(v) for v in overlaps.values())


def _face(entry: Entry) -> tuple[str, ...]:
    """What a list of links shows of an entry."""
    return entry.id, entry.title, entry.issue, entry.research_type
