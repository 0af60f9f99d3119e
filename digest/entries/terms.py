"""Vocabulary terms given on the command line: aliases accepted, typos explained."""

from __future__ import annotations

from digest.common.errors import DigestError
from digest.entries.vocab import vocabulary


def known_term(name: str, value: str | None, option: str) -> str | None:
    """The canonical id for ``value`` in vocabulary ``name``; DigestError if unknown."""
    if value is None:
        return None
    vocab = vocabulary()
    if name == "measures":
        ids = {m.casefold(): m for m in vocab.ids("measures")}
        if value.casefold() in ids:
            return ids[value.casefold()]
        raise DigestError(
            f"{option}: unknown measure '{value}' (one of: {', '.join(ids.values())})"
        )
    found = vocab.canonical(name, value)
    if found is not None:
        return found
    hint = vocab.suggest(name, value)
    raise DigestError(
        f"{option}: unknown term '{value}'" + (f"; did you mean '{hint}'?" if hint else "")
    )
