"""An APA-style reference as printed text -> the fields of an entry's inline citation.

"Family, I., & Family, I. (2023). Title. Journal, 90(2), 559–567. https://doi.org/…"
and chapters ("… In I. Editor & I. Editor (Eds.), Book (7th ed.). Publisher.") are
split into author, year, title, journal or book, volume, issue, pages, editors,
publisher, edition, chapter and DOI. A part that cannot be placed is reported, never
guessed at; fields the text does not give are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DOI = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)(?P<doi>10\.\d{4,9}/\S+?)[.,;]?(?=\s|$)"
)
_URL = re.compile(r"https?://\S+?(?=[.,;]?(?:\s|$))")
_HEAD = re.compile(
    r"^(?P<authors>.+?)\s*\((?P<year>\d{4})[a-z]?(?:,[^)]*)?\)\.?\s*(?P<rest>.*)$", re.S
)
_PERSON = re.compile(r"(?P<family>[^\W\d][^,&()]*?),\s*(?P<given>(?:[A-Z][a-z]?\.\s?-?\s?)+)")
_ET_AL = re.compile(r"\bet al\.?", re.I)
_ARTICLE_SOURCE = re.compile(
    r"^(?P<journal>[^,\d][^,]*?)(?:,\s*(?P<volume>\d+)(?:\s*\((?P<number>[^)]+)\))?)?"
    r"(?:,\s*(?P<pages>[A-Za-z]?\d+(?:\s*[–-]\s*[A-Za-z]?\d+)?))?$"
)
_EDITORS = re.compile(r"^In\s+(?P<editors>.+?)\s*\((?:Eds?|eds?)\.?\),?\s*(?P<rest>.*)$", re.S)
_BOOK_DETAILS = re.compile(r"\s*\((?P<details>[^()]*(?:ed\.|pp\.)[^()]*)\)$")
_EDITION = re.compile(r"(?P<edition>\d+)(?:st|nd|rd|th)\s+ed\.")
_PAGES = re.compile(r"pp?\.\s*(?P<pages>\d+\s*[–-]\s*\d+|\d+)")
_CHAPTER = re.compile(r"^Chapter\s+(?P<chapter>\w+)$", re.I)
_STATUS = re.compile(r"^(?:Advance online publication|In press|Online ahead of print)$", re.I)


@dataclass
class ParsedCitation:
    """The fields found, and a note for each part of the text left unplaced."""

    fields: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_citation(text: str) -> ParsedCitation | None:
    """The citation's fields, or None when the text has no "Authors (Year)." head."""
    text = " ".join(text.split())
    parsed = ParsedCitation()
    text = _take_doi(text, parsed)
    head = _HEAD.match(text)
    if head is None:
        return None
    authors = _authors(head["authors"], parsed)
    if not authors:
        return None
    title, source = _title_and_source(head["rest"])
    parsed.fields.update({"type": "article", "author": authors, "year": int(head["year"])})
    if title:
        parsed.fields["title"] = title
    else:
        parsed.notes.append("no title after the year")
    _source(source, parsed)
    parsed.fields = _in_schema_order(parsed.fields)
    return parsed


def _take_doi(text: str, parsed: ParsedCitation) -> str:
    found = _DOI.search(text)
    if found:
        parsed.fields["doi"] = found["doi"]
        return (text[: found.start()] + text[found.end() :]).strip()
    url = _URL.search(text)
    if url:
        parsed.fields["url"] = url[0]
        return (text[: url.start()] + text[url.end() :]).strip()
    return text


def _authors(text: str, parsed: ParsedCitation) -> list[str]:
    """ "Family, I. I., Family, I., & Family, I." -> ["Family, I. I.", …]."""
    more = _ET_AL.search(text) is not None
    people = [f"{m['family'].strip(' &')}, {m['given'].strip()}" for m in _PERSON.finditer(text)]
    people = [re.sub(r"^(?:and|&)\s+", "", p) for p in people]
    leftover = _ET_AL.sub("", _PERSON.sub("", text)).strip(" ,&.")
    leftover = re.sub(r"^(?:and\b|&)\s*", "", leftover)
    if leftover:
        parsed.notes.append(f"part of the author list was not understood: '{leftover}'")
    return [*people, "others"] if people and more else people


