"""The common YAML mistakes are reported at the line to change, with the change to make."""

from __future__ import annotations

import pytest

from digest.entries.yamldoc import YamlError, parse

SUMMARY_AT_THE_MARGIN = """\
id: x
summary: |
The study pooled 82 trials.
Clients did better.

Across therapies the effect held;
its size: small.
implications: y
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            "effects:\n  - predictor: empathy: rated\n    outcome: y\n",
            2,
            (),
            'quote the predictor: predictor: "empathy: rated"',
        ),
        (SUMMARY_AT_THE_MARGIN, 3, ("summary",), "the first line of the text under 'summary: |'"),
        (
            "summary: |\n  Indented.\nNot indented.\nimplications: y\n",
            3,
            ("summary",),
            "this line of the text under 'summary: |' (line 1) is not indented",
        ),
        ("summary: >-\n\tText.\n", 2, (), "a tab indents this line"),
        ("effects: []\n  - predictor: a\n", 1, ("effects",), "delete the [] so"),
        ("title: 'It''s \"x\n", 1, ("title",), "is never closed"),
        ("title: @home\n", 1, ("title",), 'quote the title: title: "@home"'),
        (
            "id: x\nsummary: | The study found\n  more.\n",
            2,
            ("summary",),
            "text after 'summary: |' must start on the next line",
        ),
        (
            "topics: [Empathy, Common Factors\nsummary: y\n",
            1,
            ("topics",),
            "never closed; close it: topics: [Empathy, Common Factors]",
        ),
    ],
)
def test_the_mistake_is_named_where_it_is(
    text: str, line: int, field: tuple[str, ...], message: str
) -> None:
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.path) == (line, field)
    assert message in caught.value.message
    shown_line = f"{line:>4} | "
    assert any(shown_line in framed for framed in caught.value.frame)


@pytest.mark.parametrize(
    "text",
    [
        "summary: |\nimplications: y\n",  # an empty block, then the next field: valid YAML
        "effects: []\nimplications: y\n",
        'title: "A: b"\n',
        "summary: |\n  Note: fine.\n\n  Another paragraph.\n",
    ],
)
def test_valid_yaml_is_not_diagnosed(text: str) -> None:
    parse(text)


def test_text_with_both_quotes_is_escaped_in_the_fix() -> None:
    with pytest.raises(YamlError) as caught:
        parse('title: "Don\'t say "never" here"\n')
    assert caught.value.message.endswith('title: "Don\'t say \\"never\\" here"')
