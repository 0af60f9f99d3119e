"""Warnings about an entry's prose: effect sizes the text gives that ``effects:`` lacks,
and statistics the text gives otherwise than ``effects:`` does.

A number in the summary that is not in ``effects:`` never reaches the evidence
database, the charts or the effect-size search, so each one is a warning with its line.
A mention counts as covered when an effect has it (at the printed precision), when an
effect converts to it (an r of .28 is a d of .58), or when an effect's note quotes it.
An interval in the text that excludes its own estimate, or that differs from the one
listed for the same estimate, is a warning naming both lines.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from digest.common.errors import Problem
from digest.common.model import Effect
from digest.entries.validate import field_name
from digest.entries.yamldoc import Document
from digest.stats.effects import convert
from digest.stats.prose import Finding, find_effects

_MD_LINK = re.compile(r"\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#|/)([^)\s>]*\.md)\b[^)]*\)", re.I)
PROSE_FIELDS = ("summary", "implications")
#: Warnings listed per field; the rest are counted in one more line.
MAX_PER_FIELD = 20


def prose_warnings(
    shown: str, text: str, doc: Document, effects: Sequence[Effect]
) -> list[Problem]:
    """Warnings for one valid entry file: ``text`` as written, ``doc`` as parsed.

    At most MAX_PER_FIELD a field, then one line counting the rest: a pasted table of
    thousands of statistics gets a readable answer, in the time of a short one.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for name, printed, message in _findings(doc, effects):
        found.setdefault(name, []).append((printed, message))
    problems = []
    for name, items in found.items():
        field_line = doc.line_of((name,))
        problems += [
            Problem(shown, line_of_words(text, field_line, printed), name, message, "warning")
            for printed, message in items[:MAX_PER_FIELD]
        ]
        if len(items) > MAX_PER_FIELD:
            rest = f"and {len(items) - MAX_PER_FIELD:,} more like these in {name} (not listed)"
            problems.append(Problem(shown, field_line, name, rest, "warning"))
    return problems


#: The comment ``digest extract`` puts beside a predictor taken from the words of a
#: sentence: it stays until the editor has checked the words against the study.
EXTRACT_MARK = re.compile(r"#\s*from '[^'\n]*':\s*check\s*$", re.MULTILINE)


def extract_marks(shown: str, text: str, doc: Document) -> list[Problem]:
    """A warning for each of ``digest extract``'s marks still in the file."""
    marks = list(EXTRACT_MARK.finditer(text))
    if not marks:  # most files: their fields need no names
        return []
    fields_by_line: dict[int, str] = {}
    for path, line in sorted(doc.lines.items(), key=lambda item: len(item[0])):
        fields_by_line[line] = field_name(path)
    problems = []
    for mark in marks:
        line = text.count("\n", 0, mark.start()) + 1
        message = (
            f"extract's mark '{mark[0].strip()}' is still here: check the predictor and "
            "outcome against the study, then delete the comment"
        )
        problems.append(
            Problem(shown, line, fields_by_line.get(line, "(file)"), message, "warning")
        )
    return problems


def _findings(doc: Document, effects: Sequence[Effect]) -> Iterator[tuple[str, str, str]]:
    """(field, words as printed, message) for each thing worth a warning."""
    data = doc.data
    listed = _Effects(effects)
    for finding in find_effects(data["summary"]):
        if not listed.cover(finding):
            yield "summary", finding.printed, _uncovered(finding)
        contradiction = _contradiction(finding, listed, doc)
        if contradiction:  # located by the whole statistic: its estimate may recur
            yield "summary", data["summary"][finding.start : finding.end], contradiction
    for name in PROSE_FIELDS:
        for link in _MD_LINK.finditer(data[name]):
            yield name, link[0], _md_link(link[1])


def _contradiction(finding: Finding, effects: _Effects, doc: Document) -> str | None:
    """How the text's interval disagrees with its own estimate or with ``effects:``."""
    ci, value = finding.ci, finding.value
    if ci is None or value is None:
        return None
    shown = f"'{' '.join(finding.printed.split())}' with [{ci[0]:g}, {ci[1]:g}]"
    if not ci[0] <= value <= ci[1]:
        return f"the text gives {shown}, an interval that excludes its own estimate"
    index = effects.first_other_interval(finding, value, ci)
    if index is None:
        return None
    listed = effects.effects[index].ci
    assert listed is not None
    line = doc.line_of(("effects", index, "ci"))
    return (
        f"the text gives {shown}, but effects[{index}] lists "
        f"[{listed[0]:g}, {listed[1]:g}] (line {line}); which is right?"
    )


def _uncovered(finding: Finding) -> str:
    shown = " ".join(finding.printed.split())
    if finding.measure is None:
        return f"the text gives '{shown}', but no effect under effects has that p value"
    notes = "".join(f"; {note}" for note in finding.notes)
    return (
        f"the text gives '{shown}', but no effect under effects has it{notes} "
        "(add it, or quote it in an effect's note; digest extract prints it as YAML)"
    )


