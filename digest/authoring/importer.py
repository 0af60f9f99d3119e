"""A legacy archive page (text) -> one entry YAML file per summary.

The page is read into summaries by archive_page.py. Each entry gets only what the page
gives: issue month, title, the citation's parts, summary, implications, the effect
sizes printed in the summary, and the topics and research type the editor names. An
entry is written only when its summary has a title, a month and a citation that could be
read; anything left out is reported with its line. Nothing is invented, no existing
file is overwritten, and a dry run writes nothing at all.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from digest.authoring.archive_page import Summary, read_summaries
from digest.authoring.extract import extract_effects
from digest.authoring.import_report import EntryReport, entry_report, line_ranges
from digest.authoring.scaffold import SCHEMA_LINE, OptionError, ascii_words, entry_slug, yaml_fields
from digest.citations.printed import ParsedCitation, parse_citation
from digest.common.errors import DigestError, Problem, display_path
from digest.entries.vocab import vocabulary

WRAP = 88

#: (field, message) notes about one summary.
Notes = list[tuple[str, str]]


@dataclass
class Imported:
    """What an import wrote (or, in a dry run, would write), and every note about what it
    could not read. ``complete``: every summary on the page was read whole."""

    written: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    reports: list[EntryReport] = field(default_factory=list)
    complete: bool = True


@dataclass(frozen=True)
class Options:
    """What the editor tells the importer that the page does not say."""

    topics: tuple[str, ...] = ()
    research_type: str | None = None
    issue: str | None = None
    dry_run: bool = False


def import_archive(path: Path, out: Path, options: Options) -> Imported:
    """Write one entry per summary on the page at ``path`` into ``out/YYYY/``."""
    source = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise DigestError(f"{source}: cannot be read as UTF-8 text ({err})") from None
    summaries, notes = read_summaries(text, source, options.issue)
    if not summaries:
        raise DigestError(
            f"{source}: no summaries found (no citation line, and no 'Clinical summary:' "
            "heading); nothing written"
        )
    imported = Imported(notes=notes)
    citations = [parse_citation(s.citation) if s.citation else None for s in summaries]
    families = [_first_family(c.fields if c else {}) for c in citations]
    ids = _ids(summaries, families, set())
    for summary, citation, entry_id in zip(summaries, citations, ids, strict=True):
        _import_one(summary, citation, entry_id, source, out, options, imported)
    imported.notes.sort()
    return imported


def _import_one(
    summary: Summary,
    citation: ParsedCitation | None,
    entry_id: str,
    source: str,
    out: Path,
    options: Options,
    imported: Imported,
) -> None:
    notes: Notes = list(summary.doubts())
    fields = _entry(summary, citation, entry_id, options, notes)
    imported.complete = imported.complete and not summary.doubts() and fields is not None
    text = None if fields is None else _entry_text(fields, summary, source, notes)
    label = f"'{summary.title}'" if summary.title else "the untitled summary"
    imported.notes.extend(
        Problem(source, summary.line, name, f"{label}: {message}", "warning")
        for name, message in notes
    )
    if text is None or citation is None:
        return
    path = out / entry_id[:4] / f"{entry_id}.yaml"
    if path.exists():
        message = f"{display_path(path)} already exists; not overwritten"
        imported.notes.append(Problem(source, summary.line, "id", message, "warning"))
        return
    imported.reports.append(entry_report(path, summary, citation, _effect_count(summary)))
    if not options.dry_run:
        _write(path, text)
        imported.written.append(path)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)


def _effect_count(summary: Summary) -> int:
    return len(extract_effects(prose(summary.summary.paragraphs)).items)


def _entry(
    summary: Summary,
    citation: ParsedCitation | None,
    entry_id: str,
    options: Options,
    notes: Notes,
) -> dict[str, object] | None:
    """The entry's fields, or None (with the reason in ``notes``) when it is not written."""
    if summary.issue is None:
        notes.append(("issue", "no month line above it; not imported (give --issue YYYY-MM)"))
        return None
    if not summary.title or citation is None:
        if summary.citation and citation is None:
            notes.append(("citation", "the citation could not be read"))
        lines = line_ranges((*summary.summary.lines, *summary.implications.lines))
        why = f"not imported, nor its text ({lines}): an entry needs a title and a citation"
        notes.append(("(summary)", why))
        return None
    notes.extend(("citation", note) for note in citation.notes)
    return _fields(summary, entry_id, citation.fields, options, notes)


def _first_family(citation: dict[str, object]) -> str:
    authors = citation.get("author")
    return str(authors[0]).split(",")[0] if isinstance(authors, list) and authors else ""


def _ids(summaries: list[Summary], families: list[str], taken: set[str]) -> list[str]:
    """The scaffold's id for each summary; where two would share one (two summaries of
    one chapter in a month), each gets the rest of its title's words, then a number."""
    bases = [_base_id(s, f) for s, f in zip(summaries, families, strict=True)]
    ids = []
    for summary, base in zip(summaries, bases, strict=True):
        if bases.count(base) > 1 or base in taken:
            rest = [w for w in ascii_words(summary.title) if f"-{w}" not in base]
            base = "-".join([base, *(w for w in rest if w not in _FILLER)][:MAX_ID_WORDS])
        unique = base
        for number in range(2, 10_000):
            if unique not in taken:
                break
            unique = f"{base}-{number}"
        taken.add(unique)
        ids.append(unique)
    return ids


