"""A legacy archive page (text) -> its summaries, as lines grouped per summary.

Two layouts are read. In the first, a month line ("November 2023") is followed, per
summary, by a title, the citation, the summary, "Practice Implications" and the
implications. In the second, a summary starts with "Clinical summary: Title" and its
citation comes last. Lines that belong to no summary are reported, not dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.common.errors import Problem

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_LINE = re.compile(r"^(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>(?:19|20)\d{2})$")
_IMPLICATIONS = re.compile(r"^(?:Practice|Clinical)\s+Implications\s*:?$", re.I)
_CLINICAL_SUMMARY = re.compile(r"^Clinical\s+summary\s*[:–—-]\s*(?P<title>.+)$", re.I)
_CITATION_HEAD = re.compile(r"^[^()]{2,800}?\((?:19|20)\d{2}[a-z]?(?:,[^)]*)?\)\.")
_AUTHOR_LIKE = re.compile(r"^[^\W\d][\w'’ -]*,\s*[A-Z]\.")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SENTENCE_END = re.compile(r"[.!?:…”\"')\]]$")


@dataclass
class Summary:
    """One summary's lines as found on the page, before they become an entry."""

    title: str
    line: int
    issue: str | None
    citation: str = ""
    citation_line: int = 0
    summary: list[str] = field(default_factory=list)
    implications: list[str] = field(default_factory=list)
    in_implications: bool = False


def is_citation(line: str) -> bool:
    """Whether a line reads as a reference: "Family, I., … (2023). …"."""
    return bool(_CITATION_HEAD.match(line) and _AUTHOR_LIKE.match(line))


def month_of(line: str) -> str | None:
    """ "November 2023" (or "Nov. 2023") -> "2023-11"; None for any other line."""
    match = _MONTH_LINE.match(line)
    if not match:
        return None
    name = match["month"].lower()
    found = [i for i, m in enumerate(_MONTHS, 1) if m == name or (len(name) >= 3 and m[:3] == name)]
    return f"{match['year']}-{found[0]:02d}" if found else None


class _Reader:
    """Walks the page's lines once, cutting them into summaries."""

    def __init__(self, source: str, issue: str | None, citation_last: bool) -> None:
        self.source = source
        self.citation_last = citation_last
        self.issue = issue
        self.current: Summary | None = None
        self.summaries: list[Summary] = []
        self.notes: list[Problem] = []
        self.header: list[int] = []
        self.seen_start = False

    def read(self, lines: list[tuple[int, str]]) -> list[Summary]:
        for index, (number, line) in enumerate(lines):
            following = lines[index + 1][1] if index + 1 < len(lines) else ""
            self._line(number, line, following)
        self._close()
        return self.summaries

    def _line(self, number: int, line: str, following: str) -> None:
        month, clinical = month_of(line), _CLINICAL_SUMMARY.match(line)
        if month:
            self._close()
            self.issue, self.seen_start = month, True
        elif clinical:
            self._open(clinical["title"], number)
        elif is_citation(line):
            self._citation(number, line)
        elif is_citation(following) and self._expects_title():
            self._open(line, number)
        elif self.current is None:
            self._outside(number, line)
        elif _IMPLICATIONS.match(line):
            self.current.in_implications = True
        elif _EMAIL.search(line) and len(line) < 200:
            self._note(number, "(line)", f"left out, an e-mail line: '{line}'")
        else:
            part = (
                self.current.implications if self.current.in_implications else self.current.summary
            )
            _add_line(part, line)

    def _expects_title(self) -> bool:
        """Whether a line just before a citation is a title (and not prose ending a summary)."""
        current = self.current
        if self.citation_last:
            return False
        return current is None or bool(current.citation) or current.in_implications

    def _outside(self, number: int, line: str) -> None:
        if self.seen_start:
            self._open(line, number)  # the line after a month line, or after a last citation
        else:
            self.header.append(number)

    def _open(self, title: str, number: int) -> None:
        self._close()
        self.current = Summary(title.strip(), number, self.issue)
        self.seen_start = True

    def _citation(self, number: int, line: str) -> None:
        current = self.current
        if current is None or current.citation:
            self._note(number, "citation", "a citation with no title before it; left out")
            return
        current.citation, current.citation_line = line, number
        if current.in_implications or current.summary:
            self._close()  # the citation-last layout: the citation ends the summary

    def _close(self) -> None:
        if self.current is not None:
            self.summaries.append(self.current)
        self.current = None

    def _note(self, number: int, name: str, message: str) -> None:
        self.notes.append(Problem(self.source, number, name, message, "warning"))


def _add_line(paragraphs: list[str], line: str) -> None:
    """A line continues the paragraph before it when that one stopped mid-sentence."""
    if paragraphs and not _SENTENCE_END.search(paragraphs[-1]):
        paragraphs[-1] += " " + line
    else:
        paragraphs.append(line)


def read_summaries(
    text: str, source: str, issue: str | None = None
) -> tuple[list[Summary], list[Problem]]:
    """The summaries on a page, and notes on the lines that belong to none."""
    numbered = [(n, " ".join(line.split())) for n, line in enumerate(text.splitlines(), 1)]
    lines = [(n, line) for n, line in numbered if line]
    reader = _Reader(source, issue, _citation_last([line for _, line in lines]))
    summaries = reader.read(lines)
    return summaries, _header_note(source, reader.header) + reader.notes


def _citation_last(lines: list[str]) -> bool:
    """Whether the page puts each citation after the summary ("Clinical summary: Title"
    first), judged by where its first citation stands against the first implications."""
    if any(_CLINICAL_SUMMARY.match(line) for line in lines):
        return True
    citation = next((i for i, line in enumerate(lines) if is_citation(line)), len(lines))
    heading = next((i for i, line in enumerate(lines) if _IMPLICATIONS.match(line)), len(lines))
    return heading < citation


def _header_note(source: str, lines: list[int]) -> list[Problem]:
    """One note for the page header's lines, not one per line."""
    if not lines:
        return []
    span = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
    message = f"skipped {span}: the page header before the first summary"
    return [Problem(source, lines[0], "(line)", message, "warning")]
