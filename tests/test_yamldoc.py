"""YAML parsing that keeps lines: properties over generated documents."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from digest.entries.yamldoc import YamlError, parse

keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=string.ascii_letters + string.digits + " .,-'\"", max_size=30),
    st.booleans(),
    st.none(),
)
documents = st.dictionaries(
    keys,
    st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(keys, scalars, max_size=4)),
    min_size=1,
    max_size=8,
)


@given(documents)
def test_round_trip_equals_safe_load(data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    assert parse(text).data == yaml.safe_load(text)


@given(documents)
def test_every_top_level_key_has_its_own_line(data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=False)
    doc = parse(text)
    lines = text.splitlines()
    for key in data:
        assert lines[doc.line_of((key,)) - 1].startswith(f"{key}:") or lines[
            doc.line_of((key,)) - 1
        ].startswith(f"'{key}'")


def test_nested_lines() -> None:
    doc = parse("a: 1\nlist:\n  - x: 1\n    y: 2\n  - x: 3\n")
    assert doc.line_of(("list", 0, "y")) == 4
    assert doc.line_of(("list", 1)) == 5
    assert doc.line_of(("list", 1, "missing")) == 5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "this field appears twice"),
        ("? [a, b]\n: 1\n", 1, "a field name must be plain text"),
        ("1: x\n", 1, "field names must be text, not 1"),
        ("a: !!python/object:os.system x\n", 1, "invalid value"),
        ("# only a comment\n", 1, "the file is empty"),
    ],
)
def test_unusable_documents(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert caught.value.line == line
    assert message in caught.value.message
