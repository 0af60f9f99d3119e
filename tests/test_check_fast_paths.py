"""``digest check``'s fast paths give exactly what the slow paths they skip would give.

Each property runs the short cut and the full library call on the same generated input:
LaTeX decoding (pylatexenc), effect finding (the statistics patterns), schema validation
(jsonschema, which words the messages) and YAML composition (the nesting check).
"""

from __future__ import annotations

import bisect
import copy
import gc
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from digest.citations.bib import decode
from digest.common.errors import display_path, display_paths
from digest.common.model import Effect, PValue
from digest.entries.lint import _close, _close_pair, _contradiction, _Effects, covered
from digest.entries.load import Project, _sources, load
from digest.entries.validate import (
    _explained_problems,
    _passes_quick_check,
    _repeated_effects,
    schema_problems,
)
from digest.entries.yamldoc import (
    _INDICATORS,
    _LOADER,
    _PLAIN_NUMBER,
    _UNREADABLE,
    MAX_DEPTH,
    SAFE_TO_COMPOSE,
    Document,
    YamlError,
    _Builder,
    _check_depth,
    _compose,
    parse,
)
from digest.stats.effects import convert
from digest.stats.prose import (
    _FOLD,
    SENTENCE_END,
    Finding,
    _find_effects,
    _Mention,
    _mentions,
    _owners,
    _parentheses,
    _sentence_ends,
    find_effects,
)

# --- bib.decode: pylatexenc is skipped for text it would only un-dash -----------------

_PYLATEXENC = LatexNodes2Text(math_mode="verbatim")
# What pylatexenc reads specially, weighted so that plain and marked-up text both occur.
_LATEX_BITS = st.one_of(
    st.sampled_from(["-", "--", "---", "'", "''", "`", "!", "?", "~", "{", "}", "\\", "$"]),
    st.sampled_from(["%", "&", "#", "^", "_", "\\'e", "{\\&}", "$x$", " ", "\n", "\t", "\xa0"]),
)
_LATEX_TEXT = st.lists(st.one_of(_LATEX_BITS, st.text(max_size=4)), max_size=12).map("".join)


def _decoded_by_pylatexenc(text: str) -> str:
    return " ".join(_PYLATEXENC.latex_to_text(text).split())


@settings(max_examples=400)
@given(_LATEX_TEXT)
@example("1--10")
@example("a---b----c-----d")
@example("Kleinst{\\\"a}uber -- ``quoted'' !` ?`")
def test_decode_equals_pylatexenc(text: str) -> None:
    assert decode(text) == _decoded_by_pylatexenc(text)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_characters="\\{}$%&~`'"), max_size=40))
def test_decode_of_text_without_markup_equals_pylatexenc(text: str) -> None:
    assert decode(text) == _decoded_by_pylatexenc(text)


# --- extract.find_effects: text without a digit is not scanned ------------------------

_STATISTIC_BITS = st.one_of(
    st.sampled_from(["r = ", "d = .", "g = -", "OR = ", "% CI [", ", ", "]", "(", ")", "p < ."]),
    st.sampled_from(["t(", ") = ", "df = ", "k = ", "N = ", " studies", " adults", ". ", "−"]),
)
_NO_DIGITS = st.characters(blacklist_categories=["Nd"])


@settings(max_examples=300)
@given(st.lists(st.one_of(_STATISTIC_BITS, st.text(_NO_DIGITS, max_size=3)), max_size=20))
def test_text_without_digits_has_no_effects(parts: list[str]) -> None:
    assert _find_effects("".join(parts)) == []


@pytest.mark.parametrize("text", ["r = .28 (k = 12)", "d = ٠.٥٨, p < .001", "g = ０.５"])
def test_any_scripts_digits_are_scanned(text: str) -> None:
    assert find_effects(text) == _find_effects(text) != []


