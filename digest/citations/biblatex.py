"""biblatex fields, as Zotero's Better BibLaTeX exports them, read under their BibTeX names.

A biblatex file says ``journaltitle`` where BibTeX says ``journal``, ``date = {2018-12}``
where BibTeX says ``year = {2018}``, ``location`` for ``address``, and ``eprint`` with
``eprinttype`` for a link to arXiv or PubMed. Read as BibTeX, the journal and the year
were lost; here each is read as the BibTeX field digest uses, unless that field is given
too (then it wins).
"""

from __future__ import annotations

import re

#: biblatex's name of a field -> the BibTeX name digest reads.
RENAMED = {
    "journaltitle": "journal",
    "location": "address",
    "institution": "publisher",  # a report's issuer, which APA gives as its publisher
    "school": "publisher",
}

#: A biblatex date (ISO 8601 as biblatex takes it): a year, month and day, perhaps
#: approximate (~) or uncertain (?), perhaps the start of a range (2018/2019).
DATE = re.compile(r"(?P<year>\d{4})(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?[~?%]?")

#: Where an ``eprint`` of each ``eprinttype`` (or BibTeX's ``archiveprefix``) is found.
EPRINT_URL = {
    "arxiv": "https://arxiv.org/abs/{}",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/",
    "hdl": "https://hdl.handle.net/{}",
    "jstor": "https://www.jstor.org/stable/{}",
    "googlebooks": "https://books.google.com/books?id={}",
}


def as_bibtex(fields: dict[str, str]) -> dict[str, str]:
    """``fields`` with the biblatex ones also given under the BibTeX names digest reads."""
    result = dict(fields)
    for biblatex, bibtex in RENAMED.items():
        if fields.get(biblatex) and not fields.get(bibtex):
            result[bibtex] = fields[biblatex]
    if fields.get("subtitle") and fields.get("title"):
        result["title"] = f"{fields['title']}: {fields['subtitle']}"
    if not fields.get("year") and (year := year_of_date(fields.get("date", ""))):
        result["year"] = year
    if not fields.get("url") and (url := eprint_url(fields)):
        result["url"] = url
    return result


def year_of_date(date: str) -> str | None:
    """The year of a biblatex date, or None when it is not one."""
    start = date.strip().split("/")[0]
    match = DATE.fullmatch(start)
    return match["year"] if match else None


def eprint_url(fields: dict[str, str]) -> str | None:
    """The address of an ``eprint`` whose type digest knows, or None."""
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().casefold()
    eprint = fields.get("eprint", "").strip()
    template = EPRINT_URL.get(kind)
    return template.format(eprint) if template and eprint else None
