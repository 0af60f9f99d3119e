"""A legacy archive page (text) -> its summaries, each with the lines it came from.

The page's structure is found before it is cut: every line is classified first
(page_lines.py), every citation located (citation_lines.py), and only then are the
summaries' boundaries set. Two layouts are read. In the first, a summary is a title,
its citation (right under it), the summary, an implications heading and the
implications. In the second, a summary opens with "Clinical summary: Title" (or, with no
such headings, with the first line after a month line or a citation) and its citation
comes last. A summary's text never crosses into another's: a citation with no title
above it opens a summary that is reported and not imported, rather than lending its
text to the summary before. Every line that belongs to no summary is reported.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from digest.authoring.citation_lines import CitationSpan, find_citations, opens_author_list
from digest.authoring.page_lines import Kind, Line, bullet_item, classify
from digest.common.errors import Problem

_SENTENCE_END = re.compile(r"[.!?:…”\"')\]]$")
#: Lines looked through between a title and its citation (a byline, a date).
_BETWEEN_TITLE_AND_CITATION = (Kind.FURNITURE, Kind.EMAIL, Kind.MONTH)
_MAX_TITLE = 200


@dataclass
class Part:
    """The paragraphs of a summary or its implications, and the page lines they hold."""

    paragraphs: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, number: int, text: str) -> None:
        """A line continues the paragraph before it when that one stopped mid-sentence;
        a bullet starts an item of its own."""
        self.lines.append(number)
        item = bullet_item(text)
        if item is not None:
            self.paragraphs.append(f"- {item}")
        elif self.paragraphs and not _SENTENCE_END.search(self.paragraphs[-1]):
            self.paragraphs[-1] += " " + text
        else:
            self.paragraphs.append(text)


@dataclass
class Summary:
    """One summary as found on the page, before it becomes an entry."""

    title: str
    line: int
    issue: str | None
    citation: str = ""
    citation_lines: tuple[int, ...] = ()
    cited_source: bool = False
    summary: Part = field(default_factory=Part)
    implications: Part = field(default_factory=Part)
    heading_found: bool = False

    def doubts(self) -> list[tuple[str, str]]:
        """(field, why) for each part that could not be read completely."""
        found: list[tuple[str, str]] = []
        if not self.title:
            found.append(("title", "a citation with no title line above it"))
        if not self.citation:
            found.append(("citation", "no citation found for it"))
        elif not self.cited_source:
            cut_short = "the citation looks cut short: no journal, book or publisher"
            found.append(("citation", cut_short))
        if not self.summary.paragraphs:
            found.append(("summary", "no summary text found"))
        if not self.heading_found:
            found.append(
                ("implications", "no implications heading found (such as 'Practice Implications')")
            )
        elif not self.implications.paragraphs:
            found.append(("implications", "no text under the implications heading"))
        return found


def read_summaries(
    text: str, source: str, issue: str | None = None
) -> tuple[list[Summary], list[Problem]]:
    """The summaries on a page, and a note for every line that belongs to none."""
    raw = enumerate(text.splitlines(), 1)
    lines = [classify(number, " ".join(line.split())) for number, line in raw if line.strip()]
    page = _Page(lines, find_citations(lines), issue)
    summaries = page.summaries()
    return summaries, skipped_notes(source, lines, page.taken, page.first_start)


class _Page:
    """A page's classified lines and citations, cut into summaries."""

    def __init__(self, lines: list[Line], spans: list[CitationSpan], issue: str | None) -> None:
        self.lines = lines
        self.spans = spans
        self.issue = issue
        self.by_first = {span.first: span for span in spans}
        self.taken: set[int] = set()
        self.first_start = len(lines)

    def summaries(self) -> list[Summary]:
        starts = self._starts_last() if self._citation_last() else self._starts_first()
        self.first_start = min(starts, default=len(self.lines))
        bounds = [*sorted(starts), len(self.lines)]
        return [self._summary(start, end) for start, end in itertools.pairwise(bounds)]

    def _citation_last(self) -> bool:
        """Whether the page puts each citation after its summary: judged by where its first
        citation stands against its first implications heading."""
        heading = next((i for i, x in enumerate(self.lines) if x.kind is Kind.IMPLICATIONS), None)
        return heading is not None and (not self.spans or heading < self.spans[0].first)

    def _starts_first(self) -> set[int]:
        """Citation under its title: each citation's title (or the citation itself, when
        no title stands above it) starts a summary; so does a lone heading."""
        starts: set[int] = set()
        previous_end = -1
        for span in self.spans:
            title = self._title_above(span, previous_end)
            starts.add(span.first if title is None else title)
            previous_end = span.last
        return starts | {i for i in self._headings() if not self._inside_citation(i)}

    def _starts_last(self) -> set[int]:
        """Citation last: each heading starts a summary; with no headings, the first line
        after a month line or after a citation does."""
        headings = set(self._headings())
        if headings:
            return headings
        after = [i for i, x in enumerate(self.lines) if x.kind is Kind.MONTH]
        after += [span.last for span in self.spans]
        starts = (self._next_content(i) for i in after)
        return {i for i in starts if i is not None and _title_like(self.lines[i])}

    def _headings(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.kind is Kind.HEADING]

    def _inside_citation(self, index: int) -> bool:
        return any(span.first <= index <= span.last for span in self.spans)

    def _title_above(self, span: CitationSpan, previous_end: int) -> int | None:
        for index in range(span.first - 1, previous_end, -1):
            line = self.lines[index]
            if line.kind in _BETWEEN_TITLE_AND_CITATION:
                continue
            return index if line.kind is Kind.HEADING or _title_like(line) else None
        return None

    def _next_content(self, index: int) -> int | None:
        for following in range(index + 1, len(self.lines)):
            if self.lines[following].kind not in _BETWEEN_TITLE_AND_CITATION:
                return following
        return None

    def _summary(self, start: int, end: int) -> Summary:
        """The summary that starts at ``start``; it reaches ``end`` at most."""
        opening = self.lines[start]
        span = self.by_first.get(start)
        titled = span is None
        title = (opening.value if opening.kind is Kind.HEADING else opening.text) if titled else ""
        summary = Summary(title, opening.number, self._issue_at(start))
        if titled:
            self.taken.add(opening.number)
            span = self._citation_under(start, end)
        if span is not None:
            self._cite(summary, span)
        body_start = span.last + 1 if span is not None else start + 1
        self._body(summary, body_start, end)
        return summary

    def _citation_under(self, start: int, end: int) -> CitationSpan | None:
        """The citation right under a title (skipping a byline or date), if there is one."""
        following = self._next_content(start)
        return self.by_first.get(following) if following is not None and following < end else None

    def _body(self, summary: Summary, start: int, end: int) -> None:
        """The summary's text, up to a month line, an author bio or related posts, or (when
        its citation comes last) its citation."""
        part = summary.summary
        for index in range(start, end):
            line = self.lines[index]
            span = self.by_first.get(index)
            if span is not None and not summary.citation:
                self._cite(summary, span)
                return
            if line.kind in (Kind.MONTH, Kind.BLOCK, Kind.HEADING) or span is not None:
                return
            if line.kind is Kind.IMPLICATIONS:
                summary.heading_found, part = True, summary.implications
                self.taken.add(line.number)
                if line.value:
                    part.add(line.number, line.value)
            elif line.kind is Kind.TEXT:
                part.add(line.number, line.text)
                self.taken.add(line.number)

    def _cite(self, summary: Summary, span: CitationSpan) -> None:
        summary.citation, summary.citation_lines = span.text, span.lines
        summary.cited_source = span.has_source
        if not summary.title:
            summary.line = self.lines[span.first].number
        self.taken.update(span.lines)

    def _issue_at(self, start: int) -> str | None:
        """The month of the last month line above the summary's citation (or its start)."""
        span = self._citation_under(start, len(self.lines)) or self.by_first.get(start)
        anchor = span.first if span is not None else start
        months = [x.value for x in self.lines[:anchor] if x.kind is Kind.MONTH]
        return months[-1] if months else self.issue