_SENTENCE_BITS = st.sampled_from(
    ["0", "1", ".28", "82", "6,138", "300+", "95", ". The ", ". a ", "! ", "? ", " et al. ", "\n"]
)


@settings(max_examples=500)
@given(st.lists(st.one_of(_STATISTIC_BITS, _SENTENCE_BITS, st.text(max_size=3)), max_size=30))
@example(["r = .28. ", "The middle has none. ", "And d = .5 (k = 3). Then N = 40."])
def test_only_sentences_with_digits_are_scanned_and_nothing_is_missed(parts: list[str]) -> None:
    text = "".join(parts).translate(_FOLD)
    everything = [(0, len(text))]
    assert list(_mentions(text)) == list(_mentions(text, everything))


#: SENTENCE_END as first written, its look-behind tried at every position of the text.
_SENTENCE_END_LOOKING_BEHIND_FIRST = re.compile(r"(?<!\bal)[.!?](?=\s+[^\s.,;a-z])")


@settings(max_examples=500)
@given(
    st.lists(st.one_of(_SENTENCE_BITS, st.sampled_from(["al", " al", "Al", "\tal"])), max_size=30)
)
@example(["et al. ", "The end. al. Real! al? "])
def test_sentence_ends_equal_the_pattern_looking_behind_first(parts: list[str]) -> None:
    text = "".join(parts)
    expected = [m.span() for m in _SENTENCE_END_LOOKING_BEHIND_FIRST.finditer(text)]
    assert [m.span() for m in SENTENCE_END.finditer(text)] == expected


def _parentheses_by_each_character(text: str) -> list[tuple[int, int]]:
    spans, open_at = [], []
    for index, char in enumerate(text):
        if char == "(":
            open_at.append(index)
        elif char == ")" and open_at:
            spans.append((open_at.pop(), index + 1))
    return spans


@given(st.text(alphabet="()x ", max_size=40))
def test_parentheses_found_by_pattern_equal_a_scan(text: str) -> None:
    assert _parentheses(text) == _parentheses_by_each_character(text)


def _owner_by_scanning_all(
    mention: _Mention,
    estimates: list[_Mention],
    groups: list[tuple[int, int]],
    sentence_ends: list[int],
) -> _Mention | None:
    """Each part's estimate as first found: every group and estimate looked at, per part."""

    def nearest(candidates: list[_Mention]) -> _Mention:
        before = [e for e in candidates if e.start < mention.start]
        return before[-1] if before else candidates[0]

    around = [g for g in groups if g[0] < mention.start and mention.end <= g[1]]
    if around:
        group = min(around, key=lambda g: g[1] - g[0])
        inside = [e for e in estimates if group[0] <= e.start and e.end <= group[1]]
        if inside:
            return nearest(inside)
    sentence = bisect.bisect_left(sentence_ends, mention.start)
    same = [e for e in estimates if bisect.bisect_left(sentence_ends, e.start) == sentence]
    if mention.word_count:
        after = [e for e in same if e.start > mention.start]
        return same[0] if len(same) == 1 else after[0] if after else None
    return nearest(same) if same else None


_PROSE_BITS = st.sampled_from(
    [
        *["(", ")", "((", "))", "t(24) = 2.1", "(k = 3)", "more than 40 studies", "82 adults"],
        *["(k = 3, r = .28)", "(N = 40; g = .3)", "(d = .4 (p = .01))", " (95% CI [.1, .3])"],
    ]
)


