"""The YAML mistakes editors make most, told as the line to change and how to change it.

PyYAML reports where its parser gave up, in the parser's words ("mapping values are not
allowed here"), often lines after the mistake. Each diagnosis here recognises one common
mistake from the text around that place and names the line to change and the change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: ``key: value`` at the start of a line, after any indentation and list dashes.
_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:- +)*)(?P<key>[A-Za-z_][\w .-]*?):(?: +(?P<value>.*))?$")
#: A line that opens block text: ``summary: |`` or ``summary: >-`` and the like.
_BLOCK_OPENER = re.compile(
    r"^(?P<indent> *)(?:- +)*(?P<key>[\w.-]+): *(?P<style>[|>][-+0-9]*) *(#.*)?$"
)
_EMPTY_LIST = re.compile(r"^(?P<indent> *)(?:- +)*(?P<key>[\w.-]+): *\[\] *(#.*)?$")
#: Characters that cannot start unquoted text: ``*`` starts an alias, ``@`` and ``\``` are
#: reserved.
_RESERVED_START = "*@`"


@dataclass(frozen=True)
class Diagnosis:
    """The line of the mistake, the field it is in (when known) and what to do."""

    line: int
    message: str
    key: str | None = None
    #: The two lines to show; by default ``line`` and the one before it.
    shown: tuple[int, int] | None = None


@dataclass(frozen=True)
class Failure:
    """Where and why PyYAML stopped, as its error gives it (1-based lines)."""

    line: int
    problem: str
    context: str
    context_line: int | None


def diagnose(text: str, failure: Failure) -> Diagnosis | None:
    """The mistake behind a parse failure, when it is one of the common ones."""
    lines = text.split("\n")
    for diagnosis in _DIAGNOSES:
        found = diagnosis(lines, failure)
        if found is not None:
            return found
    return None


def code_frame(text: str, diagnosis: Diagnosis) -> tuple[str, ...]:
    """Two numbered lines of the file around the mistake, tabs shown as ``→``."""
    lines = text.splitlines()
    line = diagnosis.line
    shown = diagnosis.shown or ((line - 1, line) if line > 1 else (line, line + 1))
    numbers = sorted({n for n in shown if 0 < n <= len(lines)})
    return tuple(f"  {n:>4} | {lines[n - 1].replace(chr(9), '→')}".rstrip() for n in numbers)


def quoted(value: str) -> str:
    """``value`` as YAML text in quotes: double, or single when it holds double quotes."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _top_key(match: re.Match[str]) -> str | None:
    """The field a key line names, when it is a top-level field of the entry."""
    return match["key"] if not match["indent"] else None


