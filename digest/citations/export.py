"""A citation written out for reference managers: BibTeX (bibtexparser's writer) and RIS.

Both say what ``bib.py`` reads back: text is escaped for LaTeX where BibTeX needs it,
names are written "Family, Suffix, Given" with the family braced (so "van der Berg"
stays whole), and an author list cut short ends in "and others".
"""

from __future__ import annotations

import re

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field

from digest.common.model import Citation, Person

#: CSL types (as ``bib.CSL_TYPES`` gives them) as BibTeX entry types and RIS types.
BIBTEX_TYPES = {
    "article-journal": "article",
    "chapter": "incollection",
    "book": "book",
    "report": "techreport",
    "thesis": "phdthesis",
    "paper-conference": "inproceedings",
    "webpage": "online",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "thesis": "THES",
    "paper-conference": "CPAPER",
    "webpage": "ELEC",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# LaTeX's specials, each as text that pylatexenc (and LaTeX) read back as the character.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\string^",
}
_SPECIAL = re.compile(r"[\\{}&%$#_~^]|-(?=-)|`|'(?=')|[!?](?=`)")
_PLAIN_WORD = re.compile(r"[A-Z][^\s,{}\\]*")
_CONTAINER_FIELD = {"article-journal": "journal"}


def bibtex(c: Citation) -> str:
    """The citation as one BibTeX entry, keyed by its key."""
    fields = [Field(name, "{" + value + "}") for name, value in _bibtex_fields(c) if value]
    if c.month:
        fields.append(Field("month", _MONTHS[c.month - 1]))
    entry = BibEntry(BIBTEX_TYPES.get(c.kind, "misc"), c.key, fields)
    return write_string(Library([entry]), unparse_stack=[])


def _bibtex_fields(c: Citation) -> list[tuple[str, str]]:
    container = _CONTAINER_FIELD.get(c.kind, "booktitle")
    return [
        ("author", _bibtex_names(c.authors, c.more_authors)),
        ("editor", _bibtex_names(c.editors, more=False)),
        ("title", "{" + latex_text(c.title) + "}"),  # braced again: its case as written
        (container, latex_text(c.container)),
        ("volume", latex_text(c.volume)),
        ("number", latex_text(c.issue)),
        ("pages", latex_text(c.pages).replace("\N{EN DASH}", "--")),
        ("edition", latex_text(c.edition)),
        ("chapter", latex_text(c.chapter)),
        ("publisher", latex_text(c.publisher)),
        ("pubstate", latex_text(c.status)),
        ("year", str(c.year or "")),
        ("doi", c.doi),
        ("url", latex_text(c.url)),
    ]


def latex_text(text: str) -> str:
    """``text`` as BibTeX field content that decodes to exactly ``text``."""
    return _SPECIAL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    # Two dashes or quotes in a row would be read as one dash or quote: keep them apart.
    return _LATEX_SPECIALS.get(char, char + "{}")


def _bibtex_names(people: tuple[Person, ...], more: bool) -> str:
    names = [_bibtex_name(p) for p in people] + (["others"] if more else [])
    return " and ".join(names)


def _bibtex_name(p: Person) -> str:
    family = latex_text(p.family)
    # Braced unless one plain word, so "van der Berg" and "Digest Network" stay whole.
    parts = [family if _PLAIN_WORD.fullmatch(family) else "{" + family + "}"]
    if p.suffix:
        parts.append(latex_text(p.suffix))
    if p.given or p.suffix:
        parts.append(latex_text(p.given))
    return ", ".join(parts)


def ris(c: Citation) -> str:
    """The citation as one RIS record (tags, two spaces, a hyphen, a space, the value)."""
    first, _, last = c.pages.replace("--", "\N{EN DASH}").partition("\N{EN DASH}")
    date = f"{c.year}/{c.month:02d}//" if c.year and c.month else ""
    tags = [
        ("TY", RIS_TYPES.get(c.kind, "GEN")),
        *[("AU", _ris_name(p)) for p in c.authors],
        *[("A2", _ris_name(p)) for p in c.editors],  # editors, in the RIS spec
        ("TI", c.title),
        ("T2", c.container),
        ("PY", str(c.year or "")),
        ("DA", date),
        ("VL", c.volume),
        ("IS", c.issue),
        ("SP", first),
        ("EP", last),
        ("ET", c.edition),
        ("PB", c.publisher),
        ("DO", c.doi),
        ("UR", c.doi_url or c.url),
        ("ER", ""),
    ]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value or tag == "ER"]
    return "\r\n".join([*lines, ""])


def _ris_name(p: Person) -> str:
    return ", ".join(part for part in (p.family, p.given, p.suffix) if part)