@settings(max_examples=500)
@given(st.lists(st.one_of(_STATISTIC_BITS, _SENTENCE_BITS, _PROSE_BITS), max_size=40))
@example(["(", "r = .28", " (", "k = 3", ")", " and d = .5", ")", ". N = 40", ". "])
@example(["Across ", "82 studies", ", r = .28", " and d = .5", ". "])
@example(["d = .5 ", "(k = 3, r = .28)"])
def test_parts_find_their_estimate_as_by_scanning_all(parts: list[str]) -> None:
    text = "".join(parts).translate(_FOLD)
    mentions = sorted(_mentions(text), key=lambda m: m.start)
    estimates = [m for m in mentions if m.kind == "estimate"]
    groups, sentence_ends = _parentheses(text), _sentence_ends(text)
    expected = {}
    for mention in mentions:
        if mention.kind != "estimate":
            owner = _owner_by_scanning_all(mention, estimates, groups, sentence_ends)
            if owner is not None:
                expected[id(mention)] = owner
    assert _owners(mentions, estimates, groups, sentence_ends) == expected


# --- lint: effects sorted by estimate, not each compared with every statistic ---------


def _covered_by_comparing_each(finding: Finding, effects: list[Effect]) -> bool:
    quoted = " ".join(finding.printed.split())
    if any(quoted in " ".join(e.note.split()) for e in effects):
        return True
    return any(_same_as_first_written(finding, e) for e in effects)


def _same_as_first_written(finding: Finding, effect: Effect) -> bool:
    if finding.measure is None:
        return finding.p is not None and effect.p == finding.p
    if finding.value_range is not None:
        return effect.measure == finding.measure and _close_pair(
            effect.value_range, finding.value_range, finding.decimals
        )
    if finding.value is None:
        return effect.measure == finding.measure
    values = (
        [effect.value] if effect.measure == finding.measure and effect.value is not None else []
    )
    if finding.measure in ("d", "r") and effect.measure != finding.measure:
        converted = getattr(convert(effect), finding.measure)
        values += [converted] if converted is not None else []
    return any(_close(v, finding.value, finding.decimals) for v in values)


def _first_other_interval_of_each(finding: Finding, effects: list[Effect]) -> int | None:
    for index, effect in enumerate(effects):
        if (
            effect.ci
            and effect.measure == finding.measure
            and effect.value is not None
            and finding.value is not None
            and finding.ci is not None
            and _close(effect.value, finding.value, finding.decimals)
            and not _close_pair(effect.ci, finding.ci, finding.decimals)
        ):
            return index
    return None


def _valid(effect: Effect) -> bool:
    """Within its measure's range, as validation leaves every effect prose is read against."""
    numbers = [*([] if effect.value is None else [effect.value]), *(effect.ci or ())]
    numbers += effect.value_range or ()
    if effect.measure == "OR":
        return all(x > 0 for x in numbers)
    return effect.measure != "r" or all(abs(x) < 1 for x in numbers)


_ESTIMATES = st.sampled_from([0.05, 0.28, 0.3, 0.275, 0.2849, -0.28, 0.58, 1.5, 2.0, 0.0])
_EFFECTS = st.builds(
    Effect,
    predictor=st.just("x"),
    measure=st.sampled_from(["r", "d", "g", "OR", "ICC"]),
    value=st.one_of(st.none(), _ESTIMATES),
    value_range=st.one_of(st.none(), st.tuples(_ESTIMATES, _ESTIMATES)),
    ci=st.one_of(st.none(), st.tuples(_ESTIMATES, _ESTIMATES).map(sorted).map(tuple)),
    p=st.one_of(st.none(), st.builds(PValue, st.sampled_from([0.01, 0.001, 0.05]))),
    note=st.sampled_from(["", "r = .28", "d =  .5 in the abstract", "p < .001"]),
).filter(_valid)
_SUMMARY_BITS = st.sampled_from(
    [
        *["r = .28", "r = .3", "d = .58", "g = .05", "OR = 1.5", "ICC = .28", "r = -.28", "d = 2"],
        *[", 95% CI [.2, .3]", " (95% CI .25-.35)", ", p = .01", " p < .001", "d = .5 to .6"],
        *[". ", " and ", "(", ")"],
    ]
)