def _tab(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "'\\t'" not in failure.problem:
        return None
    message = "a tab indents this line; YAML indents with spaces only: replace the tab with spaces"
    return Diagnosis(failure.line, message)


def _unclosed_quote(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "end of stream" not in failure.problem or "quoted scalar" not in failure.context:
        return None
    number = failure.context_line or failure.line
    match = _KEY_LINE.match(_line(lines, number))
    if match is None or not match["value"]:
        return None
    value = match["value"].rstrip()
    mark = value[0]
    fix = f"{match['key']}: {value}{mark}"
    message = f"the quote {mark} that opens the {match['key']} is never closed; close it: {fix}"
    return Diagnosis(number, message, _top_key(match), shown=(number, number + 1))


def _quote_inside_quotes(lines: list[str], failure: Failure) -> Diagnosis | None:
    match = _KEY_LINE.match(_line(lines, failure.line))
    if match is None or not match["value"] or match["value"][0] not in "\"'":
        return None
    value, mark = match["value"].rstrip(), match["value"][0]
    close = value.find(mark, 1)
    if close < 0 or close == len(value) - 1:
        return None
    inner = value[1:-1] if value.endswith(mark) else value[1:]
    word = value[close + 1 :].split(mark)[0].strip() or value[close + 1 :]
    message = (
        f"the {mark} before '{word}' ends the quoted {match['key']}; quote it so: "
        f"{match['key']}: {quoted(inner)}"
    )
    return Diagnosis(failure.line, message, _top_key(match))


def _items_after_empty_list(lines: list[str], failure: Failure) -> Diagnosis | None:
    if not _line(lines, failure.line).lstrip().startswith("-"):
        return None
    number = _previous_content_line(lines, failure.line)
    match = _EMPTY_LIST.match(_line(lines, number)) if number else None
    if match is None:
        return None
    key = match["key"]
    message = (
        f"'{key}: []' says the list is empty, but items follow on the next lines; "
        f"delete the [] so that the line reads {key}:"
    )
    top = key if not match["indent"] else None
    return Diagnosis(number, message, top, shown=(number, failure.line))


def _previous_content_line(lines: list[str], number: int) -> int:
    """The nearest line above ``number`` that is neither blank nor only a comment."""
    for earlier in range(number - 1, 0, -1):
        stripped = lines[earlier - 1].strip()
        if stripped and not stripped.startswith("#"):
            return earlier
    return 0


def _unindented_block_text(lines: list[str], failure: Failure) -> Diagnosis | None:
    last = max(failure.line, failure.context_line or 0)
    found: Diagnosis | None = None
    for number in range(1, last + 1):
        opener = _BLOCK_OPENER.match(_line(lines, number))
        if opener is None:
            continue
        stray = _first_line_out_of_block(lines, number, len(opener["indent"]))
        if stray and stray <= last:
            key, style = opener["key"], opener["style"]
            where = (
                f"the first line of the text under '{key}: {style}' is not indented"
                if _is_first_text_line(lines, number, stray)
                else f"this line of the text under '{key}: {style}' (line {number}) is not indented"
            )
            message = f"{where}; indent every line of that text by two spaces more than '{key}:'"
            found = Diagnosis(stray, message, key if not opener["indent"] else None)
    return found


def _first_line_out_of_block(lines: list[str], opener: int, indent: int) -> int:
    """The first line after a block opener that is neither inside the block nor a new field."""
    for number in range(opener + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) > indent:
            continue
        stripped = line.strip()
        ends_block = (
            stripped.startswith(("#", "- ", "---", "..."))
            or stripped == "-"
            or _KEY_LINE.match(line) is not None
        )
        return 0 if ends_block else number
    return 0


def _is_first_text_line(lines: list[str], opener: int, stray: int) -> bool:
    return all(not lines[n - 1].strip() for n in range(opener + 1, stray))


def _colon_in_text(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "mapping values are not allowed" not in failure.problem:
        return None
    match = _KEY_LINE.match(_line(lines, failure.line))
    if match is None:
        return None
    owner = _owner_of_continuation(lines, failure.line)
    if owner is not None:
        message = (
            f"this line continues the text of '{owner}' and holds ': ', which starts a field; "
            f"write that text as a block: '{owner}: |' with its lines indented below it"
        )
        return Diagnosis(failure.line, message, owner)
    key, value = match["key"], (match["value"] or "").strip()
    message = (
        f"': ' inside unquoted text starts a new field; quote the {key}: {key}: {quoted(value)}"
    )
    return Diagnosis(failure.line, message, _top_key(match))


def _owner_of_continuation(lines: list[str], number: int) -> str | None:
    """The field whose unquoted text line ``number`` continues, if it is one."""
    line = lines[number - 1]
    indent = len(line) - len(line.lstrip(" "))
    previous = _previous_content_line(lines, number)
    above = _KEY_LINE.match(_line(lines, previous)) if previous else None
    if above is None or not above["value"] or len(above["indent"]) >= indent:
        return None
    return above["key"]


def _reserved_start(lines: list[str], failure: Failure) -> Diagnosis | None:
    match = _KEY_LINE.match(_line(lines, failure.line))
    if match is None or not match["value"] or match["value"][0] not in _RESERVED_START:
        return None
    key, value = match["key"], match["value"].strip()
    message = (
        f"unquoted text may not start with {value[0]} (YAML reads it as a marker); "
        f"quote the {key}: {key}: {quoted(value)}"
    )
    return Diagnosis(failure.line, message, _top_key(match))


def _unclosed_bracket(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "flow sequence" not in failure.context and "flow mapping" not in failure.context:
        return None
    number = failure.context_line or failure.line
    match = _KEY_LINE.match(_line(lines, number))
    if match is None or not match["value"] or match["value"][0] not in "[{":
        return None
    key, value = match["key"], match["value"].strip()
    close = "]" if value[0] == "[" else "}"
    message = (
        f"the {value[0]} that opens the {key} is never closed; close it: {key}: {value}{close}"
        if "," in value  # a list of terms
        else f"the {value[0]} that opens the {key} is never closed; close it with {close}, "
        f"or, if the {value[0]} is part of the text, quote the {key}: {key}: {quoted(value)}"
    )
    return Diagnosis(number, message, _top_key(match), shown=(number, number + 1))


def _misaligned_field(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "expected <block end>" not in failure.context + failure.problem:
        return None
    here = _KEY_LINE.match(_line(lines, failure.line))
    previous = _previous_content_line(lines, failure.line)
    above = _KEY_LINE.match(_line(lines, previous)) if previous else None
    if here is None or above is None or here["indent"].strip():
        return None
    mine, theirs = len(here["indent"]), len(above["indent"])
    if mine == theirs:
        return None
    message = (
        f"'{here['key']}' is indented {mine} spaces and '{above['key']}' above it {theirs}; "
        f"the fields of one item line up: indent '{here['key']}' by {theirs} spaces"
    )
    return Diagnosis(failure.line, message)


def _text_beside_block_opener(lines: list[str], failure: Failure) -> Diagnosis | None:
    if "block scalar" not in failure.context:
        return None
    match = _KEY_LINE.match(_line(lines, failure.line))
    if match is None or not match["value"] or match["value"][0] not in "|>":
        return None
    key, mark = match["key"], match["value"][0]
    message = (
        f"text after '{key}: {mark}' must start on the next line: leave '{key}: {mark}' alone "
        f"on its line and write the text below it, every line indented by two spaces more"
    )
    return Diagnosis(failure.line, message, _top_key(match))


_DIAGNOSES: tuple[Callable[[list[str], Failure], Diagnosis | None], ...] = (
    _tab,
    _text_beside_block_opener,
    _unclosed_quote,
    _unclosed_bracket,
    _items_after_empty_list,
    _unindented_block_text,
    _quote_inside_quotes,
    _reserved_start,
    _colon_in_text,
    _misaligned_field,
)
