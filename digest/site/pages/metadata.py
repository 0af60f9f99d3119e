"""Machine-readable metadata for entry pages: Google Scholar tags and schema.org JSON-LD.

The tags describe the summarised study (so reference managers pick up the citation);
the JSON-LD says the page is a review of that study.
"""

from __future__ import annotations

from typing import Any

from digest.common.model import Citation, Entry, Person
from digest.evidence.format import issue_date

_CONTAINER_TAG = {
    "article-journal": "citation_journal_title",
    "chapter": "citation_inbook_title",
    "paper-conference": "citation_conference_title",
}


def citation_tags(c: Citation) -> list[dict[str, str]]:
    """``citation_*`` meta tags (name, content) for the study, in Highwire Press style."""
    tags = [("citation_title", c.title)]
    tags += [("citation_author", _name(p)) for p in c.authors]
    if c.year:
        tags.append(("citation_publication_date", str(c.year)))
    if c.container:
        tags.append((_CONTAINER_TAG.get(c.kind, "citation_journal_title"), c.container))
    tags += [("citation_volume", c.volume), ("citation_issue", c.issue)]
    first, _, last = c.pages.replace("\u2013", "-").partition("-")
    tags += [("citation_firstpage", first), ("citation_lastpage", last.lstrip("-"))]
    tags += [("citation_publisher", c.publisher), ("citation_doi", c.doi)]
    return [{"name": name, "content": value} for name, value in tags if value]


def json_ld(entry: Entry, page_url: str, site_name: str) -> dict[str, Any]:
    """A schema.org ``Review`` of the study (a ``ScholarlyArticle`` or ``Book``)."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": entry.title,
        "datePublished": issue_date(entry.issue).isoformat(),
        "keywords": list(entry.topics),
        "isPartOf": {"@type": "Periodical", "name": site_name},
        "itemReviewed": _work(entry.citation),
    }
    if page_url:
        review["url"] = page_url
    return review


def _work(c: Citation) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "Book" if c.kind == "book" else "ScholarlyArticle",
        "name": c.title,
        "author": [{"@type": "Person", "name": _display_name(p)} for p in c.authors],
    }
    optional = {
        "datePublished": str(c.year) if c.year else "",
        "isPartOf": c.container,
        "volumeNumber": c.volume,
        "issueNumber": c.issue,
        "pagination": c.pages,
        "publisher": c.publisher,
        "sameAs": c.doi_url or c.url,
    }
    work.update({key: value for key, value in optional.items() if value})
    if c.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": c.doi}
    return work


def _name(p: Person) -> str:
    """``Family, Given`` as Google Scholar expects."""
    return ", ".join(part for part in (p.family, p.given) if part)


def _display_name(p: Person) -> str:
    return " ".join(part for part in (p.given, p.family, p.suffix) if part)