def _md_link(target: str) -> str:
    return (
        f"the link to '{target}' is not checked or rewritten in prose; "
        "link to the page's address instead (e.g. ../../topics/empathy/)"
    )


def covered(finding: Finding, effects: Sequence[Effect]) -> bool:
    """Whether some effect carries the statistic the text mentions."""
    return _Effects(effects).cover(finding)


class _Effects:
    """An entry's effects, sorted by estimate for the statistics its summary mentions: a
    summary may give thousands, and comparing each with every effect took minutes."""

    def __init__(self, effects: Sequence[Effect]) -> None:
        self.effects = effects
        # Notes as compared, one a line: a quote (its spaces collapsed) never spans two.
        self.notes = "\n".join(" ".join(e.note.split()) for e in effects)
        self.p_values = {e.p for e in effects if e.p is not None}
        self.measures = {e.measure for e in effects}
        self._values: dict[str, list[float]] = {}
        self._intervals: dict[str, _Intervals] = {}

    def cover(self, finding: Finding) -> bool:
        """Whether some effect carries the statistic: quoted in a note, or the same."""
        if " ".join(finding.printed.split()) in self.notes:
            return True
        if finding.measure is None:
            return finding.p is not None and finding.p in self.p_values
        if finding.value_range is not None:
            return any(
                e.measure == finding.measure
                and _close_pair(e.value_range, finding.value_range, finding.decimals)
                for e in self.effects
            )
        if finding.value is None:
            return finding.measure in self.measures
        x, decimals = finding.value, finding.decimals
        values = self._values_as(finding.measure)
        return any(_close(values[i], x, decimals) for i in _near(values, x, decimals))

    def first_other_interval(
        self, finding: Finding, value: float, ci: tuple[float, float]
    ) -> int | None:
        """The first effect giving the finding's estimate with another interval, if any."""
        listed = self._intervals_of(str(finding.measure))
        decimals = finding.decimals
        found = (
            listed.indexes[i]
            for i in _near(listed.estimates, value, decimals)
            if _close(listed.estimates[i], value, decimals)
            and not _close_pair(listed.intervals[i], ci, decimals)
        )
        return min(found, default=None)

    def _values_as(self, measure: str) -> list[float]:
        """Each effect's estimate on ``measure``'s scale, as reported or converted (to d
        and r only), sorted, each value once."""
        if measure not in self._values:
            found = [e.value for e in self.effects if e.measure == measure and e.value is not None]
            if measure in ("d", "r"):
                others = (e for e in self.effects if e.measure != measure)
                converted = (getattr(convert(e), measure) for e in others)
                found += [v for v in converted if v is not None]
            self._values[measure] = sorted({v for v in found if not math.isnan(v)})
        return self._values[measure]

    def _intervals_of(self, measure: str) -> _Intervals:
        if measure not in self._intervals:
            first: dict[tuple[float, tuple[float, float]], int] = {}
            for index, e in enumerate(self.effects):
                # A NaN estimate is close to nothing.
                if e.measure == measure and e.value is not None and e.ci and e.value == e.value:
                    first.setdefault((e.value, e.ci), index)
            rows = sorted((value, index, ci) for (value, ci), index in first.items())
            self._intervals[measure] = _Intervals(
                [value for value, _, _ in rows],
                [index for _, index, _ in rows],
                [ci for _, _, ci in rows],
            )
        return self._intervals[measure]


@dataclass(frozen=True)
class _Intervals:
    """The effects of one measure giving an estimate and an interval, by estimate; of
    those giving the same pair, the first only."""

    estimates: list[float]
    indexes: list[int]
    intervals: list[tuple[float, float]]


def _near(values: list[float], estimate: float, decimals: int) -> range:
    """Where in the sorted ``values`` those ``_close`` to ``estimate`` may be: a window
    wider than the rounding by more than a subtraction's error, never narrower."""
    if not math.isfinite(estimate):  # nothing is close to an infinite estimate
        return range(0)
    width = (0.5 * 10.0**-decimals + 1e-9) * (1 + 1e-9) + abs(estimate) * 1e-12
    low = bisect.bisect_left(values, estimate - width)
    return range(low, bisect.bisect_right(values, estimate + width))


def _close(a: float, b: float, decimals: int) -> bool:
    return abs(a - b) <= 0.5 * 10.0**-decimals + 1e-9


def _close_pair(a: tuple[float, float] | None, b: tuple[float, float], decimals: int) -> bool:
    if a is None:
        return False
    return all(_close(x, y, decimals) for x, y in zip(a, b, strict=True))


def line_of_words(text: str, field_line: int, printed: str) -> int:
    """The line of the file where ``printed`` appears, at or after its field's line.

    YAML folds and indents long text, so the words may be split across lines.
    """
    offset = sum(len(line) for line in text.splitlines(keepends=True)[: field_line - 1])
    pattern = r"\s+".join(re.escape(word) for word in printed.split())
    match = re.compile(pattern).search(text, offset) if pattern else None
    return field_line + text.count("\n", offset, match.start()) if match else field_line
