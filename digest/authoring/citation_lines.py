"""Where a printed citation starts and ends on a page.

A citation may stand on one line or be wrapped over several (inside its author list,
its title or its journal), carry a "Reference:" label on its own line, and have its DOI
on the line after. A following line is taken into a citation only when it makes the
citation whole (a journal with volume, pages or DOI; a book; a publisher), so a summary's
first sentence is never read as the end of its citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.authoring.page_lines import AUTHOR_LIKE, Kind, Line, is_citation
from digest.citations.printed import parse_citation

#: Lines a wrapped citation may continue over, after its first.
MAX_CONTINUATION = 3
_LINK_ONLY = re.compile(r"(?:https?://\S+|doi:\s*10\.\S+)", re.I)
_OPEN_AUTHOR_LIST = re.compile(r"(?:,|&|\band)$")
_SKIPPED = (Kind.FURNITURE, Kind.EMAIL)


@dataclass(frozen=True)
class CitationSpan:
    """A citation as it stands on the page: indexes of its first and last line (into
    the page's non-blank lines), its text joined, and whether it names its source."""

    first: int
    last: int
    text: str
    has_source: bool
    lines: tuple[int, ...]


def find_citations(lines: list[Line]) -> list[CitationSpan]:
    """Every citation on the page, in order; no line belongs to two."""
    spans: list[CitationSpan] = []
    index = 0
    while index < len(lines):
        span = _span_at(lines, index)
        if span is None:
            index += 1
        else:
            spans.append(span)
            index = span.last + 1
    return spans


def _span_at(lines: list[Line], index: int) -> CitationSpan | None:
    head = _head(lines, index)
    if head is None:
        return None
    taken, text = head
    taken, text = _continued(lines, taken, text)
    taken, text = _link_after(lines, taken, text)
    numbers = tuple(lines[i].number for i in taken)
    return CitationSpan(index, taken[-1], text, has_source(text), numbers)


def _head(lines: list[Line], index: int) -> tuple[list[int], str] | None:
    """The lines that hold the citation's "Authors (Year)." start, and their text."""
    line = lines[index]
    if line.kind is Kind.CITATION:
        return [index], line.value
    following = _following(lines, index, 2)
    if line.kind is Kind.LABEL and following:
        after = _head(lines, following[0])
        return ([index, *after[0]], after[1]) if after else None
    if line.kind is Kind.TEXT and opens_author_list(line.text):
        taken, text = [index], line.text
        for next_index in following:
            if lines[next_index].kind not in (Kind.TEXT, Kind.CITATION):
                return None
            taken, text = [*taken, next_index], f"{text} {lines[next_index].text}"
            if is_citation(text):
                return taken, text
    return None


def opens_author_list(text: str) -> bool:
    """Whether a line is the start of an author list cut before its year."""
    return bool(AUTHOR_LIKE.match(text) and _OPEN_AUTHOR_LIST.search(text) and "(" not in text)


def _continued(lines: list[Line], taken: list[int], text: str) -> tuple[list[int], str]:
    """The citation with the lines that complete it, when it stops short of its source."""
    if is_whole(text) or (text.endswith(".") and has_source(text)):
        return taken, text
    candidates = list(taken)
    joined = text
    for index in _following(lines, taken[-1], MAX_CONTINUATION):
        if lines[index].kind is not Kind.TEXT:
            break
        candidates = [*candidates, index]
        joined = f"{joined} {lines[index].text}"
        if is_whole(joined, exactly=True):
            return candidates, joined
    return taken, text


def _link_after(lines: list[Line], taken: list[int], text: str) -> tuple[list[int], str]:
    """A DOI or URL printed on its own line under the citation belongs to it."""
    following = _following(lines, taken[-1], 1)
    parsed = parse_citation(text)
    if not following or parsed is None or {"doi", "url"} & parsed.fields.keys():
        return taken, text
    index = following[0]
    if not _LINK_ONLY.fullmatch(lines[index].text):
        return taken, text
    return [*taken, index], f"{text} {lines[index].text}"


def _following(lines: list[Line], after: int, count: int) -> list[int]:
    """The indexes of the next ``count`` lines that are not furniture."""
    found: list[int] = []
    for index in range(after + 1, len(lines)):
        if len(found) == count:
            break
        if lines[index].kind not in _SKIPPED:
            found.append(index)
    return found


def has_source(text: str) -> bool:
    """Whether the citation names where it was published: a journal, book or publisher."""
    parsed = parse_citation(text)
    return parsed is not None and bool({"journal", "booktitle", "publisher"} & parsed.fields.keys())


def is_whole(text: str, exactly: bool = False) -> bool:
    """Whether the citation reads as complete: a journal with volume, pages, status or a
    link, a book, or a publisher; and it ends where a reference ends. ``exactly``: and
    every part of it was understood (as lines taken under a citation must be)."""
    parsed = parse_citation(text)
    if parsed is None or not re.search(r"[.)]$|\d$|\S+/\S+$", text):
        return False
    if exactly and parsed.notes:
        return False
    fields = parsed.fields
    if "booktitle" in fields or "publisher" in fields:
        return True
    details = {"volume", "pages", "pubstate", "doi", "url"}
    return "journal" in fields and bool(details & fields.keys())
