"""A new entry file for an editor to fill in, started from a BibTeX key or a few options.

The file holds everything ``digest check`` needs to find: the fields an editor must still
write are left empty, each with a comment saying what goes there, so that the first
check lists exactly what is missing. Values from the command line or from BibTeX are
written with PyYAML's own quoting, never by hand.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from digest.citations.bib import normalise_doi, read_bib_dir, split_names
from digest.common.errors import DigestError, InvalidInputError, display_path, refusal
from digest.entries.load import ENTRY_SUFFIXES, Project
from digest.entries.read import MAX_FILE_BYTES
from digest.entries.schedule import MONTHS_AHEAD, months_ahead
from digest.entries.schema import ID_PATTERN, MONTH_PATTERN, entry_schema
from digest.entries.terms import known_term
from digest.entries.vocab import Vocabulary, closest, vocabulary

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/entry.schema.json"

#: Title words that say little about a study, left out of file names.
_STOP_WORDS_TEXT = """
    a about after among an and are as at be been before between by can could did do does for
    from has have how in into is it its may might not of on or our should than that the their
    these this those through to toward towards under via vs was we were what when where which
    who why will with within without would
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

#: Letters that Unicode decomposition leaves as they are, spelt in ASCII.
_ASCII_SPELLING = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "\u0131": "i"}
)

#: Two title words make a slug unless together they are shorter than this; then three.
SHORT_PAIR = 12


class OptionError(ValueError):
    """Options that cannot make an entry; the command shows it as a usage error."""


@dataclass(frozen=True)
class NewEntry:
    """What the editor asked for: a BibTeX key, or the parts of an inline citation."""

    key: str | None = None
    issue: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str | None = None
    doi: str | None = None
    research_type: str | None = None
    topics: tuple[str, ...] = ()
    slug: str | None = None


@dataclass(frozen=True)
class _Source:
    """Where the study is cited from: its title, first author and `cite`/`citation` field."""

    title: str
    family: str
    reference: dict[str, Any]


def write_new_entry(project: Project, request: NewEntry, today: date | None = None) -> Path:
    """Write the new entry file and return its path; on any error nothing is written."""
    request = _checked(request)
    issue = _issue(request.issue, today or date.today())
    research_type = known_term("research_types", request.research_type, "--type")
    topics = [str(known_term("topics", t, "--topic")) for t in request.topics]
    source = _from_bib(project, request) if request.key else _inline(request)
    entry_id = _entry_id(issue, request.slug, source)
    _refuse_taken(project, entry_id)
    text = entry_text(entry_id, issue, source, research_type, list(dict.fromkeys(topics)))
    return _write_once(project.entries_dir / issue[:4] / f"{entry_id}.yaml", text)


def _checked(request: NewEntry) -> NewEntry:
    """The request with text stripped; OptionError for options missing, misplaced or malformed."""
    title = request.title.strip() if request.title is not None else None
    authors = tuple(a.strip() for a in request.authors)
    if title == "":
        raise OptionError("--title must not be empty")
    if "" in authors:
        raise OptionError("--author must not be empty")
    if request.key:
        _refuse_citation_options(request)
    else:
        _require_citation_options(title, authors, request.year)
    return dataclasses.replace(request, title=title, authors=authors, doi=_doi(request.doi))


def _refuse_citation_options(request: NewEntry) -> None:
    given = {
        "--author": bool(request.authors),
        "--year": request.year is not None,
        "--journal": request.journal is not None,
        "--doi": request.doi is not None,
    }
    misplaced = [option for option, present in given.items() if present]
    if misplaced:
        raise OptionError(
            f"{', '.join(misplaced)}: only without a KEY (the BibTeX record gives the citation)"
        )


def _require_citation_options(
    title: str | None, authors: tuple[str, ...], year: int | None
) -> None:
    given = {"--title": title is not None, "--author": bool(authors), "--year": year is not None}
    missing = [option for option, present in given.items() if not present]
    if missing:
        raise OptionError(
            f"without a KEY, give --title, --author and --year (missing: {', '.join(missing)})"
        )
    bounds = entry_schema()["properties"]["citation"]["properties"]["year"]
    if not bounds["minimum"] <= (year or 0) <= bounds["maximum"]:
        raise OptionError(f"--year must lie between {bounds['minimum']} and {bounds['maximum']}")


def _doi(raw: str | None) -> str | None:
    if raw is None:
        return None
    doi = normalise_doi(raw)
    if doi is None:
        raise OptionError(f"--doi: '{raw}' is not a DOI (expected 10.NNNN/suffix)")
    return doi


def _issue(raw: str | None, today: date) -> str:
    if raw is None:
        return today.strftime("%Y-%m")
    if not re.fullmatch(MONTH_PATTERN, raw):
        raise OptionError(f"--issue: expected a month as YYYY-MM, got '{raw}'")
    if months_ahead(raw, today) > MONTHS_AHEAD:  # what digest check would refuse
        raise OptionError(
            f"--issue: {raw} is more than {MONTHS_AHEAD} months ahead; check the year"
        )
    return raw


