"""Entry data -> problems: the JSON Schema first, then rules a schema cannot say.

Every problem names the line of the field it is about. Messages say what was expected
and what was found, with a "did you mean" hint where a close spelling exists.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import jsonschema_rs

from digest.common.model import Count
from digest.entries.schedule import MONTHS_AHEAD, months_ahead
from digest.entries.schema import ID_PATTERN, MONTH_PATTERN, entry_schema
from digest.entries.terms import unknown_term
from digest.entries.vocab import Vocabulary, closest, in_use, vocabulary
from digest.entries.yamldoc import Document, Path
from digest.stats.effects import MIN_N_FOR_G, RATIOS

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

_VOCABULARY_OF = {
    "topics": "topics",
    "instruments": "instruments",
    "type": "research_types",
    "measure": "measures",
}


def field_name(path: Path) -> str:
    """``("effects", 0, "ci")`` -> ``effects[0].ci``."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else part
    return name or "(file)"


def describe(value: Any) -> str:
    """How a found value is named in a message."""
    kinds = {bool: "true/false", dict: "a mapping", list: "a list", type(None): "nothing"}
    for kind, word in kinds.items():
        if isinstance(value, kind):
            return word
    if isinstance(value, date):
        return f"the date {value.isoformat()} (quote it)"
    return repr(value)


Found = tuple[Path, str]


def _validator() -> Draft202012Validator:
    return _validator_of(in_use())


@cache
def _validator_of(folder: str) -> Draft202012Validator:
    # Imported here: only a file that fails the quick check below needs it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(entry_schema())


def _quick_validator() -> jsonschema_rs.Validator:
    return _quick_validator_of(in_use())


