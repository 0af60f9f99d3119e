"""Warnings about what an import from an old page can leave in an entry: a citation cut
short (a wrapped line lost), and page furniture ("Read more »", "Leave a comment",
"Back to top", an author bio) in the summary or implications.
"""

from __future__ import annotations

from digest.common.errors import Problem
from digest.entries.furniture import furniture_phrases
from digest.entries.lint import PROSE_FIELDS, line_of_words
from digest.entries.yamldoc import Document

#: The field that says where a work of each kind was published.
_SOURCE_OF = {
    "article": "journal",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "book": "publisher",
    "report": "publisher",
}


def leftover_warnings(shown: str, text: str, doc: Document) -> list[Problem]:
    """Warnings for one valid entry file: ``text`` as written, ``doc`` as parsed."""
    return [*_cut_citation(shown, doc), *_furniture(shown, text, doc)]


def _cut_citation(shown: str, doc: Document) -> list[Problem]:
    citation = doc.data.get("citation")
    if not isinstance(citation, dict):
        return []
    kind = str(citation.get("type", ""))
    field = _SOURCE_OF.get(kind)
    if field is None or citation.get(field):
        return []
    message = f"the citation looks cut short: its type is {kind}, but it has no {field}; add it"
    return [Problem(shown, doc.line_of(("citation",)), "citation", message, "warning")]


def _furniture(shown: str, text: str, doc: Document) -> list[Problem]:
    problems = []
    for name in PROSE_FIELDS:
        field_line = doc.line_of((name,))
        for phrase in furniture_phrases(doc.data[name]):
            line = line_of_words(text, field_line, phrase)
            message = f"'{phrase}' reads as page furniture, not part of the {name}; remove it"
            problems.append(Problem(shown, line, name, message, "warning"))
    return problems