def _title_and_source(rest: str) -> tuple[str, str]:
    parts = sentences(rest)
    if not parts:
        return "", ""
    return parts[0], " ".join(f"{p}." for p in parts[1:])


def sentences(text: str) -> list[str]:
    """Split a reference at ". ", "? " and "! ", never inside parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        at_end = index + 1 == len(text) or text[index + 1] == " "
        if char in ".?!" and depth <= 0 and at_end and not _is_initial(text, index):
            parts.append(text[start : index + (0 if char == "." else 1)].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _is_initial(text: str, index: int) -> bool:
    """A full stop after one capital letter (as in "S. D. Miller") ends no sentence."""
    before = text[max(0, index - 2) : index]
    return len(before) == 2 and before[0] in " .-" and before[1].isupper()


def _source(source: str, parsed: ParsedCitation) -> None:
    if not source:
        parsed.notes.append("no journal or book after the title")
        return
    chapter = _EDITORS.match(source)
    if chapter:
        _chapter(chapter["editors"], chapter["rest"], parsed)
    else:
        _article(sentences(source), parsed)


def _article(parts: list[str], parsed: ParsedCitation) -> None:
    journal = _ARTICLE_SOURCE.match(parts[0])
    if journal is None:
        parsed.notes.append(f"the journal was not understood: '{parts[0]}'")
        parts = parts[1:]
    else:
        parsed.fields["journal"] = journal["journal"].strip()
        parsed.fields.update({k: journal[k] for k in ("volume", "number", "pages") if journal[k]})
        parts = parts[1:]
    _trailing(parts, parsed)


def _chapter(editors: str, rest: str, parsed: ParsedCitation) -> None:
    parsed.fields["type"] = "incollection"
    parsed.fields["editor"] = [_family_first(name) for name in _split_names(editors)]
    parts = sentences(rest.strip())
    if not parts:
        parsed.notes.append("no book title after the editors")
        return
    book = parts[0]
    details = _BOOK_DETAILS.search(book)
    if details:
        book = book[: details.start()]
        edition, pages = _EDITION.search(details["details"]), _PAGES.search(details["details"])
        if edition:
            parsed.fields["edition"] = edition["edition"]
        if pages:
            parsed.fields["pages"] = pages["pages"]
    parsed.fields["booktitle"] = book.strip(" ,")
    if len(parts) > 1 and not _STATUS.match(parts[1]) and not _CHAPTER.match(parts[1]):
        parsed.fields["publisher"] = parts[1]
        parts = parts[1:]
    _trailing(parts[1:], parsed)


def _trailing(parts: list[str], parsed: ParsedCitation) -> None:
    """What follows the journal or publisher: a status, a chapter number, or unknowns."""
    for part in parts:
        chapter = _CHAPTER.match(part)
        if _STATUS.match(part):
            parsed.fields["pubstate"] = part
        elif chapter:
            parsed.fields["chapter"] = chapter["chapter"]
        else:
            parsed.notes.append(f"left out of the citation, not understood: '{part}'")


def _split_names(text: str) -> list[str]:
    return [n for n in re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text) if n.strip()]


def _family_first(name: str) -> str:
    """ "S. D. Miller" -> "Miller, S. D."; a lone "Barkham" stays as printed."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name.strip()


_ORDER = [
    "type",
    "author",
    "year",
    "title",
    "journal",
    "editor",
    "booktitle",
    "edition",
    "chapter",
    "volume",
    "number",
    "pages",
    "publisher",
    "pubstate",
    "doi",
    "url",
]


def _in_schema_order(fields: dict[str, object]) -> dict[str, object]:
    return {name: fields[name] for name in _ORDER if name in fields}
