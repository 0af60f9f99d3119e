"""A legacy archive page (text) -> one entry YAML file per summary.

The page is read into summaries by archive_page.py. Each entry gets only what the page
gives: issue month, title, the citation's parts, summary, implications, the effect
sizes printed in the summary, and the topics and research type the editor names.
Anything left out is reported with its line; nothing is invented and no existing file
is overwritten.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from digest.authoring.archive_page import Summary, read_summaries
from digest.authoring.extract import extract_effects
from digest.authoring.scaffold import SCHEMA_LINE, OptionError, ascii_words, entry_slug, yaml_fields
from digest.citations.printed import ParsedCitation, parse_citation
from digest.common.errors import DigestError, Problem, display_path
from digest.entries.vocab import vocabulary

WRAP = 88

#: (field, message) notes about one summary.
Notes = list[tuple[str, str]]


@dataclass
class Imported:
    """What an import wrote, and every note about what it could not read."""

    written: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """What the editor tells the importer that the page does not say."""

    topics: tuple[str, ...] = ()
    research_type: str | None = None
    issue: str | None = None


def import_archive(path: Path, out: Path, options: Options) -> Imported:
    """Write one entry per summary on the page at ``path`` into ``out/YYYY/``."""
    source = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise DigestError(f"{source}: cannot be read as UTF-8 text ({err})") from None
    summaries, notes = read_summaries(text, source, options.issue)
    if not summaries:
        raise DigestError(f"{source}: no summaries found (no month line or citation line)")
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
    notes: Notes = []
    entry = _entry(summary, citation, entry_id, source, options, notes)
    imported.notes.extend(
        Problem(source, summary.line, name, f"'{summary.title}': {message}", "warning")
        for name, message in notes
    )
    if entry is None:
        return
    entry_id, text = entry
    path = out / entry_id[:4] / f"{entry_id}.yaml"
    if path.exists():
        message = f"{display_path(path)} already exists; not overwritten"
        imported.notes.append(Problem(source, summary.line, "id", message, "warning"))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    imported.written.append(path)


def _entry(
    summary: Summary,
    citation: ParsedCitation | None,
    entry_id: str,
    source: str,
    options: Options,
    notes: Notes,
) -> tuple[str, str] | None:
    if summary.issue is None:
        notes.append(("issue", "no month line above it; not imported (give --issue YYYY-MM)"))
        return None
    if citation is None:
        notes.append(("citation", "no citation could be read; write one by hand"))
    else:
        notes.extend(("citation", note) for note in citation.notes)
    fields = _fields(summary, entry_id, citation.fields if citation else None, options, notes)
    return entry_id, _entry_text(fields, summary, source, notes)


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
    citation: dict[str, object] | None,
    options: Options,
    notes: Notes,
) -> dict[str, object]:
    fields: dict[str, object] = {"id": entry_id, "issue": summary.issue, "title": summary.title}
    if citation is not None:
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
    summary_text = prose(summary.summary)
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
    lines.append(_block("summary", summary_text, notes))
    lines.append(_effects(summary_text, notes))
    lines.append(_block("implications", prose(summary.implications), notes))
    return "\n".join(line for line in lines if line) + "\n"


def _block(name: str, text: str, notes: Notes) -> str:
    if not text:
        notes.append((name, "not found on the page"))
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
    """Paragraphs wrapped for the file, one blank line apart, as Markdown reads them."""
    return "\n\n".join(_wrap(p) for p in paragraphs)


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
