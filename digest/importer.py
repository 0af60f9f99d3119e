"""A legacy archive page (text) -> one entry YAML file per summary.

Two layouts are read. In the first, a month line ("November 2023") is followed, per
summary, by a title, the citation, the summary, "Practice Implications" and the
implications. In the second, a summary starts with "Clinical summary: Title" and its
citation comes last. Each entry gets only what the page gives: issue month, title, the
citation's parts, summary, implications, the effect sizes printed in the summary, and
the topics and research type the editor names. Anything left out is reported with its
line; nothing is invented and no existing file is overwritten.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from digest.citation_text import ParsedCitation, parse_citation
from digest.effects_yaml import extract_effects
from digest.errors import DigestError, Problem, display_path
from digest.scaffold import SCHEMA_LINE, OptionError, ascii_words, entry_slug, yaml_fields
from digest.vocab import vocabulary

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
WRAP = 88

#: (field, message) notes about one summary.
Notes = list[tuple[str, str]]


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


@dataclass
class Imported:
    """What an import wrote, and every note about what it could not read."""

    written: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


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
