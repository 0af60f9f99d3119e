"""What an import writes (or, in a dry run, would write), one short block per entry.

Each block gives the file, month, title, first author and year, journal or book, DOI,
number of effect sizes, and the page lines its citation, summary and implications came
from, so an editor can hold every entry against the page before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digest.authoring.archive_page import Summary
from digest.citations.printed import ParsedCitation


@dataclass(frozen=True)
class EntryReport:
    """One entry as the import report shows it."""

    path: Path
    issue: str
    title: str
    first_author: str
    year: str
    source: str
    doi: str
    effects: int
    citation_lines: tuple[int, ...]
    summary_lines: tuple[int, ...]
    implications_lines: tuple[int, ...]

    def lines(self) -> list[str]:
        """The block as printed: the path, then one indented line per fact."""
        return [
            self.path.as_posix(),
            f"  month: {self.issue}",
            f"  title: {self.title}",
            f"  citation: {self.first_author} ({self.year}), {self.source or 'no journal or book'}"
            f", {f'doi {self.doi}' if self.doi else 'no DOI'}; {line_ranges(self.citation_lines)}",
            f"  effects: {self.effects}",
            f"  summary: {line_ranges(self.summary_lines)}",
            f"  implications: {line_ranges(self.implications_lines)}",
        ]


def entry_report(
    path: Path, summary: Summary, citation: ParsedCitation, effects: int
) -> EntryReport:
    fields = citation.fields
    authors = fields.get("author")
    first = str(authors[0]).split(",")[0] if isinstance(authors, list) and authors else "?"
    return EntryReport(
        path=path,
        issue=summary.issue or "",
        title=summary.title,
        first_author=first,
        year=str(fields.get("year", "n.d.")),
        source=str(fields.get("journal") or fields.get("booktitle") or ""),
        doi=str(fields.get("doi", "")),
        effects=effects,
        citation_lines=summary.citation_lines,
        summary_lines=tuple(summary.summary.lines),
        implications_lines=tuple(summary.implications.lines),
    )


def line_ranges(numbers: tuple[int, ...]) -> str:
    """(4, 5, 6, 9) -> "lines 4–6, 9"; () -> "no lines"."""
    if not numbers:
        return "no lines"
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][-1] + 1:
            ranges[-1][-1] = number
        else:
            ranges.append([number, number])
    shown = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)
    return f"{'line' if len(numbers) == 1 else 'lines'} {shown}"
