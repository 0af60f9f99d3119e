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

import re
from collections.abc import Iterator, Sequence

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
    for finding in find_effects(data["summary"]):
        if not covered(finding, effects):
            yield "summary", finding.printed, _uncovered(finding)
        contradiction = _contradiction(finding, effects, doc)
        if contradiction:  # located by the whole statistic: its estimate may recur
            yield "summary", data["summary"][finding.start : finding.end], contradiction
    for name in PROSE_FIELDS:
        for link in _MD_LINK.finditer(data[name]):
            yield name, link[0], _md_link(link[1])


def _contradiction(finding: Finding, effects: Sequence[Effect], doc: Document) -> str | None:
    """How the text's interval disagrees with its own estimate or with ``effects:``."""
    ci, value = finding.ci, finding.value
    if ci is None or value is None:
        return None
    shown = f"'{' '.join(finding.printed.split())}' with [{ci[0]:g}, {ci[1]:g}]"
    if not ci[0] <= value <= ci[1]:
        return f"the text gives {shown}, an interval that excludes its own estimate"
    for index, effect in enumerate(effects):
        listed = effect.ci
        if (
            listed
            and _same_estimate(finding, effect, value)
            and not _close_pair(listed, ci, finding.decimals)
        ):
            line = doc.line_of(("effects", index, "ci"))
            return (
                f"the text gives {shown}, but effects[{index}] lists "
                f"[{listed[0]:g}, {listed[1]:g}] (line {line}); which is right?"
            )
    return None


def _same_estimate(finding: Finding, effect: Effect, value: float) -> bool:
    return (
        effect.measure == finding.measure
        and effect.value is not None
        and _close(effect.value, value, finding.decimals)
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
    quoted = " ".join(finding.printed.split())
    if any(quoted in " ".join(e.note.split()) for e in effects):
        return True
    return any(_same(finding, e) for e in effects)


def _same(finding: Finding, effect: Effect) -> bool:
    if finding.measure is None:
        return finding.p is not None and effect.p == finding.p
    if finding.value_range is not None:
        return effect.measure == finding.measure and _close_pair(
            effect.value_range, finding.value_range, finding.decimals
        )
    if finding.value is None:
        return effect.measure == finding.measure
    return any(_close(v, finding.value, finding.decimals) for v in _values_as(effect, finding))


def _values_as(effect: Effect, finding: Finding) -> Iterator[float]:
    """The effect's estimate on the finding's scale: as reported, or converted."""
    if effect.measure == finding.measure and effect.value is not None:
        yield effect.value
    if finding.measure in ("d", "r") and effect.measure != finding.measure:
        converted = getattr(convert(effect), finding.measure)
        if converted is not None:
            yield converted


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
