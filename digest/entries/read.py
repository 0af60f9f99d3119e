"""One entry file read: its text checked, parsed, validated and linted, its effects
made; and many files read on every core.

A file that does not validate gives its problems and no draft; ``load.py`` resolves
the drafts' citations and checks what spans files (ids, references).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from digest.common.errors import Problem, display_paths, refusal
from digest.common.forked import forked_map
from digest.common.model import Count, Effect, PValue
from digest.common.progress import Progress
from digest.entries.consistency import consistency_warnings
from digest.entries.leftovers import leftover_warnings
from digest.entries.lint import extract_marks, prose_warnings
from digest.entries.schedule import scheduled_note
from digest.entries.terms import normalise_terms
from digest.entries.validate import document_problems, field_name
from digest.entries.vocab import vocabulary
from digest.entries.yamldoc import Document, YamlError, parse

MAX_FILE_BYTES = 1_000_000
BOM = "\ufeff"
#: From this many entry files on, they are read on every core: forking, and sending the
#: entries back, cost less than the second core saves (`digest check` on 2 cores: even
#: at 100 files, 0.06 s quicker at 200, 0.5 s at 1,000).
READ_IN_PARALLEL_FROM = 200
#: The batches many files are read in (the progress moves once per batch).
READ_BATCHES = 16


@dataclass(frozen=True)
class Draft:
    """An entry file that validated, before its citation is resolved."""

    shown: str
    doc: Document
    effects: tuple[Effect, ...]


#: Batches of entry files as they are read: how many files, and each one's draft (None
#: if it did not validate) with its problems.
Reading = Iterator[tuple[int, list[tuple[Draft | None, list[Problem]]]]]


def start_reading(files: list[Path], root: Path, today: date) -> Reading:
    """Start reading ``files``: many are read on every core, in batches that keep the
    progress moving, and may be under way before their results are asked for."""
    jobs = list(zip(files, display_paths(files), strict=True))
    size = len(jobs) if len(jobs) < READ_IN_PARALLEL_FROM else -(-len(jobs) // READ_BATCHES)
    batches = [jobs[i : i + size] for i in range(0, len(jobs), max(size, 1))]
    read = functools.partial(_read_batch, root=root, today=today)
    return zip(map(len, batches), forked_map(read, batches), strict=True)


def drafts_read(reading: Reading, problems: list[Problem], progress: Progress) -> list[Draft]:
    """The entries that passed validation, in order; the problems of every file."""
    drafts: list[Draft] = []
    for files, found in reading:
        for draft, batch_problems in found:
            problems.extend(batch_problems)
            if draft is not None:
                drafts.append(draft)
        progress.advance(files)
    return drafts


def _read_batch(
    jobs: list[tuple[Path, str]], root: Path, today: date
) -> list[tuple[Draft | None, list[Problem]]]:
    found: list[tuple[Draft | None, list[Problem]]] = []
    for path, shown in jobs:
        problems: list[Problem] = []
        found.append((_read_entry(path, shown, root, today, problems), problems))
    return found


def _read_entry(
    path: Path, shown: str, root: Path, today: date, problems: list[Problem]
) -> Draft | None:
    try:
        text = _read_text(path, root)
        doc = parse(text)
    except YamlError as err:
        name = field_name(err.path)
        problems.append(Problem(shown, err.line, name, err.message, frame=err.frame))
        return None
    for place, note in normalise_terms(doc.data):
        problems.append(Problem(shown, doc.line_of(place), field_name(place), note, "note"))
    found = document_problems(doc, path.stem, today)
    problems.extend(Problem(shown, line, name, message) for line, name, message in found)
    if found:
        return None
    if to_come := scheduled_note(doc.data["issue"], today):
        problems.append(Problem(shown, doc.line_of(("issue",)), "issue", to_come, "note"))
    effects = tuple(_effect(e) for e in doc.data.get("effects", []))
    problems.extend(prose_warnings(shown, text, doc, effects))
    problems.extend(extract_marks(shown, text, doc))
    problems.extend(consistency_warnings(shown, doc, effects))
    problems.extend(leftover_warnings(shown, text, doc))
    return Draft(shown, doc, effects)


def _read_text(path: Path, root: Path) -> str:
    refused = refusal(path, root, MAX_FILE_BYTES, "an entry file")
    if refused:
        raise YamlError(1, refused)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise YamlError(1, f"cannot be read: {err.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlError(line, "the file is not UTF-8 text; save it as UTF-8") from None
    return _without_bom(text)


def _without_bom(text: str) -> str:
    """The text without the byte-order mark many Windows editors start a file with.

    One anywhere else (two files pasted together) would hide inside a field name or value.
    """
    text = text.removeprefix(BOM)
    if BOM in text:
        line = text[: text.index(BOM)].count("\n") + 1
        raise YamlError(line, "an invisible byte-order mark (U+FEFF) inside the file; delete it")
    return text


def _effect(data: dict[str, Any]) -> Effect:
    return Effect(
        predictor=data["predictor"].strip(),
        outcome=data.get("outcome", "").strip(),
        measure=data["measure"],
        value=_float(data.get("value")),
        value_range=_float_pair(data.get("range")),
        ci=_float_pair(data.get("ci")),
        k=_count(data.get("k")),
        n=_count(data.get("n")),
        t=_float(data.get("t")),
        df=_float(data.get("df")),
        p=_p_value(data.get("p")),
        note=data.get("note", "").strip(),
        same_data_as=data.get("same_data_as", ""),
        topics=tuple(str(vocabulary().canonical("topics", t)) for t in data.get("topics", [])),
    )


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


def _float_pair(x: Any) -> tuple[float, float] | None:
    return None if x is None else (float(x[0]), float(x[1]))


def _count(x: Any) -> Count | None:
    if x is None:
        return None
    return Count.parse(x)


_P_BOUND = re.compile(r"^([<>]) ?(.*)$")


def _p_value(x: Any) -> PValue | None:
    if x is None:
        return None
    if isinstance(x, int | float):
        return PValue(float(x))
    match = _P_BOUND.match(x)
    assert match, "the schema admits only bounds such as '<.001'"
    bound = float(match.group(2))
    return PValue(bound, "<") if match.group(1) == "<" else PValue(bound, ">")
