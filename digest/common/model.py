"""The evidence model: what an entry is once its YAML and BibTeX have been validated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Person:
    """An author or editor as BibTeX splits the name."""

    family: str
    given: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Citation:
    """A reference to the published study, with its APA 7 rendering."""

    key: str
    kind: str
    title: str
    year: int | None
    #: The month too, for works dated by month (a digest's summary): 1-12.
    month: int | None = None
    authors: tuple[Person, ...] = ()
    more_authors: bool = False
    editors: tuple[Person, ...] = ()
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""
    chapter: str = ""
    publisher: str = ""
    status: str = ""
    doi: str = ""
    url: str = ""
    apa_html: str = ""
    apa_text: str = ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


@dataclass(frozen=True)
class Count:
    """A number of studies or participants; ``at_least`` for reports like "300+"."""

    value: int
    at_least: bool = False

    def __str__(self) -> str:
        return f"{self.value:,}{'+' if self.at_least else ''}"

    @classmethod
    def parse(cls, raw: int | str) -> Count:
        """A count as an entry writes it: 82, "6,138" or a lower bound such as "300+"."""
        if isinstance(raw, int):
            return cls(raw)
        return cls(int(raw.rstrip("+").replace(",", "")), at_least=raw.endswith("+"))


@dataclass(frozen=True)
class PValue:
    """A p value as reported: exact (``=``) or a bound such as ``< .001``."""

    value: float
    relation: Literal["=", "<", ">"] = "="


@dataclass(frozen=True)
class Effect:
    """One reported effect size. Exactly one of ``value`` and ``value_range`` is set."""

    predictor: str
    measure: str
    outcome: str = ""
    value: float | None = None
    value_range: tuple[float, float] | None = None
    ci: tuple[float, float] | None = None
    k: Count | None = None
    n: Count | None = None
    t: float | None = None
    df: float | None = None
    p: PValue | None = None
    note: str = ""
    same_data_as: str = ""
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One summarised study, as published in one monthly issue."""

    id: str
    issue: str
    title: str
    citation: Citation
    research_type: str
    topics: tuple[str, ...]
    summary: str
    implications: str
    instruments: tuple[str, ...] = ()
    sample: str = ""
    effects: tuple[Effect, ...] = ()
    source: str = ""
    updates: tuple[str, ...] = ()
    #: Written but not to be published yet (``draft: true``).
    draft: bool = False
    #: Its issue month is still to come; set only where such entries are shown (a preview).
    scheduled: bool = False

    def topics_of(self, effect: Effect) -> tuple[str, ...]:
        """The topics an effect is about: its own, or else its entry's."""
        return effect.topics or self.topics

    @property
    def year(self) -> int:
        return int(self.issue[:4])
