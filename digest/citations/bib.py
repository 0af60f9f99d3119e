"""BibTeX files -> citation records, with LaTeX decoded and names split.

bibtexparser v2 splits the files into blocks (and keeps going past broken ones);
pylatexenc, which it uses itself, decodes accents and escapes. Names are split before
they are decoded so that braces protecting a name such as ``{van der Berg}`` still count.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import bibtexparser
import bibtexparser.entrypoint
import bibtexparser.model
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from digest.citations.biblatex import RENAMED, as_bibtex
from digest.common.errors import WHOLE_FILE, Problem, display_path, refusal
from digest.common.model import Citation, Person

# Any printable character but quotes, braces, backslashes and the like; < and > only in
# the SICI form older Wiley DOIs use: 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/(?:[^\s\"'<>\\{}|^`]|<\d+::AID-[A-Za-z0-9-]+>)+$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
NAME_FIELDS = ("author", "editor")
_NEXT_FIELD = re.compile(r"\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"0-9]")
REQUIRED_FIELDS = ("title", "year")
#: BibTeX's own @string macros: the months.
_MONTH_MACROS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
MAX_BIB_BYTES = 5_000_000
#: Longer than any real field; decoding LaTeX takes time that grows faster than the text.
MAX_FIELD_CHARS = 20_000
#: Braces nest a few levels in real BibTeX; pylatexenc recurses once per level.
MAX_BRACE_DEPTH = 50

#: What pylatexenc would change besides dashes: macros, groups, math, comments, the
#: specials ``&`` and ``~``, and the quote ligatures (``, '', !`, ?`).
_LATEX_MARKUP = re.compile(r"[\\{}$%&~`]|''")
#: The dash ligatures, longest first, as pylatexenc reads them.
_DASHES = re.compile("---?")
_DASH_OF = {"--": "\N{EN DASH}", "---": "\N{EM DASH}"}

# bibtexparser logs every broken block itself; we report them as problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class BibRecord:
    """One BibTeX entry: decoded fields, split names, and where it was written."""

    key: str
    kind: str
    fields: dict[str, str]
    names: dict[str, tuple[Person, ...]]
    more_names: frozenset[str] = frozenset()
    path: str = ""
    line: int = 1
    field_lines: dict[str, int] = field(default_factory=dict)

    def where(self, name: str = "") -> int:
        return self.field_lines.get(name, self.line)


def normalise_doi(raw: str) -> str | None:
    """The bare DOI (``10.xxxx/...``) of a DOI, doi: or doi.org URL; None if it is not one."""
    doi = _DOI_PREFIXES.sub("", raw.strip())
    return doi if DOI_PATTERN.match(doi) else None


@cache
def _pylatexenc() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim")


def decode(text: str) -> str:
    """LaTeX-free text: accents decoded, braces and escapes removed, spaces collapsed."""
    # Most fields are plain text, which pylatexenc would only un-dash, at 0.1 ms a field.
    if _LATEX_MARKUP.search(text) is None:
        text = _DASHES.sub(lambda dash: _DASH_OF[dash[0]], text)
    else:
        text = _pylatexenc().latex_to_text(text)
    return " ".join(text.split())


def split_names(text: str) -> tuple[tuple[Person, ...], bool]:
    """Persons of a BibTeX name list; the flag is set when the list ends in ``others``."""
    people: list[Person] = []
    more = False
    for name in split_multiple_persons_names(text):
        if name.strip().lower() == "others":
            more = True
            continue
        if name.strip().lower() in ("", "and"):  # "{ and }": a list of no one
            continue
        parts = parse_single_name_into_parts(name, strict=False)
        people.append(
            Person(
                family=decode(" ".join([*parts.von, *parts.last])),
                given=decode(" ".join(parts.first)),
                suffix=decode(" ".join(parts.jr)),
            )
        )
    return tuple(people), more


def read_bib_file(path: Path, root: Path | None = None) -> tuple[list[BibRecord], list[Problem]]:
    """Records and problems of one .bib file; never raises for bad content.

    A link to a file outside ``root`` (the project; the working directory by default) is
    not followed.
    """
    shown = display_path(path)
    refused = refusal(path, root or Path(), MAX_BIB_BYTES, "a BibTeX file")
    if refused:
        return [], [Problem(shown, 1, WHOLE_FILE, refused)]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return [], [Problem(shown, line, WHOLE_FILE, "the file is not UTF-8 text")]
    except OSError as err:
        return [], [Problem(shown, 1, WHOLE_FILE, f"cannot be read: {err.strerror}")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [], [Problem(shown, line, WHOLE_FILE, "a NUL byte: this is not a text file")]
    library = bibtexparser.entrypoint.parse_string(text)
    problems = [_failed_block_problem(shown, block) for block in library.failed_blocks]
    problems += [p for entry in library.entries for p in _field_problems(shown, entry)]
    records = [_record(shown, entry) for entry in library.entries]
    for record in records:
        problems.extend(_record_problems(record))
    return records, problems


def read_bib_dir(
    folder: Path, root: Path | None = None
) -> tuple[dict[str, BibRecord], list[Problem]]:
    """All records of ``folder/*.bib`` by key; keys and DOIs must be unique across files."""
    by_key: dict[str, BibRecord] = {}
    by_folded_key: dict[str, BibRecord] = {}
    by_doi: dict[str, BibRecord] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.bib")):
        records, file_problems = read_bib_file(path, root)
        problems.extend(file_problems)
        for record in records:
            first = by_key.setdefault(record.key, record)
            alike = by_folded_key.setdefault(record.key.casefold(), record)
            if first is not record:
                problems.append(_duplicate(record.path, record.line, record.key, first))
            elif alike is not record:
                where = f"{alike.path}:{alike.line}"
                message = f"key '{record.key}' differs from '{alike.key}' ({where}) only in case"
                problems.append(Problem(record.path, record.line, "key", message))
            elif doi := normalise_doi(record.fields.get("doi", "")):
                first = by_doi.setdefault(doi.lower(), record)
                if first is not record:
                    problems.append(_duplicate_doi(record, doi, first))
    return by_key, problems


def _record(shown: str, entry: bibtexparser.model.Entry) -> BibRecord:
    fields: dict[str, str] = {}
    names: dict[str, tuple[Person, ...]] = {}
    more: set[str] = set()
    for f in entry.fields:
        key = f.key.lower()
        value = str(f.value)[:MAX_FIELD_CHARS]  # a longer one is reported by _field_problems
        if too_deep(value):  # reported by _field_problems, not decoded
            continue
        if key in NAME_FIELDS:
            names[key], has_more = split_names(value)
            if has_more:
                more.add(key)
        else:
            fields[key] = decode(value)
    field_lines = {f.key.lower(): (f.start_line or 0) + 1 for f in entry.fields}
    for biblatex, bibtex in (*RENAMED.items(), ("date", "year")):
        if biblatex in field_lines:
            field_lines.setdefault(bibtex, field_lines[biblatex])
    return BibRecord(
        key=entry.key,
        kind=entry.entry_type.lower(),
        fields=as_bibtex(fields),
        names=names,
        more_names=frozenset(more),
        path=shown,
        line=(entry.start_line or 0) + 1,
        field_lines=field_lines,
    )


def too_deep(text: str) -> int:
    """How deep braces nest in ``text`` when that is past MAX_BRACE_DEPTH, else 0."""
    if text.count("{") <= MAX_BRACE_DEPTH:  # nearly every field: checked at C speed
        return 0
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth = max(depth - 1, 0)
    return deepest if deepest > MAX_BRACE_DEPTH else 0


def _record_problems(record: BibRecord) -> Iterable[Problem]:
    if not record.key.strip():
        yield Problem(record.path, record.line, "key", f"a @{record.kind} entry without a key")
    date = record.fields.get("date")
    for name in REQUIRED_FIELDS:
        if record.fields.get(name):
            continue
        if name == "year" and date:
            message = f"'{date}' is not a date (biblatex writes YYYY, YYYY-MM or YYYY-MM-DD)"
            yield Problem(record.path, record.where("date"), "date", message)
        else:
            yield Problem(record.path, record.line, name, f"entry '{record.key}' has no {name}")
    year = record.fields.get("year", "")
    if re.fullmatch(r"[0-9]{4}[a-z]", year):
        message = f"'{year}': write {year[:4]}; each reference stands alone, so no letter is needed"
        yield Problem(record.path, record.where("year"), "year", message)
    elif year.isdigit() and not 1000 <= int(year) <= 2999:
        message = f"'{year}' is not a year (expected four digits, such as 2020)"
        yield Problem(record.path, record.where("year"), "year", message)
    if not record.names.get("author") and not record.names.get("editor"):
        yield Problem(record.path, record.line, "author", f"entry '{record.key}' has no author")
    raw_doi = record.fields.get("doi")
    if raw_doi is not None and normalise_doi(raw_doi) is None:
        yield Problem(
            record.path,
            record.where("doi"),
            "doi",
            f"'{raw_doi}' is not a DOI (expected 10.NNNN/suffix)",
        )


def _field_problems(shown: str, entry: bibtexparser.model.Entry) -> Iterable[Problem]:
    """Fields too long to decode, and fields that swallowed the next one."""
    for f in entry.fields:
        value, line = str(f.value), (f.start_line or 0) + 1
        if len(value) > MAX_FIELD_CHARS:
            message = f"{len(value):,} characters long; fields may be at most {MAX_FIELD_CHARS:,}"
            yield Problem(shown, line, f.key.lower(), message)
        elif depth := too_deep(value):
            message = f"braces nest {depth} levels deep; at most {MAX_BRACE_DEPTH}"
            yield Problem(shown, line, f.key.lower(), message)
        elif swallowed := _NEXT_FIELD.search(value):
            message = f"the value runs on into '{swallowed.group(1)} =' (a missing comma?)"
            yield Problem(shown, line, f.key.lower(), message)
        elif message := _unresolved_macro(f.key.lower(), value, entry):
            yield Problem(shown, line, f.key.lower(), message)


def _unresolved_macro(key: str, value: str, entry: bibtexparser.model.Entry) -> str:
    """Why a bare value (neither braced nor quoted) is not text, or "" when it is fine.

    bibtexparser replaces a bare word by its @string definition and leaves any other
    bare word as it is, so without this check the macro's name would be printed.
    """
    enclosing = entry.parser_metadata.get("removed_enclosing", {}).get(key)
    if enclosing != "no-enclosing" or value.isdigit():
        return ""
    if key == "month" and value.lower() in _MONTH_MACROS:
        return ""
    if "#" in value:
        return f"'{value}' joins parts with #, which digest does not read; write it in braces"
    undefined = f"'{value}' is not a defined @string macro"
    return f"{undefined}; define it with @string{{{value} = {{...}}}} or write the value in braces"


def _failed_block_problem(shown: str, block: ParsingFailedBlock) -> Problem:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(shown, line, "key", f"duplicate key '{block.key}'")
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or "unreadable"
    return Problem(shown, line, WHOLE_FILE, f"broken BibTeX entry: {reason.rstrip('.')}")


def _duplicate(path: str, line: int, key: str, first: BibRecord) -> Problem:
    return Problem(
        path, line, "key", f"duplicate key '{key}' (first defined at {first.path}:{first.line})"
    )


def _duplicate_doi(record: BibRecord, doi: str, first: BibRecord) -> Problem:
    where = f"{first.path}:{first.where('doi')}"
    message = f"duplicate DOI '{doi}' (first used by '{first.key}' at {where})"
    return Problem(record.path, record.where("doi"), "doi", message)


CSL_TYPES = {
    "article": "article-journal",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "report": "report",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "inproceedings": "paper-conference",
    "collection": "book",
    "online": "webpage",
}


def _month(raw: str) -> int | None:
    """A month as BibTeX writes it (``may``, ``May``, ``5``), or None."""
    word = raw.strip().lower()[:3]
    if word in _MONTH_NUMBERS:
        return _MONTH_NUMBERS[word]
    return int(word) if word.isdigit() and 1 <= int(word) <= 12 else None


def citation_from_record(record: BibRecord) -> Citation:
    """A Citation (not yet rendered) from a BibTeX record or an inline citation."""
    f = record.fields
    year = f.get("year", "")
    return Citation(
        key=record.key,
        kind=CSL_TYPES.get(record.kind, "document"),
        title=f.get("title", ""),
        year=int(year) if year.isdigit() else None,
        month=_month(f.get("month", "")),
        authors=record.names.get("author", ()),
        more_authors="author" in record.more_names,
        editors=record.names.get("editor", ()),
        container=f.get("journal") or f.get("booktitle", ""),
        volume=f.get("volume", ""),
        issue=f.get("number", ""),
        pages=f.get("pages", ""),
        edition=f.get("edition", ""),
        chapter=f.get("chapter", ""),
        publisher=f.get("publisher", ""),
        status=f.get("pubstate", ""),
        doi=normalise_doi(f.get("doi", "")) or "",
        url=f.get("url", ""),
    )
