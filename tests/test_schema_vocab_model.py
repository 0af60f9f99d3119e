"""The published schema, the vocabularies and the frozen model."""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml
from conftest import REPO
from jsonschema import Draft202012Validator

from digest.common.model import Count, Effect
from digest.entries.schema import SCHEMA_FILE, entry_schema, schema_json
from digest.entries.vocab import vocabulary


def test_published_schema_is_current() -> None:
    assert (REPO / SCHEMA_FILE).read_text("utf-8") == schema_json()


def test_published_schema_accepts_every_demo_entry() -> None:
    schema = json.loads((REPO / SCHEMA_FILE).read_text("utf-8"))
    validator = Draft202012Validator(schema)
    for path in REPO.glob("entries/**/*.yaml"):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))) == [], path


def test_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(entry_schema())


def test_36_topics_match_the_source_vocabulary() -> None:
    source = REPO.parent / "shared" / "reference" / "topics.txt"
    topics = vocabulary().topics
    assert len(topics) == 36
    assert len({t.slug for t in topics}) == 36
    if source.exists():
        expected = [line.strip() for line in source.read_text("utf-8").splitlines() if line.strip()]
        assert [t.aliases[0] if t.aliases else t.label for t in topics] == expected


@pytest.mark.parametrize("spelling", ["Adherence", "Adherance", "adherance"])
def test_adherence_alias(spelling: str) -> None:
    assert vocabulary().canonical("topics", spelling) == "Adherence"


def test_suggestions_by_spelling() -> None:
    vocab = vocabulary()
    assert vocab.suggestions("topics", "Feedback and Progress Monitorin") == [
        "Feedback and Progress Monitoring"
    ]
    assert vocab.suggestions("research_types", "randomised trials")[0] == "rct"
    assert vocab.suggestions("topics", "zzz") == []


@pytest.mark.parametrize(
    ("vocabulary_name", "value", "first"),
    [
        ("topics", "Alliance", "Alliance and Therapeutic Relationship"),
        ("topics", "working alliance", "Alliance and Therapeutic Relationship"),
        ("topics", "Feedback", "Feedback and Progress Monitoring"),
        ("topics", "routine-outcome monitoring", "Feedback and Progress Monitoring"),
        ("topics", "dropout", "Attendance, Attrition, and Drop-Out"),
        ("topics", "Group", "Group Psychotherapy"),  # a word of the term's name
        ("research_types", "cohort", "longitudinal-study"),
        ("measures", "correlation", "r"),
        ("instruments", "phq", "PHQ-9"),
    ],
)
def test_suggestions_by_meaning(vocabulary_name: str, value: str, first: str) -> None:
    found = vocabulary().suggestions(vocabulary_name, value)
    assert found[0] == first
    assert vocabulary().canonical(vocabulary_name, value) is None


def test_every_synonym_points_to_a_term() -> None:
    vocab = vocabulary()
    for name, words in vocab.synonyms.items():
        for word, ids in words.items():
            assert set(ids) <= set(vocab.ids(name)), (name, word)
            assert vocab.canonical(name, word) is None, (name, word)


@pytest.mark.parametrize(
    ("vocabulary_name", "spelling", "term"),
    [
        ("research_types", "Meta-analysis", "meta-analysis"),
        ("research_types", "meta analysis", "meta-analysis"),
        ("research_types", "Randomised Controlled Trial", "rct"),
        ("topics", "feedback and progress monitoring", "Feedback and Progress Monitoring"),
        ("topics", "attendance, attrition, and drop out", "Attendance, Attrition, and Drop-Out"),
        ("measures", "or", "OR"),
        ("instruments", "phq 9", "PHQ-9"),
    ],
)
def test_variant_spellings_stand_for_their_term(
    vocabulary_name: str, spelling: str, term: str
) -> None:
    assert vocabulary().canonical(vocabulary_name, spelling) == term


def test_research_types_and_instruments() -> None:
    vocab = vocabulary()
    assert {
        "meta-analysis",
        "systematic-review",
        "rct",
        "naturalistic-process-study",
        "qualitative",
        "narrative-review",
        "review-of-meta-analyses",
    } <= set(vocab.ids("research_types"))
    assert {"SRS", "ORS", "OQ-45", "PHQ-9"} <= set(vocab.ids("instruments"))
    assert vocab.canonical("instruments", "oq45") == "OQ-45"


def test_model_is_frozen() -> None:
    effect = Effect(predictor="empathy", measure="r", value=0.28)
    with pytest.raises(dataclasses.FrozenInstanceError):
        effect.value = 0.3  # type: ignore[misc]


def test_count_shows_lower_bounds() -> None:
    assert str(Count(30000, at_least=True)) == "30,000+"
    assert str(Count(82)) == "82"
