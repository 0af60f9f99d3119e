"""What a reader cites: the study, and the summary itself (the digest as its author).

Each reference is offered as BibTeX and RIS files beside the entry's page, so a plain
download link works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest.citations.apa import with_apa
from digest.citations.export import bibtex, ris
from digest.common.model import Citation, Entry, Person
from digest.site.pages import paths
from digest.site.pages.context import Context

#: The two references of an entry page, as the stems of their files.
STUDY, SUMMARY = "study", "summary"
FORMATS = {"bib": bibtex, "ris": ris}


def summary_citation(entry: Entry, site_name: str, page_url: str) -> Citation:
    """The summary as a web page the digest wrote, dated by its issue month."""
    return Citation(
        key=entry.id,
        kind="webpage",
        title=entry.title,
        year=int(entry.issue[:4]),
        month=int(entry.issue[5:7]),
        authors=(Person(family=site_name),),
        url=page_url,
    )


@dataclass
class SummaryCitations:
    """Each entry's summary reference with its APA rendering, kept between calls: a
    later call renders only the references that changed (the preview holds one, so a
    save does not send every entry's reference through Pandoc again)."""

    cache_dir: Path | None = None
    _kept: dict[Citation, Citation] = field(default_factory=dict)

    def of(self, entries: Sequence[Entry], context: Context) -> dict[str, Citation]:
        """By entry id."""
        made = [
            summary_citation(e, context.site_name, context.absolute(paths.entry(e.id)))
            for e in entries
        ]
        fresh = [c for c in made if c not in self._kept]
        if fresh:
            self._kept.update(zip(fresh, with_apa(fresh, self.cache_dir), strict=True))
        self._kept = {c: self._kept[c] for c in made}
        return {c.key: self._kept[c] for c in made}


def cite_files(context: Context) -> dict[str, bytes]:
    """The BibTeX and RIS files of every entry page, by their paths in the docs tree."""
    files: dict[str, bytes] = {}
    for entry in context.catalogue.entries:
        cited = {STUDY: entry.citation, SUMMARY: context.summaries.get(entry.id)}
        for which, citation in cited.items():
            if citation is not None:
                files.update(_files(entry.id, which, citation))
    return files


def _files(entry_id: str, which: str, citation: Citation) -> dict[str, bytes]:
    return {
        paths.cite_file(entry_id, which, suffix): write(citation).encode("utf-8")
        for suffix, write in FORMATS.items()
    }