@settings(max_examples=400)
@given(st.lists(_EFFECTS, max_size=6), st.lists(_SUMMARY_BITS, max_size=20))
@example([Effect("x", "d", value=0.58)], ["r = .28"])
@example([Effect("x", "r", value=0.28)], ["d = .58"])
@example(
    [Effect("x", "r", value=0.28, ci=(0.0, 0.3)), Effect("x", "r", value=0.28, ci=(0.2, 0.58))],
    ["r = .28", ", 95% CI [.2, .3]"],
)
def test_effects_sorted_by_estimate_answer_as_each_compared(
    effects: list[Effect], bits: list[str]
) -> None:
    listed = _Effects(effects)
    doc = Document(None)
    for finding in find_effects("".join(bits)):
        assert covered(finding, effects) == _covered_by_comparing_each(finding, effects)
        assert listed.cover(finding) == _covered_by_comparing_each(finding, effects)
        said = _contradiction(finding, listed, doc)
        index = _first_other_interval_of_each(finding, effects)
        ci, value = finding.ci, finding.value
        if ci is not None and value is not None and ci[0] <= value <= ci[1]:
            if index is None:
                assert said is None
            else:
                assert said is not None and f"effects[{index}] lists" in said


def _repeated_by_comparing_each(effects: list[Any]) -> list[tuple[Any, str]]:
    return [
        (("effects", index), f"repeats effects[{effects.index(effect)}] exactly; list it once")
        for index, effect in enumerate(effects)
        if isinstance(effect, dict) and effect in effects[:index]
    ]


_YAML_SCALARS = st.sampled_from(
    [0, 1, 1.0, True, False, None, "a", "1", 0.5, math.nan, date(2024, 5, 1)]
)
_YAML_DATA = st.recursive(
    _YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=400)
@given(st.lists(_YAML_DATA, max_size=8))
@example([{"v": 1}, {"v": 1.0}, {"v": True}, {"v": [1, 2]}, {"v": [1, 2]}, [1], {"v": {"a": 1}}])
@example([{"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}])
@example([{"v": [1, 2]}, {"v": [2, 1]}, {"v": [1, 1]}, {"v": [1]}])
def test_repeated_effects_are_found_as_by_comparing_each(effects: list[Any]) -> None:
    expected = _repeated_by_comparing_each(effects)
    assert list(_repeated_effects(effects)) == expected


# --- validate: jsonschema runs only on what the compiled validator refuses ------------

VALID = {
    "id": "2024-05-smith-feedback",
    "issue": "2024-05",
    "title": "A title",
    "cite": "Smith2024",
    "type": "meta-analysis",
    "topics": ["Attachment"],
    "summary": "Text.",
    "implications": "Text.",
    "sample": "Adults.",
    "effects": [
        {
            "predictor": "feedback",
            "outcome": "outcome",
            "measure": "d",
            "value": 0.5,
            "ci": [0.2, 0.8],
            "k": "300+",
            "n": 1200,
            "p": "<.001",
            "t": 2.5,
            "df": 30,
            "note": "A note.",
        }
    ],
}
# What a YAML file can hold: the values yamldoc builds, odd ones included.
_YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["", "300+", "1,000", "<.001", "> .5", "2024-05", "2024-05\n", "d", "r"]),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=4),
)
_YAML_VALUES = st.recursive(
    _YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
_PLACES = [
    ("id",),
    ("issue",),
    ("title",),
    ("type",),
    ("topics",),
    ("topics", 0),
    ("sample",),
    ("effects",),
    ("effects", 0),
    *[("effects", 0, name) for name in ("predictor", "measure", "value", "k", "n", "p", "df")],
    ("effects", 0, "ci", 1),
    ("effects", 0, "range"),
    ("citation",),
    ("unknown",),
]


def _with(data: dict[str, Any], place: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    parent: Any = changed
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = value
    return changed


def test_a_valid_entry_passes_the_quick_check() -> None:
    assert _passes_quick_check(VALID)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PLACES), _YAML_VALUES)