def _from_bib(project: Project, request: NewEntry) -> _Source:
    key = str(request.key)
    records, problems = read_bib_dir(project.bib_dir, project.root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInputError(errors)
    if key not in records:
        hint = closest(key, records)
        raise DigestError(
            f"no BibTeX entry '{key}' in {display_path(project.bib_dir)}/*.bib"
            + (f"; did you mean '{hint}'?" if hint else "")
        )
    record = records[key]
    people = record.names.get("author") or record.names.get("editor") or ()
    return _Source(
        title=request.title or record.fields.get("title", ""),
        family=people[0].family if people else "",
        reference={"cite": key},
    )


def _inline(request: NewEntry) -> _Source:
    title = str(request.title)
    citation: dict[str, Any] = {
        "type": "article",
        "author": list(request.authors),
        "year": request.year,
        "title": title,
    }
    if request.journal:
        citation["journal"] = request.journal
    if request.doi:
        citation["doi"] = request.doi
    people, _ = split_names(" and ".join(request.authors))
    family = people[0].family if people else ""
    return _Source(title=title, family=family, reference={"citation": citation})


def _entry_id(issue: str, slug: str | None, source: _Source) -> str:
    entry_id = f"{issue}-{slug if slug is not None else entry_slug(source.family, source.title)}"
    if not re.fullmatch(ID_PATTERN, entry_id):
        raise OptionError(
            f"--slug: '{slug}' is not a slug (lowercase letters, digits and hyphens, "
            "such as smith-alliance)"
        )
    return entry_id


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``: accents stripped, apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_SPELLING))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]", "", plain).lower())


def entry_slug(family: str, title: str) -> str:
    """The first author's family name and two or three telling words of the title.

    OptionError when the title has no ASCII letters or digits to make one from.
    """
    words = ascii_words(title)
    telling = [w for w in words if w not in STOP_WORDS and len(w) > 1] or words
    if not telling:
        raise OptionError(
            "the title has no letters or digits to name the file after; "
            "give a name with --slug, such as --slug smith-alliance"
        )
    picked = telling[:2] if len("".join(telling[:2])) >= SHORT_PAIR else telling[:3]
    return "-".join([*ascii_words(family), *picked])


def _refuse_taken(project: Project, entry_id: str) -> None:
    entries = project.entries_dir
    if not entries.is_dir():
        raise DigestError(
            f"{display_path(entries)}: no such folder; run digest new in the project "
            "folder or give --project"
        )
    declares = re.compile(rf"^id:[ \t]*(['\"]?){re.escape(entry_id)}\1[ \t]*(#.*)?$", re.M)
    for path in sorted(entries.rglob("*")):
        if path.suffix not in ENTRY_SUFFIXES:
            continue
        if path.stem == entry_id or declares.search(_readable_text(path, project.root)):
            raise DigestError(
                f"{display_path(path)} already has the id '{entry_id}'; nothing was written "
                "(choose another name with --slug)"
            )


def _readable_text(path: Path, root: Path) -> str:
    """The text of an entry file, or nothing for one the loader would refuse to read."""
    if refusal(path, root, MAX_FILE_BYTES, "an entry file"):
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _write_once(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise DigestError(f"{display_path(path)} already exists; nothing was written") from None
    return path


#: YAML line breaks. PyYAML writes them raw inside quotes, where reading folds NEL to a space.
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """Indents list items under their field, as the demo entries are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text with a line break in double quotes, where every break is an escape."""
    style = '"' if _LINE_BREAKS.intersection(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def yaml_fields(fields: dict[str, Any]) -> str:
    """Fields as YAML lines, every value quoted as PyYAML sees fit."""
    text = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    return text.rstrip("\n")


def entry_text(
    entry_id: str, issue: str, source: _Source, research_type: str | None, topics: list[str]
) -> str:
    """The new file: known fields filled in, the rest empty and explained in comments."""
    vocab = vocabulary()
    lines = [
        SCHEMA_LINE,
        yaml_fields({"id": entry_id, "issue": issue, "title": source.title, **source.reference}),
        yaml_fields({"type": research_type}) if research_type else _type_prompt(vocab),
        yaml_fields({"topics": topics}) if topics else _topics_prompt(vocab),
        "instruments: []  # instruments the study used, such as [SRS, ORS]",
        "# sample: who took part, such as 24 adults who ended therapy early",
        "# draft: true  # checked, but left out of the site until this line is removed",
        "summary: |  # Markdown in your own words, indented below: what was studied, "
        "with whom, what was found, effect sizes as reported",
        _effects_prompt(vocab),
        "implications: |  # Markdown, indented below: what a clinician should take from it",
    ]
    return "\n".join(lines) + "\n"


def _type_prompt(vocab: Vocabulary) -> str:
    return f"type:  # one of: {', '.join(vocab.ids('research_types'))}"


def _topics_prompt(vocab: Vocabulary) -> str:
    return (
        f"topics: []  # one or more of the {len(vocab.topics)} topics, such as "
        "[Empathy, Common Factors]; digest topics lists them"
    )


def _effects_prompt(vocab: Vocabulary) -> str:
    return "\n".join(
        [
            "effects: []  # effect sizes as reported; replace [] with a list such as:",
            "#  - predictor: therapist empathy",
            "#    outcome: client outcome",
            f"#    measure: r  # one of: {', '.join(vocab.ids('measures'))}",
            "#    value: 0.28",
            "#    ci: [0.22, 0.33]  # 95% CI",
            "#    k: 82  # studies",
            "#    n: 6138  # participants",
            "#    topics: [Empathy]  # only if it is about fewer topics than the entry",
        ]
    )