#: Words an id can do without; "not" and "no" stay, as they change the meaning.
_FILLER = frozenset("a an and of the that to in on for with".split())  # noqa: SIM905
MAX_ID_WORDS = 12


def _base_id(summary: Summary, family: str) -> str:
    issue = summary.issue or "0000-00"
    try:
        return f"{issue}-{entry_slug(family, summary.title)}"
    except OptionError:
        return f"{issue}-{'-'.join(ascii_words(family)) or 'summary'}"


def _fields(
    summary: Summary,
    entry_id: str,
    citation: dict[str, object],
    options: Options,
    notes: Notes,
) -> dict[str, object]:
    fields: dict[str, object] = {"id": entry_id, "issue": summary.issue, "title": summary.title}
    fields["citation"] = citation
    research_type = options.research_type or _research_type(citation, notes)
    if research_type:
        fields["type"] = research_type
    if options.topics:
        fields["topics"] = list(options.topics)
    else:
        notes.append(("topics", "no --topic given, so topics are empty"))
    return fields


_TYPE_WORDS = (
    ("meta-analysis", r"meta-?analys[ie]s|meta-?analytic"),
    ("systematic-review", r"systematic review"),
    ("rct", r"randomi[sz]ed (?:controlled|clinical) trial"),
    ("qualitative", r"qualitative"),
    ("case-study", r"case study"),
)


def _research_type(citation: dict[str, object] | None, notes: Notes) -> str | None:
    """The type the reference itself names: its title's words, or a book chapter."""
    title = str(citation.get("title", "")) if citation else ""
    for type_id, words in _TYPE_WORDS:
        if re.search(words, title, re.I):
            notes.append(
                ("type", f"set to {type_id}, from the words of the study's title; check it")
            )
            return type_id
    if citation and citation.get("type") == "incollection":
        notes.append(("type", "set to narrative-review, as the study is a book chapter; check it"))
        return "narrative-review"
    ids = ", ".join(vocabulary().ids("research_types"))
    notes.append(("type", f"the type of research is not named; set it (one of: {ids})"))
    return None


def _entry_text(fields: dict[str, object], summary: Summary, source: str, notes: Notes) -> str:
    summary_text = prose(summary.summary.paragraphs)
    lines = [
        SCHEMA_LINE,
        f"# Imported by digest import from {source}:{summary.line}; check every field.",
        yaml_fields(fields),
    ]
    if "type" not in fields:
        lines.append(
            "type:  # not named in the archive: " + ", ".join(vocabulary().ids("research_types"))
        )
    if "topics" not in fields:
        lines.append("topics: []  # give --topic, or pick from the 36 topics")
    lines.append(_block("summary", summary_text))
    lines.append(_effects(summary_text, notes))
    lines.append(_block("implications", prose(summary.implications.paragraphs)))
    return "\n".join(line for line in lines if line) + "\n"


def _block(name: str, text: str) -> str:
    """The field as a YAML block; when empty, Summary.doubts() has said why."""
    if not text:
        return f"{name}: |  # not found on the page"
    return f"{name}: |\n" + textwrap.indent(text, "  ")


def _effects(text: str, notes: Notes) -> str:
    extracted = extract_effects(text)
    for finding, fields in extracted.items:
        printed = " ".join(finding.printed.split())
        notes.extend(("effects", f"'{printed}': {note}") for note in finding.notes)
        if fields.get("predictor") is None:
            notes.append(("effects", f"'{printed}': its sentence names no predictor; write it"))
    if not extracted.items:
        return "effects: []"
    return "effects:\n" + extracted.yaml(indent="  ").rstrip("\n")


def prose(paragraphs: list[str]) -> str:
    """Paragraphs wrapped for the file, one blank line apart, as Markdown reads them; the
    items of a list ("- …") one under the other."""
    text = ""
    for index, paragraph in enumerate(paragraphs):
        item = paragraph.startswith("- ")
        if index:
            text += "\n" if item and paragraphs[index - 1].startswith("- ") else "\n\n"
        text += _wrap_item(paragraph) if item else _wrap(paragraph)
    return text


def _wrap_item(item: str) -> str:
    """A list item wrapped under its own text."""
    return "- " + textwrap.indent(_wrap(item[2:]), "  ")[2:]


_MARKDOWN_BLOCK = re.compile(r"^(?:[-*+>#]|\d+[.)])(?:\s|$)")


def _wrap(paragraph: str) -> str:
    """Wrapped lines; a line that Markdown would read as a list or heading joins the one before."""
    lines: list[str] = []
    for line in textwrap.wrap(paragraph, WRAP, break_long_words=False, break_on_hyphens=False):
        if lines and _MARKDOWN_BLOCK.match(line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)