@example(("issue",), "2024-05\n")
@example(("effects", 0, "value"), math.nan)
@example(("issue",), date(2024, 5, 1))
@example(("title",), datetime(2024, 5, 1, 12))
@example(("effects", 0, "k"), 1.0)
@example(("effects", 0, "ci"), [True, 1])
def test_schema_problems_equal_jsonschemas(place: tuple[str | int, ...], value: Any) -> None:
    data = _with(VALID, place, value)
    assert list(schema_problems(data)) == list(_explained_problems(data))


@settings(max_examples=100)
@given(st.sets(st.sampled_from(sorted(VALID)), max_size=4))
def test_missing_fields_are_reported_as_before(missing: set[str]) -> None:
    data = {k: v for k, v in VALID.items() if k not in missing}
    assert list(schema_problems(data)) == list(_explained_problems(data))


# --- yamldoc: libyaml composes first, the nesting is checked on its nodes -------------


def _compose_checking_events_first(text: str) -> yaml.Node | None:
    """How every text was composed before: the event stream's depth checked first."""
    _check_depth(text, _LOADER)
    return yaml.compose(text, Loader=_LOADER)


def _outcome(compose: Any, text: str) -> tuple[str, Any]:
    try:
        root = compose(text)
    except YamlError as err:
        return "refused", (err.line, err.message)
    except yaml.YAMLError as err:
        return "invalid", str(err)
    return "composed", yaml.serialize(root) if root is not None else None


_NESTED = st.recursive(
    st.sampled_from(["a", "1", "", "x: y"]),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text("ab"), inner)),
    max_leaves=40,
)


@st.composite
def _yaml_texts(draw: st.DrawFn) -> str:
    """YAML nested up to 30 deep, in block or flow style, with aliases and damage."""
    depth = draw(st.integers(0, 30))
    data: Any = draw(_NESTED)
    for _ in range(depth):
        data = draw(st.sampled_from([[data], {"k": data}, [data, data], {"k": data, "l": data}]))
    text = yaml.dump(data, default_flow_style=draw(st.sampled_from([None, True, False])))
    cut = draw(st.integers(0, len(text)))
    damage = draw(st.sampled_from(["", "", "", "[", "]", "- ", ":", "\n  - ", "&a ", "*a", "\t"]))
    return text[:cut] + damage + text[cut:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_yaml_texts())
@example("a: &x [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]\nb: *x\n")
@example("- " * 25 + "x\n")
@example("a: [" * 25 + "\nb: {")
@example("&a [*a, [[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]")
def test_composing_first_refuses_and_accepts_as_before(text: str) -> None:
    assert _outcome(_compose, text) == _outcome(_compose_checking_events_first, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_yaml_texts())
def test_every_level_opens_at_an_indicator(text: str) -> None:
    """What SAFE_TO_COMPOSE rests on: no more collections than indicator characters."""
    try:
        events = list(yaml.parse(text, Loader=_LOADER))
    except yaml.YAMLError:
        return
    opened = sum(isinstance(e, yaml.CollectionStartEvent) for e in events)
    assert opened <= sum(map(text.count, _INDICATORS))


@pytest.mark.parametrize("levels", [SAFE_TO_COMPOSE + 1, 30_000])
def test_a_nest_past_the_safe_count_is_refused(levels: int) -> None:
    # test_bad_inputs' 400,000-deep nesting bomb is what would crash libyaml's composer.
    # PyYAML 6.0.4's scanner refuses 1,000 levels with its own words; the editor still
    # gets ours, on the line where the nesting passes the limit.
    bomb = "id: x\ntopics: " + "[" * levels + "]" * levels
    with pytest.raises(YamlError) as refused:
        parse(bomb)
    assert (refused.value.line, refused.value.message) == (
        2,
        f"values are nested more than {MAX_DEPTH} levels deep",
    )


