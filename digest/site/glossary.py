"""The glossary's terms (glossary.yml): each a name, a one-line and a longer explanation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    name: str
    short: str
    long: str
    symbol: str = ""

    @property
    def anchor(self) -> str:
        return self.id.lower()


@cache
def glossary() -> tuple[GlossaryTerm, ...]:
    text = resources.files("digest.site").joinpath("glossary.yml").read_text("utf-8")
    return tuple(GlossaryTerm(**row) for row in yaml.safe_load(text))


def glossary_short() -> dict[str, str]:
    """Each term's one-line explanation, by its id (a measure's id, "k", "CI", ...)."""
    return {term.id: term.short for term in glossary()}