@cache
def _quick_validator_of(folder: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(entry_schema())


def schema_problems(data: Any) -> Iterator[Found]:
    """(path, message) for every way ``data`` breaks the entry schema, each once."""
    if not _passes_quick_check(data):
        yield from _explained_problems(data)


def _passes_quick_check(data: Any) -> bool:
    """Whether the compiled validator (some 70 times faster than jsonschema) passes ``data``.

    It is stricter, never looser, on what YAML gives: it refuses the values it cannot
    take (dates, bytes) and NaN, and reads ``$`` as the end of the text. jsonschema then
    decides, and words the messages.
    """
    try:
        return _quick_validator().is_valid(data)
    except ValueError:
        return False


def _explained_problems(data: Any) -> Iterator[Found]:
    # jsonschema gives one "required" error per missing field; each names them all.
    found = (f for error in _validator().iter_errors(data) for f in _translate(error))
    yield from dict.fromkeys(found)


def _translate(error: ValidationError) -> Iterator[Found]:
    path: Path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind, expected = error.validator, cast(Any, error.validator_value)
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        for key in sorted(set(cast(dict[str, Any], error.instance)) - set(known)):
            hint = closest(key, known)
            yield (*path, key), "unknown field" + (f"; did you mean '{hint}'?" if hint else "")
    elif kind == "required":
        for name in expected:
            if name not in cast(dict[str, Any], error.instance):
                yield (*path, name), "required field is missing"
    elif kind == "enum":
        yield path, _unknown_term(path, error.instance)
    elif "x-expected" in schema:
        yield path, f"expected {schema['x-expected']}, got {describe(error.instance)}"
    elif kind == "type":
        yield path, f"expected {_type_words(expected)}, got {describe(error.instance)}"
    elif kind in _BOUND_WORDS:
        bound = f"{_BOUND_WORDS[kind]} {expected:g}"
        yield path, f"expected a number {bound}, got {describe(error.instance)}"
    elif kind == "minLength":
        yield path, "must not be empty"
    elif kind == "minItems":
        yield path, "must list at least one"
    elif kind == "uniqueItems":
        yield path, "lists the same value twice"
    else:
        yield path, error.message


_BOUND_WORDS = {"minimum": "of at least", "maximum": "of at most", "exclusiveMinimum": "above"}


def _type_words(expected: str | list[str]) -> str:
    words = {
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "object": "a mapping of fields",
        "array": "a list",
        "boolean": "true/false",
    }
    names = [expected] if isinstance(expected, str) else expected
    return " or ".join(words.get(n, n) for n in names)


def _unknown_term(path: Path, value: Any) -> str:
    owner = next((p for p in reversed(path) if isinstance(p, str)), "")
    name = _VOCABULARY_OF.get(owner)
    if name is None:
        return f"must be one of the listed values, got {describe(value)}"
    if value is None:
        return f"is empty; give one of: {', '.join(vocabulary().ids(name))}"
    return unknown_term(name, str(value))


def rule_problems(data: dict[str, Any], stem: str, today: date) -> Iterator[Found]:
    """Problems the schema cannot express; tolerant of data that broke the schema."""
    entry_id, issue = data.get("id"), data.get("issue")
    month_ok = isinstance(issue, str) and re.match(MONTH_PATTERN, issue) is not None
    id_ok = isinstance(entry_id, str) and re.match(ID_PATTERN, entry_id) is not None
    if id_ok and entry_id != stem:
        yield ("id",), f"id '{entry_id}' does not match the file name '{stem}'"
    if month_ok and months_ahead(str(issue), today) > MONTHS_AHEAD:
        message = f"issue month {issue} is more than {MONTHS_AHEAD} months ahead; check the year"
        yield ("issue",), message
    if month_ok and str(issue) < EARLIEST_ISSUE:
        yield ("issue",), f"issue month {issue} is before {EARLIEST_ISSUE}; check the year"
    if month_ok and id_ok and not str(entry_id).startswith(str(issue)):
        yield ("id",), f"id '{entry_id}' should start with its issue month {issue}"
    yield from _blank_text(data, ("title", "summary", "implications", "sample"))
    if "cite" in data and "citation" in data:
        yield ("citation",), "give either cite or citation, not both"
    elif "cite" not in data and "citation" not in data:
        yield ("cite",), "required field is missing (or give an inline citation:)"
    effects = data.get("effects")
    if isinstance(effects, list):
        yield from _repeated_effects(effects)
        vocab = vocabulary()
        for index, effect in enumerate(effects):
            if isinstance(effect, dict):
                for path, message in _effect_problems(effect, vocab):
                    yield ("effects", index, *path), message
                for path, message in _effect_topic_problems(effect, data.get("topics"), vocab):
                    yield ("effects", index, *path), message


def _blank_text(data: dict[str, Any], names: Sequence[str]) -> Iterator[Found]:
    """Text fields must hold something visible, and nothing that reorders what is shown."""
    for name in names:
        text = data.get(name)
        if isinstance(text, str) and text and not visible(text):
            yield (name,), "is blank: only spaces or invisible characters"
        elif isinstance(text, str) and (found := BIDI_CONTROLS.search(text)):
            code = f"U+{ord(found[0]):04X}"
            shown = text.encode("ascii", "backslashreplace").decode("ascii")
            yield (name,), f"holds {code}, which reorders the text shown: '{shown}'"


#: Bidirectional embeddings, overrides and isolates: they make text read otherwise than
#: it is stored (a "Trojan Source" title), and no summary needs one.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> bool:
    """Whether ``text`` has a character that is neither whitespace nor invisible (format)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def _number_problems(effect: dict[str, Any]) -> Iterator[Found]:
    """t, df and p finite; every number within what the arithmetic and database hold."""
    for name in ("t", "df", "p"):
        x: Any = effect.get(name)
        if _is_number(x) and not math.isfinite(x):
            yield (name,), f"must be a finite number, got {x}"
    for name in ("value", "t", "df"):
        x = effect.get(name)
        if _is_number(x) and math.isfinite(x) and abs(x) > MAX_MAGNITUDE:
            yield (name,), f"{x:g} is beyond {MAX_MAGNITUDE:g}; check the number"
    for name in ("ci", "range"):
        pair = _pair(effect.get(name))
        if pair and all(map(math.isfinite, pair)) and max(map(abs, pair)) > MAX_MAGNITUDE:
            yield (name,), f"[{_listed(pair)}] goes beyond {MAX_MAGNITUDE:g}; check the numbers"
    for name in ("k", "n"):
        count = effect.get(name)
        number = _count_value(count)
        if number is not None and number > MAX_COUNT:
            yield (name,), f"{number:,} is more than digest can count (at most {MAX_COUNT:,})"
    yield from _p_bound_problems(effect.get("p"))


def _count_value(count: Any) -> int | None:
    """The number a count field holds, or None where the schema has refused it already."""
    if _is_number(count):
        return int(count)
    try:
        return Count.parse(count).value if isinstance(count, str) else None
    except ValueError:
        return None


def _p_bound_problems(p: Any) -> Iterator[Found]:
    """ "<0" and ">1" bound nothing: no p is below 0 or above 1."""
    if not isinstance(p, str) or p[:1] not in ("<", ">"):
        return
    try:
        bound = float(p[1:].strip())
    except ValueError:
        return
    if (p[0] == "<" and bound <= 0) or (p[0] == ">" and bound >= 1):
        yield ("p",), f"'{p}' bounds nothing (a p lies between 0 and 1)"


def _effect_problems(effect: dict[str, Any], vocab: Vocabulary) -> Iterator[Found]:
    value, span, ci = effect.get("value"), _pair(effect.get("range")), _pair(effect.get("ci"))
    yield from _blank_text(effect, ("predictor", "outcome", "note"))
    yield from _number_problems(effect)
    if not _is_number(value):
        value = None
    if value is None and span is None and "value" not in effect:
        yield ("value",), "required field is missing (or give range: [low, high])"
    if "value" in effect and "range" in effect:
        yield ("range",), "give either value or range, not both"
    measure = effect.get("measure")
    if measure in vocab.ids("measures"):
        yield from _bounds(effect, vocab, measure)
    for name, pair in (("ci", ci), ("range", span)):
        if pair and pair[0] > pair[1]:
            label = "CI" if name == "ci" else "range"
            yield (name,), f"{label} low {pair[0]:g} is above {label} high {pair[1]:g}"
    if ci and ci[0] == ci[1]:
        yield (
            ("ci",),
            f"CI [{ci[0]:g}, {ci[1]:g}] has no width; give it as reported, or leave it out",
        )
    if ci and value is not None and ci[0] <= ci[1] and not ci[0] <= value <= ci[1]:
        yield ("ci",), f"CI [{ci[0]:g}, {ci[1]:g}] does not contain the estimate {value:g}"
    yield from _sign_problems(effect, measure, value)
    if measure == "g":
        yield from _small_g_problems(effect)


def _repeated_effects(effects: list[Any]) -> Iterator[Found]:
    """An effect listed twice would be counted twice in every view."""
    first_at: dict[Any, int] = {}  # by the effect as a key: thousands are compared at once
    for index, effect in enumerate(effects):
        if isinstance(effect, dict):
            first = first_at.setdefault(_as_key(effect), index)
            if first != index:
                yield ("effects", index), f"repeats effects[{first}] exactly; list it once"


def _as_key(value: Any) -> Any:
    """YAML data as a dictionary key, equal to another's exactly when the data are equal."""
    if isinstance(value, dict):
        return frozenset((key, _as_key(item)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(_as_key(item) for item in value)
    return value


def _effect_topic_problems(
    effect: dict[str, Any], entry_topics: Any, vocab: Vocabulary
) -> Iterator[Found]:
    """An effect's topics must be among its entry's (an effect narrows them, never adds)."""
    topics: Any = effect.get("topics")
    if not isinstance(topics, list) or not isinstance(entry_topics, list):
        return
    known = set(vocab.accepted("topics"))
    entry_ids = {vocab.canonical("topics", t) for t in entry_topics if t in known}
    for index, topic in enumerate(topics):
        if topic in known and vocab.canonical("topics", topic) not in entry_ids:
            yield ("topics", index), f"'{topic}' is not among the entry's topics; add it there too"


def _sign_problems(effect: dict[str, Any], measure: Any, value: float | None) -> Iterator[Found]:
    """t and the estimate must agree in sign; for a ratio, t and ln(ratio) (no effect is 1)."""
    t: Any = effect.get("t")
    if not _is_number(t) or value is None:
        return
    if measure in RATIOS:
        if value > 0 and t * math.log(value) < 0:
            shown = f"ln({measure}) = ln({value:g}) = {math.log(value):.3g}"
            yield ("t",), f"t = {t:g} and {shown} differ in sign (a lost minus, or 1/{measure}?)"
    elif t * value < 0:
        yield ("t",), f"t = {t:g} and the estimate {value:g} differ in sign (a lost minus?)"


def _small_g_problems(effect: dict[str, Any]) -> Iterator[Found]:
    """A single study's g is corrected back to d with J, which is 0 at n = 3."""
    k: Any = effect.get("k")
    n: Any = effect.get("n")
    single = k is None or (_is_number(k) and k <= 1)
    if single and _is_number(n) and n < MIN_N_FOR_G:
        yield (
            ("n",),
            (
                f"a single study's g needs n of at least {MIN_N_FOR_G} to be corrected back to d "
                f"(Hedges' J is 0 or less at n = {n:g}); check n, or give k if g is pooled"
            ),
        )


#: No digest month before this: pages, feeds and archives date from the Unix epoch.
EARLIEST_ISSUE = "1970-01"
#: The largest magnitude of an estimate, interval, t or df: far beyond any real one, and
#: far within what the conversions square and exponentiate without overflow.
MAX_MAGNITUDE = 1e9
#: The database stores k and N as 32-bit integers.
MAX_COUNT = 2**31 - 1


def _bounds(effect: dict[str, Any], vocab: Vocabulary, measure: str) -> Iterator[Found]:
    m = vocab.measure(measure)
    for name in ("value", "range", "ci"):
        raw: Any = effect.get(name)
        numbers = [float(raw)] if name == "value" and _is_number(raw) else _pair(raw) or ()
        if not all(math.isfinite(x) for x in numbers):
            yield (name,), f"must be finite numbers, got {_listed(numbers)}"
        elif not all(_within(x, m.min, m.max, m.exclusive_min) for x in numbers):
            shown = _listed(numbers) if name == "value" else f"[{_listed(numbers)}]"
            yield (name,), f"{shown} is outside the range of {m.id} ({_span(m)})"


def _listed(numbers: Sequence[float]) -> str:
    return ", ".join(f"{x:g}" for x in numbers)


def _within(x: float, low: float | None, high: float | None, exclusive_low: bool) -> bool:
    if low is not None and (x < low or (exclusive_low and x == low)):
        return False
    return high is None or x <= high


def _span(m: Any) -> str:
    if m.max is None:
        return f"above {m.min:g}" if m.exclusive_min else f"at least {m.min:g}"
    return f"{m.min:g} to {m.max:g}"


def _pair(raw: Any) -> tuple[float, float] | None:
    if isinstance(raw, list) and len(raw) == 2 and _is_number(raw[0]) and _is_number(raw[1]):
        return float(raw[0]), float(raw[1])
    return None


def _is_number(x: Any) -> bool:
    return isinstance(x, _NUMBER_TYPES) and not isinstance(x, bool)


#: A tuple, not ``int | float``, which would be made anew at each of some 80,000 calls.
_NUMBER_TYPES = (int, float)


def document_problems(doc: Document, stem: str, today: date) -> list[tuple[int, str, str]]:
    """(line, field, message) for everything wrong in one parsed entry file."""
    if not isinstance(doc.data, dict):
        return [(1, "(file)", f"expected a mapping of fields, found {describe(doc.data)}")]
    found = list(schema_problems(doc.data)) + list(rule_problems(doc.data, stem, today))
    return [(doc.line_of(path), field_name(path), message) for path, message in found]
