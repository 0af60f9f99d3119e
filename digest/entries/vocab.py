"""The controlled vocabularies: topics, research types, instruments and measures.

The data lives in ``digest/entries/vocabularies/*.yml`` so that editors change a
vocabulary without touching code; ``synonyms.yml`` beside them holds the words that point
to a term without being one of its spellings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
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


#: The vocabularies an entry's values come from, and the command that lists each.
LISTING_COMMAND = {
    "topics": "digest topics",
    "research_types": "digest types",
    "instruments": "digest instruments",
    "measures": "digest measures",
}

#: At most this many terms are suggested for an unknown one.
MAX_SUGGESTIONS = 3

#: Words too common in the terms' names to say which one is meant.
_FILLER_WORDS = frozenset({"and", "or", "of", "the", "in", "for", "with", "to", "a", "an"})


@dataclass(frozen=True)
class Vocabulary:
    """All four vocabularies, with lookups that accept aliases and spelling variants."""

    topics: tuple[Term, ...]
    research_types: tuple[Term, ...]
    instruments: tuple[Term, ...]
    measures: tuple[Measure, ...]
    #: vocabulary -> word or phrase (folded) -> the ids it points to.
    synonyms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _aliases: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name in LISTING_COMMAND:
            self._aliases[name] = _alias_index(getattr(self, name))

    def canonical(self, vocabulary: str, value: str) -> str | None:
        """The id a value stands for (an id, label or alias, in any case and with hyphens
        or spaces alike), or None when unknown."""
        return self._aliases[vocabulary].get(fold(value))

    def ids(self, vocabulary: str) -> list[str]:
        terms: Iterable[Term | Measure] = getattr(self, vocabulary)
        return [t.id for t in terms]

    def accepted(self, vocabulary: str) -> list[str]:
        """Every spelling the published schema lists: ids and aliases, in vocabulary order."""
        terms: Iterable[Term | Measure] = getattr(self, vocabulary)
        return [spelling for t in terms for spelling in (t.id, *getattr(t, "aliases", ()))]

    def term(self, vocabulary: str, term_id: str) -> Term:
        terms: Iterable[Term] = getattr(self, vocabulary)
        return next(t for t in terms if t.id == term_id)

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)

    def suggestions(self, vocabulary: str, value: str) -> list[str]:
        """The ids an unknown value most likely means, best first: the terms it stands for
        (synonyms.yml) if it is a word listed there; else terms whose names share its
        words, then close spellings."""
        meant = self.synonyms.get(vocabulary, {}).get(fold(value))
        if meant:
            return list(meant)
        found = [*self._sharing_words(vocabulary, value), *self._spelt_alike(vocabulary, value)]
        return list(dict.fromkeys(found))[:MAX_SUGGESTIONS]

    def _sharing_words(self, vocabulary: str, value: str) -> list[str]:
        words = _words(value)
        terms: Iterable[Term | Measure] = getattr(self, vocabulary)
        shared = [(len(words & _words(t.label)), t.id) for t in terms]
        return [term_id for count, term_id in sorted(shared, key=lambda s: -s[0]) if count]

    def _spelt_alike(self, vocabulary: str, value: str) -> list[str]:
        index = self._aliases[vocabulary]
        matches = difflib.get_close_matches(fold(value), list(index), n=6, cutoff=0.75)
        return [index[m] for m in matches]


def fold(text: str) -> str:
    """A spelling as compared: no case, hyphens, underscores and runs of spaces alike."""
    return " ".join(re.split(r"[\s_\-\u2010-\u2015]+", text.casefold())).strip()


def _words(text: str) -> set[str]:
    """The meaningful words of a term's name, cut to a stem so that plurals meet."""
    found = re.findall(r"[^\W_]+", text.casefold())
    return {word[:6] for word in found if word not in _FILLER_WORDS and len(word) > 2}


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


def _alias_index(terms: Iterable[Term | Measure]) -> dict[str, str]:
    index: dict[str, str] = {}
    for t in terms:
        for spelling in (t.id, t.label, *getattr(t, "aliases", ())):
            index.setdefault(fold(spelling), t.id)
    return index


def _read(folder: Traversable, name: str) -> list[dict[str, Any]]:
    place = folder.joinpath(name)
    if not place.is_file():
        place = SHIPPED.joinpath(name)
    rows: list[dict[str, Any]] = _load_yaml(place.read_text("utf-8"))
    return rows


def _load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml where installed, some seven times faster; a file
    it refuses is read again in pure Python, whose error messages say more."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


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


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The vocabularies shipped with digest: topics, research types, instruments, measures.
SHIPPED = resources.files("digest.entries").joinpath("vocabularies")
#: A project's own vocabularies: this folder beside mkdocs.yml, as `digest init` writes it.
PROJECT_FOLDER = "vocabulary"
FILES = ("topics.yml", "research_types.yml", "instruments.yml", "measures.yml", "synonyms.yml")
_in_use: list[Traversable] = [SHIPPED]


@cache
def vocabulary() -> Vocabulary:
    """The vocabularies in use: the project's (see ``use_project``), else digest's own.
    Read once per process and project."""
    return read_vocabulary(_in_use[0])


def in_use() -> str:
    """The folder the vocabularies in use are read from: a key for what depends on them."""
    return str(_in_use[0])


def use_project(root: Path) -> None:
    """Read the vocabularies from ``root/vocabulary/`` from now on, where it exists."""
    folder = root / PROJECT_FOLDER
    chosen: Traversable = folder if folder.is_dir() else SHIPPED
    if chosen != _in_use[0]:
        _in_use[0] = chosen
        vocabulary.cache_clear()


def read_vocabulary(folder: Traversable) -> Vocabulary:
    """The four vocabularies in ``folder``, one YAML file each, as digest ships them, and
    the words that point to their terms (``synonyms.yml``, if the folder has one).

    A project's folder may leave a file out: digest's own is read in its place (but for
    synonyms, which belong to the terms they point to).
    """
    try:
        return Vocabulary(
            topics=_terms(_read(folder, "topics.yml"), id_key="label", label_key="label"),
            research_types=_terms(
                _read(folder, "research_types.yml"), id_key="id", label_key="label"
            ),
            instruments=_terms(_read(folder, "instruments.yml"), id_key="id", label_key="name"),
            measures=tuple(Measure(**row) for row in _read(folder, "measures.yml")),
            synonyms=_synonyms(folder),
        )
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as err:
        from digest.common.errors import DigestError

        raise DigestError(
            f"{folder}: a vocabulary file is not as digest ships them ({err})"
        ) from None


def _synonyms(folder: Traversable) -> dict[str, dict[str, tuple[str, ...]]]:
    place = folder.joinpath("synonyms.yml")
    if not place.is_file():
        return {}
    data: dict[str, dict[str, list[str]]] = _load_yaml(place.read_text("utf-8"))
    return {
        name: {fold(word): tuple(ids) for word, ids in words.items()}
        for name, words in data.items()
    }
