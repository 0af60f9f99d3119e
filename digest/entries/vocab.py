"""The controlled vocabularies: topics, research types, instruments and measures.

The data lives in ``digest/data/*.yml`` so that editors change a vocabulary without
touching code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml


@dataclass(frozen=True)
class Term:
    """One vocabulary term: the value entries hold, what readers see, and its URL slug."""

    id: str
    label: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """An effect-size measure and the range its estimates and CIs must lie in."""

    id: str
    label: str
    min: float | None = None
    max: float | None = None
    exclusive_min: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """All four vocabularies, with lookups that accept aliases."""

    topics: tuple[Term, ...]
    research_types: tuple[Term, ...]
    instruments: tuple[Term, ...]
    measures: tuple[Measure, ...]
    _aliases: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name in ("topics", "research_types", "instruments"):
            self._aliases[name] = _alias_index(getattr(self, name))

    def canonical(self, vocabulary: str, value: str) -> str | None:
        """The id a value stands for (it may be an alias), or None when unknown."""
        return self._aliases[vocabulary].get(value.casefold())

    def ids(self, vocabulary: str) -> list[str]:
        terms: Iterable[Term | Measure] = getattr(self, vocabulary)
        return [t.id for t in terms]

    def accepted(self, vocabulary: str) -> list[str]:
        """Every spelling an entry may use: ids and aliases, in vocabulary order."""
        terms: Iterable[Term] = getattr(self, vocabulary)
        return [spelling for t in terms for spelling in (t.id, *t.aliases)]

    def term(self, vocabulary: str, term_id: str) -> Term:
        terms: Iterable[Term] = getattr(self, vocabulary)
        return next(t for t in terms if t.id == term_id)

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)

    def suggest(self, vocabulary: str, value: str) -> str | None:
        """The closest known id to a misspelt value, for a "did you mean" hint."""
        return closest(value, self._aliases[vocabulary], self._aliases[vocabulary].get)


def closest(
    value: str, candidates: Iterable[str], resolve: Any = None, cutoff: float = 0.75
) -> str | None:
    """The candidate most like ``value`` (case-insensitive), or None if none is close."""
    folded = {c.casefold(): c for c in candidates}
    matches = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=cutoff)
    if not matches:
        return None
    best = folded[matches[0]]
    return str(resolve(best)) if resolve else best


def _alias_index(terms: Iterable[Term]) -> dict[str, str]:
    index: dict[str, str] = {}
    for t in terms:
        for spelling in (t.id, t.label, *t.aliases):
            index[spelling.casefold()] = t.id
    return index


def _read(folder: Traversable, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(folder.joinpath(name).read_text("utf-8"))
    return rows


def _terms(rows: list[dict[str, Any]], *, id_key: str, label_key: str) -> tuple[Term, ...]:
    return tuple(
        Term(
            id=row[id_key],
            label=row[label_key],
            slug=row.get("slug", slugify(row[id_key])),
            aliases=tuple(row.get("aliases", ())),
        )
        for row in rows
    )


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for URLs."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)


#: The vocabularies shipped with digest: topics, research types, instruments, measures.
SHIPPED = resources.files("digest.entries").joinpath("vocabularies")


@cache
def vocabulary() -> Vocabulary:
    """The vocabularies shipped with digest (read once per process)."""
    return read_vocabulary(SHIPPED)


def read_vocabulary(folder: Traversable) -> Vocabulary:
    """The four vocabularies in ``folder``, one YAML file each, as digest ships them."""
    return Vocabulary(
        topics=_terms(_read(folder, "topics.yml"), id_key="label", label_key="label"),
        research_types=_terms(_read(folder, "research_types.yml"), id_key="id", label_key="label"),
        instruments=_terms(_read(folder, "instruments.yml"), id_key="id", label_key="name"),
        measures=tuple(Measure(**row) for row in _read(folder, "measures.yml")),
    )
