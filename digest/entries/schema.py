"""The JSON Schema of an entry file: enforced by the loader, published for editors.

Editors' YAML tooling (VS Code's YAML extension, for one) reads the published copy in
``schema/entry.schema.json`` to autocomplete fields, topics and research types.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from digest.entries.vocab import Vocabulary, in_use, vocabulary

SCHEMA_FILE = "schema/entry.schema.json"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
ID_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-[a-z0-9]+(-[a-z0-9]+)*$"

_COUNT = {
    "x-expected": 'a whole number of at least 1, or a lower bound such as "300+"',
    "oneOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": r"^[1-9][0-9]{0,2}(,?[0-9]{3})*\+?$"},
    ],
}
_P_VALUE = {
    "x-expected": 'a number between 0 and 1, or a bound such as "<.001"',
    "oneOf": [
        {"type": "number", "minimum": 0, "maximum": 1},
        {"type": "string", "pattern": r"^[<>] ?(0?\.[0-9]+|1)$"},
    ],
}
_PAIR = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "x-expected": "a pair of numbers [low, high]",
}
_TEXT = {"type": "string", "minLength": 1}
_NAMES = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": 'Names as "Family, Given"; "others" at the end stands for et al.',
}


def _effect(vocab: Vocabulary) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["predictor", "measure"],
        "properties": {
            "predictor": {**_TEXT, "description": "What the effect is of."},
            "outcome": {**_TEXT, "description": "What it is on."},
            "measure": {"enum": vocab.ids("measures")},
            "value": {"type": "number", "description": "The estimate as reported."},
            "range": {**_PAIR, "description": "For estimates reported only as a range."},
            "ci": {**_PAIR, "description": "95% confidence interval [low, high]."},
            "k": {**_COUNT, "description": "Number of studies."},
            "n": {**_COUNT, "description": "Number of participants."},
            "t": {"type": "number"},
            "df": {"type": "number", "exclusiveMinimum": 0},
            "p": _P_VALUE,
            "note": _TEXT,
            "topics": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"enum": vocab.accepted("topics")},
                "description": "The entry's topics this effect is about, where it is about "
                "fewer than the entry: topic pages show it under these only.",
            },
            "same_data_as": {
                "type": "string",
                "pattern": ID_PATTERN,
                "x-expected": "an entry id",
                "description": "An entry reporting this estimate from the same meta-analytic "
                "data; pooled views show one of the two.",
            },
        },
    }


def _inline_citation() -> dict[str, Any]:
    fields = ["journal", "booktitle", "volume", "number", "pages", "edition", "chapter"]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "author", "year", "title"],
        "description": "A citation written in the entry instead of a `cite:` key.",
        "properties": {
            "type": {"enum": ["article", "incollection", "inbook", "book", "report", "misc"]},
            "author": _NAMES,
            "editor": _NAMES,
            "year": {"type": "integer", "minimum": 1800, "maximum": 2999},
            "title": _TEXT,
            **{name: {"type": ["string", "integer"]} for name in fields},
            "publisher": _TEXT,
            "pubstate": _TEXT,
            "doi": _TEXT,
            "url": _TEXT,
        },
    }


def build_schema(vocab: Vocabulary) -> dict[str, Any]:
    """The entry schema for a vocabulary."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "digest entry",
        "description": "One summarised study in a monthly research digest.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "issue", "title", "type", "topics", "summary", "implications"],
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN, "x-expected": "YYYY-MM-short-slug"},
            "issue": {"type": "string", "pattern": MONTH_PATTERN, "x-expected": "YYYY-MM"},
            "title": _TEXT,
            "cite": {**_TEXT, "description": "Key of the study in bib/*.bib."},
            "citation": _inline_citation(),
            "type": {"enum": vocab.accepted("research_types")},
            "topics": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"enum": vocab.accepted("topics")},
            },
            "instruments": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": vocab.accepted("instruments")},
            },
            "sample": _TEXT,
            "draft": {
                "type": "boolean",
                "x-expected": "true or false",
                "description": "true: checked, but left out of the built site, its feeds "
                "and downloads until removed (digest build --drafts includes it).",
            },
            "updates": {
                "type": "array",
                "uniqueItems": True,
                "items": {"type": "string", "pattern": ID_PATTERN, "x-expected": "an entry id"},
                "description": "Entries whose meta-analysis this one updates: pooled views "
                "show only the update, and k is never added up across them.",
            },
            "summary": {**_TEXT, "description": "Markdown, in the editor's own words."},
            "implications": {**_TEXT, "description": "Markdown: what clinicians can take."},
            "effects": {"type": "array", "items": _effect(vocab)},
        },
    }


def entry_schema() -> dict[str, Any]:
    """The schema for the vocabulary in use (the project's, else the shipped one)."""
    return _schema_of(in_use())


@cache
def _schema_of(folder: str) -> dict[str, Any]:
    return build_schema(vocabulary())


def schema_json() -> str:
    """The schema as the text of the published file."""
    return json.dumps(entry_schema(), indent=2, ensure_ascii=False) + "\n"