def test_without_libyaml_the_nesting_is_checked_before_composing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("digest.entries.yamldoc._LOADER", yaml.SafeLoader)
    with pytest.raises(YamlError, match=f"more than {MAX_DEPTH} levels"):
        _compose("[" * SAFE_TO_COMPOSE + "]" * SAFE_TO_COMPOSE)


_TAGS = ["", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary "]
_SCALAR_TEXTS = st.one_of(
    st.sampled_from(["1", "-1_000", "0x1F", "0o17", "017", "1:30", "+.5", "1e3", "1.0", "0b101"]),
    st.sampled_from([".inf", "-.Inf", ".nan", "yes", "No", "on", "OFF", "true", "~", "null", ""]),
    st.sampled_from(["2024-05-01", "2024-05", "abc", "'1'", '" x "', "YWJj"]),
)


@given(st.sampled_from(_TAGS), _SCALAR_TEXTS)
def test_scalars_are_built_as_the_constructor_builds_them(tag: str, text: str) -> None:
    (node,) = yaml.compose(f"- {tag}{text}\n", Loader=_LOADER).value
    expected: Any
    try:
        expected = yaml.SafeLoader("").construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, *_UNREADABLE):
        # The builder words what the constructor refuses, "!!int abc" included.
        with pytest.raises(YamlError):
            _Builder(Document(None)).build(node, ())
        return
    number = node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    if number and not node.style and not _PLAIN_NUMBER.fullmatch(node.value):
        # 1:30 (base 60), 017 (octal), 0x1F, -1_000: numbers no editor means; refused.
        with pytest.raises(YamlError, match="is read by YAML as the number"):
            _Builder(Document(None)).build(node, ())
        return
    built = _Builder(Document(None)).build(node, ())
    assert (type(built), repr(built)) == (type(expected), repr(expected))


# --- load: the cycle collector is paused only while loading ----------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_collector_as_it_was(tmp_path: Path, enabled: bool) -> None:
    if not enabled:
        gc.disable()
    try:
        load(Project(tmp_path), cite=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


# --- display_paths: each folder resolved once ----------------------------------------


def test_display_paths_equal_display_path_of_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside, outside = tmp_path / "project", tmp_path / "elsewhere"
    (inside / "entries" / "2024").mkdir(parents=True)
    outside.mkdir()
    (inside / "linked").symlink_to(outside, target_is_directory=True)
    (inside / "entries" / "alias.yaml").symlink_to(inside / "entries" / "2024" / "a.yaml")
    monkeypatch.chdir(inside)
    paths = [
        Path("entries/2024/a.yaml"),
        inside / "entries" / "2024" / "b.yaml",
        Path("entries/alias.yaml"),
        Path("entries/2024/../2024/c.yaml"),
        Path("linked/d.yaml"),
        outside / "e.yaml",
        Path("f.yaml"),
    ]
    assert display_paths(paths) == [display_path(p) for p in paths]


def test_sources_equal_each_path_resolved_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, outside = tmp_path / "project", tmp_path / "elsewhere"
    (root / "entries" / "2024").mkdir(parents=True)
    outside.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (root / "entries" / "2024" / name).touch()
    (outside / "c.yaml").touch()
    (root / "entries" / "linked").symlink_to(root / "entries" / "2024")
    (root / "entries" / "alias.yaml").symlink_to(root / "entries" / "2024" / "b.yaml")
    (root / "entries" / "out.yaml").symlink_to(outside / "c.yaml")
    monkeypatch.chdir(root)
    shown = [
        "entries/2024/a.yaml",
        "entries/linked/a.yaml",
        "entries/alias.yaml",
        "entries/out.yaml",
        str(outside / "c.yaml"),
        "../project/entries/2024/b.yaml",
    ]

    def within(name: str) -> str:
        try:
            return Path(name).resolve().relative_to(root).as_posix()
        except ValueError:
            return name

    assert _sources(root, shown) == [within(name) for name in shown]
