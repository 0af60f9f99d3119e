"""Vocabulary terms as editors write them: in entries and on the command line alike.

A term may be written as its id or an alias its vocabulary lists; another spelling of it
(its label, another case, spaces for hyphens) is read as the term with a note saying so;
an unknown one is refused with the terms it most likely means and the command that lists
them all. ``digest new`` and
``digest check`` go through the same functions, so they accept the same spellings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from digest.common.errors import DigestError
from digest.entries.vocab import LISTING_COMMAND, Measure, Term, vocabulary
from digest.entries.yamldoc import Path

TERM_NAME = {
    "topics": "topic",
    "research_types": "research type",
    "instruments": "instrument",
    "measures": "measure",
}


def unknown_term(name: str, value: str) -> str:
    """Why ``value`` is refused: the terms it most likely means, and where to see them all."""
    quoted = [f"'{term}'" for term in vocabulary().suggestions(name, value)]
    hint = ""
    if quoted:
        alternatives = (
            quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        )
        hint = f"; did you mean {alternatives}?"
    return f"unknown {TERM_NAME[name]} '{value}'{hint} ({LISTING_COMMAND[name]} lists them all)"


def read_as(name: str, value: str) -> str | None:
    """The note for a spelling read as a term, other than its id or a declared alias."""
    vocab = vocabulary()
    term = vocab.canonical(name, value)
    if term is None or term == value or value in vocab.accepted(name):
        return None
    return f"'{value}' is read as the {TERM_NAME[name]} '{term}'"


def option_notes(name: str, values: Iterable[str | None], option: str) -> list[str]:
    """The notes for spellings given on the command line that are read as another."""
    notes = (read_as(name, value) for value in values if value is not None)
    return [f"{option}: {note}" for note in notes if note]


def known_term(name: str, value: str | None, option: str) -> str | None:
    """The id ``value`` stands for in vocabulary ``name``; DigestError if unknown."""
    if value is None:
        return None
    term = vocabulary().canonical(name, value)
    if term is None:
        raise DigestError(f"{option}: {unknown_term(name, value)}")
    return term


def normalise_terms(data: Any) -> Iterator[tuple[Path, str]]:
    """Replace each variant spelling in an entry's data by its term's id (in memory: the
    file is never touched), giving the path and the note of each replaced."""
    if not isinstance(data, dict):
        return
    yield from _normalise_field(data, "type", (), "research_types")
    yield from _normalise_items(data, "topics", (), "topics")
    yield from _normalise_items(data, "instruments", (), "instruments")
    effects = data.get("effects")
    for index, effect in enumerate(effects if isinstance(effects, list) else ()):
        if isinstance(effect, dict):
            yield from _normalise_field(effect, "measure", ("effects", index), "measures")
            yield from _normalise_items(effect, "topics", ("effects", index), "topics")


def _normalise_field(
    holder: dict[str, Any], key: str, at: Path, name: str
) -> Iterator[tuple[Path, str]]:
    note = _replace(holder, key, name)
    if note:
        yield (*at, key), note


def _normalise_items(
    holder: dict[str, Any], key: str, at: Path, name: str
) -> Iterator[tuple[Path, str]]:
    values = holder.get(key)
    for index in range(len(values) if isinstance(values, list) else 0):
        note = _replace(values, index, name)
        if note:
            yield (*at, key, index), note


def _replace(container: Any, key: Any, name: str) -> str | None:
    """The note for ``container[key]`` if it is a variant spelling, which is then replaced."""
    value = container[key] if isinstance(container, list) else container.get(key)
    if not isinstance(value, str):
        return None
    note = read_as(name, value)
    if note:
        container[key] = vocabulary().canonical(name, value)
    return note


def term_rows(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Vocabulary ``name`` as rows for ``digest topics`` and its siblings: each term, what
    readers see (a topic: its page), the other spellings accepted, a measure's range."""
    vocab = vocabulary()
    if name == "measures":
        return ["measure", "label", "values"], [(m.id, m.label, _range(m)) for m in vocab.measures]
    terms: tuple[Term, ...] = getattr(vocab, name)
    shown = "slug" if name == "topics" else "label"
    return [TERM_NAME[name].replace(" ", "_"), shown, "also_accepted"], [
        (t.id, getattr(t, shown), ", ".join(t.aliases)) for t in terms
    ]


def _range(measure: Measure) -> str:
    low, high = measure.min, measure.max
    if low is None and high is None:
        return "any"
    if high is None:
        return f"above {low:g}" if measure.exclusive_min else f"at least {low:g}"
    return f"{low:g} to {high:g}" if low is not None else f"at most {high:g}"