def _title_like(line: Line) -> bool:
    """Whether a line can be a summary's title: short text that ends no sentence."""
    text = line.text
    return (
        line.kind is Kind.TEXT
        and len(text) <= _MAX_TITLE
        and not text.endswith((".", ",", ";", ":"))
        and bullet_item(text) is None
        and not opens_author_list(text)
    )


def skipped_notes(source: str, lines: list[Line], taken: set[int], first: int) -> list[Problem]:
    """A note for each run of lines no summary took: the page header, furniture, e-mail
    lines, and text that belongs to no summary. ``first`` indexes the first summary."""
    runs: list[list[int]] = []
    for index, line in enumerate(lines):
        if line.number in taken or line.kind is Kind.MONTH:
            runs.append([])
        elif runs and runs[-1] and _same_run(lines, runs[-1][0], index, first):
            runs[-1].append(index)
        else:
            runs.append([index])
    return [_run_note(source, [lines[i] for i in run], run[0] < first) for run in runs if run]


def _same_run(lines: list[Line], opened: int, index: int, first: int) -> bool:
    """Header lines form one run, and so do an author bio or related-posts list and the
    lines under it, and consecutive lines of text."""
    if index < first:
        return True
    if lines[index].kind is Kind.BLOCK:
        return False
    if lines[opened].kind is Kind.BLOCK:
        return True
    return lines[opened].kind is Kind.TEXT and lines[index].kind is Kind.TEXT


def _run_note(source: str, run: list[Line], header: bool) -> Problem:
    first, last = run[0].number, run[-1].number
    span = f"line {first}" if first == last else f"lines {first}–{last}"
    return Problem(source, first, "(line)", f"skipped {span}: {_why(run[0], header)}", "warning")


def _why(line: Line, header: bool) -> str:
    quoted = line.text if len(line.text) <= 60 else line.text[:57] + "…"
    if header:
        return "the page header before the first summary"
    if line.kind in (Kind.FURNITURE, Kind.BLOCK):
        return f"page furniture, {line.value} ('{quoted}')"
    if line.kind is Kind.EMAIL:
        return f"an e-mail line ('{quoted}')"
    return f"belongs to no summary ('{quoted}')"
