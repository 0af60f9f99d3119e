"""Effect sizes found in prose: "r = .28, 95% CI [.22, .33]", "(306 studies, g = .57)".

The text is scanned for statistics (an estimate such as ``d = .58``, and what travels
with it: a CI, p, t, df, k and N), and each of those is attached to the estimate it
belongs to: the one in the same parentheses, else the nearest in the same sentence.
Printing damage seen in old archives is undone only where the text itself settles it:
a minus sign lost from an estimate whose CI lies below zero is restored from the CI; a
sign printed as a dot with nothing to settle it leaves the estimate without a value and
says so, rather than guessing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from digest.common.model import Count, PValue

# One character in, one character out, so that spans found in the folded text are
# spans of the original text too.
_FOLD = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # full-width hyphen-minus
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u2019": "'",
        "\u2018": "'",
        "\u2264": "<",  # ≤ is reported as a bound, as "<" is
        "\u2265": ">",
    }
)

# A sign printed as a dot, a middle dot or a replacement character ("r = ..42").
# A dot before a number that has its own decimal point (".1.83") is one too.
_DAMAGED_SIGN = r"(?:\.(?=\.\d)|\.(?=\d+\.\d)|[·•?\ufffd](?=\s?\.?\d))"
_SIGN = rf"(?P<{{name}}_sign>-\s?|–\s?(?=\.?\d)|\+|{_DAMAGED_SIGN})?"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)(?![\d.]\d)"


def _number(name: str) -> str:
    return _SIGN.format(name=name) + rf"(?P<{name}>{_DIGITS})"


_MEASURES = (
    ("ICC", r"ICC"),
    ("OR", r"OR|[Oo]dds ratio"),
    ("RR", r"RR|[Rr]isk ratio|[Rr]elative risk"),
    ("beta", r"β|[Bb]eta"),
    ("g", r"(?:Hedges'?s?\s+)?g"),
    ("d", r"(?:Cohen'?s?\s+)?d"),
    ("r", r"r"),
    ("b", r"[bB]"),
)
_MEASURE = "|".join(f"(?P<m_{name}>{pattern})" for name, pattern in _MEASURES)
_RANGE_SEPARATOR = r"\s*(?:–|—|-|\bto\b)\s*"
_ESTIMATE = re.compile(
    rf"(?<![\w'.])(?:{_MEASURE})(?:\s*\(\s*\d[\d,.]*\s*\))?"
    rf"(?:\s*[=:]\s*|\s+of\s+(?:about\s+)?){_number('value')}"
    rf"(?:{_RANGE_SEPARATOR}{_number('high')})?"
)
_CI = re.compile(
    r"(?:(?P<level>\d{2})\s*%\s*)?(?:CI|[Cc]onfidence interval)\b\s*(?:[:=,]|of)?\s*[\[(]?\s*"
    rf"{_number('low')}\s*(?:,|;|–|—|-|\bto\b)\s*{_number('high')}\s*[\])]?"
)
_P = re.compile(rf"(?<![\w'.])p\s*(?P<relation>[=<>])\s*{_number('value')}")
_T = re.compile(rf"(?<![\w'.])t\s*(?:\(\s*(?P<df>[\d,.]+)\s*\))?\s*=\s*{_number('value')}")
_DF = re.compile(rf"(?<![\w'.])df\s*=\s*{_number('value')}")
# "N = 30,000+" is a lower bound, as "more than 30,000" is.
_K = re.compile(rf"(?<![\w'.])k\s*(?P<relation>[=>])\s*{_number('value')}(?P<plus>\+)?")
_N = re.compile(rf"(?<![\w'.])[Nn]\s*(?P<relation>[=>])\s*{_number('value')}(?P<plus>\+)?")
# Read in the text just before a prose count's number; as a prefix of the count's own
# pattern it would be tried at every position of the text, at four times the cost.
_QUALIFIER = re.compile(
    r"(?i)\b(?P<at_least>more than|over|at least|nearly|almost|about|approximately|roughly"
    r"|some)\s+$"
)
_K_WORDS = (
    r"(?:studies|samples|trials|RCTs|meta-analyses|effect sizes|comparisons|datasets|cohorts)"
)
_N_WORDS = (
    r"(?:participants|patients|clients|people|individuals|adults|children|adolescents"
    r"|youths?|students|respondents|veterans|couples|families|outpatients|inpatients"
    r"|subjects|persons|dyads)"
)
# Words that may stand between a count and what it counts: "295 independent studies",
# "24 randomised controlled trials", "6,138 adult clients".
_COUNT_ADJECTIVES = (
    r"(?:(?:independent|primary|published|unpublished|unique|eligible|included|separate"
    r"|individual|distinct|original|empirical|clinical|randomi[sz]ed|controlled|comparative"
    r"|naturalistic|longitudinal|observational|adult|adolescent|young|older|treatment-seeking"
    r"|psychotherapy|therapy)\s+){0,2}"
)
_K_PROSE = re.compile(
    rf"(?<![\w.,])(?P<value>\d[\d,]*)(?P<plus>\+)?\s+{_COUNT_ADJECTIVES}{_K_WORDS}\b", re.I
)
_N_PROSE = re.compile(
    rf"(?<![\w.,])(?P<value>\d[\d,]*)(?P<plus>\+)?\s+{_COUNT_ADJECTIVES}{_N_WORDS}\b", re.I
)
# A full stop, "?" or "!" followed by a space ends a sentence; a decimal point is never
# followed by a space, and "et al." rarely ends one (a false split only loses an N).
# The mark comes first and "al" is looked for behind it: a pattern opening with a set of
# characters is searched for by that set, one opening with a look-behind at every position.
SENTENCE_END = re.compile(r"[.!?](?<!\bal.)(?=\s+[^\s.,;a-z])")
_PARENTHESIS = re.compile(r"[()]")
# The patterns' own \d: any script's decimal digits.
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Number:
    """A number as printed: its value, how many decimals it had, and whether its sign
    could be read."""

    value: float
    decimals: int
    damaged_sign: bool = False


@dataclass(frozen=True)
class Finding:
    """One effect size found in text, with what was printed beside it.

    ``start`` and ``end`` span the estimate and everything attached to it; ``printed``
    is the estimate (or lone p) exactly as the text has it, from ``at``. ``measure`` is None for a p
    value printed with no estimate beside it. ``value`` is None when a range was
    printed, or when the sign could not be read (see ``notes``).
    """

    measure: str | None
    start: int
    end: int
    printed: str = ""
    at: int = 0
    value: float | None = None
    decimals: int = 2
    value_range: tuple[float, float] | None = None
    ci: tuple[float, float] | None = None
    k: Count | None = None
    n: Count | None = None
    t: float | None = None
    df: float | None = None
    p: PValue | None = None
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the estimate reads in a message, e.g. ``d = 0.58`` or ``p < 0.001``."""
        if self.measure is None and self.p is not None:
            return f"p {self.p.relation} {self.p.value:g}"
        if self.value_range is not None:
            low, high = self.value_range
            return f"{self.measure} = {low:g} to {high:g}"
        shown = "?" if self.value is None else f"{self.value:g}"
        return f"{self.measure} = {shown}"


@dataclass
class _Mention:
    kind: str
    start: int
    end: int
    fields: dict[str, object] = field(default_factory=dict)
    word_count: bool = False


def find_effects(text: str) -> list[Finding]:
    """Every effect size printed in ``text``, in reading order."""
    # Every pattern needs a digit, so text without one has nothing to find.
    return _find_effects(text) if _DIGIT.search(text) else []


def _find_effects(text: str) -> list[Finding]:
    folded = text.translate(_FOLD)
    sentences = _sentence_ends(folded)
    mentions = sorted(_mentions(folded, _digit_sentences(folded, sentences)), key=lambda m: m.start)
    estimates = [m for m in mentions if m.kind == "estimate"]
    groups = _parentheses(folded)
    owner_of = _owners(mentions, estimates, groups, sentences)
    parts_of: dict[int, list[_Mention]] = defaultdict(list)
    for m in mentions:  # each estimate's parts, gathered once: a summary may hold thousands
        owner = owner_of.get(id(m))
        if owner is not None:
            parts_of[id(owner)].append(m)
    findings = []
    for mention in mentions:
        if mention.kind == "estimate":
            printed = text[mention.start : mention.end]
            findings.append(_finding(mention, parts_of[id(mention)], printed))
        elif mention.kind == "p" and id(mention) not in owner_of:
            printed = text[mention.start : mention.end]
            findings.append(
                Finding(None, mention.start, mention.end, printed, mention.start, p=_p_of(mention))
            )
    return sorted(findings, key=lambda f: f.start)


def _mentions(text: str, windows: list[tuple[int, int]] | None = None) -> Iterator[_Mention]:
    taken = _Spans()
    spans = _digit_sentences(text, _sentence_ends(text)) if windows is None else windows
    for kind, pattern, word_count in _PATTERNS:
        matches = (m for start, end in spans for m in pattern.finditer(text, start, end))
        for match in matches:
            if taken.overlaps(*match.span()):
                continue
            taken.add(*match.span())
            start, fields = match.start(), _groups(match)
            qualifier = _QUALIFIER.search(text, max(0, start - 20), start) if word_count else None
            if qualifier:
                start, fields["at_least"] = qualifier.start(), qualifier["at_least"]
            yield _Mention(kind, start, match.end(), fields, word_count)


class _Spans:
    """Spans of text already taken, which never overlap: kept sorted, so that whether a
    new one overlaps is two look-ups, not a pass over all (a summary may hold thousands)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, start)
        before = i > 0 and self._ends[i - 1] > start
        after = i < len(self._starts) and self._starts[i] < end
        return before or after

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _sentence_ends(text: str) -> list[int]:
    return [end.end() for end in SENTENCE_END.finditer(text)]


def _digit_sentences(text: str, sentence_ends: list[int]) -> list[tuple[int, int]]:
    """Spans of the sentences holding a digit, neighbours joined: every pattern needs a
    digit and none crosses a sentence's end, so the rest of a summary (most of it) is
    not searched nine times over."""
    bounds = [0, *sentence_ends, len(text)]
    spans: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(bounds):
        if not _DIGIT.search(text, start, end):
            continue
        if spans and spans[-1][1] == start:
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


# The order matters: a CI's numbers must not be read as a range of an estimate, and
# "t(507) = 1.98" must not be read as a count.
_PATTERNS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("ci", _CI, False),
    ("estimate", _ESTIMATE, False),
    ("p", _P, False),
    ("t", _T, False),
    ("df", _DF, False),
    ("k", _K, False),
    ("n", _N, False),
    ("k", _K_PROSE, True),
    ("n", _N_PROSE, True),
)


def _groups(match: re.Match[str]) -> dict[str, object]:
    found: dict[str, object] = {k: v for k, v in match.groupdict().items() if v is not None}
    for name in ("value", "high", "low"):
        if name in found:
            found[name] = _parse_number(str(found[name]), found.get(f"{name}_sign"))
    return found


def _parse_number(digits: str, sign: object) -> Number:
    plain = digits.replace(",", "")
    decimals = len(plain.partition(".")[2])
    value = float(plain)
    mark = str(sign or "").strip()
    if mark in ("-", "–"):
        value = -value
    return Number(value, decimals, damaged_sign=mark not in ("", "-", "–", "+"))


def _parentheses(text: str) -> list[tuple[int, int]]:
    """Spans of parenthesised groups, innermost included."""
    spans, open_at = [], []
    for bracket in _PARENTHESIS.finditer(text):
        if bracket[0] == "(":
            open_at.append(bracket.start())
        elif open_at:
            spans.append((open_at.pop(), bracket.end()))
    return spans


def _owners(
    mentions: list[_Mention],
    estimates: list[_Mention],
    groups: list[tuple[int, int]],
    sentence_ends: list[int],
) -> dict[int, _Mention]:
    """Which estimate each CI, p, t, df, k and N belongs to (by the mention's id)."""
    parts = [m for m in mentions if m.kind != "estimate"]
    among = _Estimates(estimates, sentence_ends)
    owners: dict[int, _Mention] = {}
    for mention, group in zip(parts, _innermost_groups(parts, groups), strict=True):
        owner = among.owner(mention, group)
        if owner is not None:
            owners[id(mention)] = owner
    return owners


class _Estimates:
    """The estimates in reading order, those of a parenthesis or a sentence found by
    bisection: they never overlap, so their starts and their ends both ascend. (A pass
    over all of them for each part took minutes on a summary of thousands.)"""

    def __init__(self, estimates: list[_Mention], sentence_ends: list[int]) -> None:
        self.estimates = estimates
        self.starts = [e.start for e in estimates]
        self.ends = [e.end for e in estimates]
        self.sentence_ends = sentence_ends
        self.sentences = [bisect.bisect_left(sentence_ends, start) for start in self.starts]

    def owner(self, mention: _Mention, group: tuple[int, int] | None) -> _Mention | None:
        if group is not None:
            first = bisect.bisect_left(self.starts, group[0])
            end = bisect.bisect_right(self.ends, group[1])
            if first < end:  # estimates inside the parentheses
                return self._nearest(mention, first, end)
        sentence = bisect.bisect_left(self.sentence_ends, mention.start)
        first = bisect.bisect_left(self.sentences, sentence)
        end = bisect.bisect_right(self.sentences, sentence)
        if mention.word_count:
            # "Across 82 studies, ... (r = .28) ... d = .58": counts in prose belong to the
            # sentence's only estimate, or else to the first one after them.
            if end - first == 1:
                return self.estimates[first]
            after = bisect.bisect_right(self.starts, mention.start, first, end)
            return self.estimates[after] if after < end else None
        return self._nearest(mention, first, end) if first < end else None

    def _nearest(self, mention: _Mention, first: int, end: int) -> _Mention:
        """Of ``estimates[first:end]``, the one just before the mention, else the first."""
        before = bisect.bisect_left(self.starts, mention.start, first, end)
        return self.estimates[before - 1] if before > first else self.estimates[first]


def _innermost_groups(
    mentions: list[_Mention], groups: list[tuple[int, int]]
) -> list[tuple[int, int] | None]:
    """For each mention (in reading order), the innermost parenthesised group around it.

    Groups nest or lie apart, so those still open at a mention form a stack, innermost on
    top; the few a mention's own words close (``t(24) = 2.1``) are passed over.
    """
    opening = sorted(groups)
    stack: list[tuple[int, int]] = []
    pushed = 0
    innermost: list[tuple[int, int] | None] = []
    for mention in mentions:
        while pushed < len(opening) and opening[pushed][0] < mention.start:
            group = opening[pushed]
            pushed += 1
            while stack and stack[-1][1] <= group[0]:
                stack.pop()
            stack.append(group)
        while stack and stack[-1][1] <= mention.start:
            stack.pop()
        around = (g for g in reversed(stack) if mention.end <= g[1])
        innermost.append(next(around, None))
    return innermost


def _finding(estimate: _Mention, parts: list[_Mention], printed: str) -> Finding:
    fields = estimate.fields
    measure = next(name[2:] for name in fields if name.startswith("m_"))
    value = fields["value"]
    assert isinstance(value, Number)
    start, decimals = estimate.start, value.decimals
    high = fields.get("high")
    if isinstance(high, Number):
        low, top = sorted((value.value, high.value))
        found = Finding(measure, start, estimate.end, printed, start, None, decimals, (low, top))
    else:
        found = Finding(measure, start, estimate.end, printed, start, value.value, decimals)
    for part in parts:
        found = _attach(found, part)
    return _settle_signs(found, value)


def _attach(found: Finding, part: _Mention) -> Finding:
    """The finding spanning ``part`` too, with what the part says that it lacked."""
    start, end = min(found.start, part.start), max(found.end, part.end)
    return replace(found, start=start, end=end, **_said_by(found, part))


def _said_by(found: Finding, part: _Mention) -> dict[str, Any]:
    """The fields ``part`` gives ``found``: only those still unknown."""
    value = part.fields.get("value")
    if part.kind == "ci" and found.ci is None and _level_is_95(part):
        low, high = part.fields["low"], part.fields["high"]
        assert isinstance(low, Number) and isinstance(high, Number)
        return _ci_of(found, low, high)
    if part.kind == "p" and found.p is None:
        return {"p": _p_of(part)}
    if part.kind == "t" and found.t is None and isinstance(value, Number):
        df = part.fields.get("df")
        said: dict[str, Any] = {"df": _plain(str(df))} if df and found.df is None else {}
        if value.damaged_sign:
            return {**said, "notes": (*found.notes, "the sign of t could not be read")}
        return {**said, "t": value.value}
    if part.kind == "df" and found.df is None and isinstance(value, Number):
        return {"df": value.value}
    count = _count_of(part) if part.kind in ("k", "n") else None
    if part.kind == "k" and found.k is None and count:
        return {"k": count}
    if part.kind == "n" and found.n is None and count:
        return {"n": count}
    return {}


def _level_is_95(part: _Mention) -> bool:
    return part.fields.get("level") in (None, "95")


def _ci_of(found: Finding, low: Number, high: Number) -> dict[str, Any]:
    if low.damaged_sign or high.damaged_sign:
        note = "the signs of the CI could not be read; add it by hand"
        return {"notes": (*found.notes, note)}
    lo, hi = low.value, high.value
    if lo > hi and -lo <= hi:
        note = "the CI's lower bound had lost its minus sign; restored"
        return {"ci": (-lo, hi), "notes": (*found.notes, note)}
    return {"ci": (lo, hi)}


def _settle_signs(found: Finding, printed: Number) -> Finding:
    """Restore a lost or unreadable minus sign where the CI settles it."""
    if found.value is None:
        return found
    ci = found.ci
    inside = ci is not None and ci[0] <= found.value <= ci[1]
    flipped = ci is not None and ci[0] <= -found.value <= ci[1]
    if printed.damaged_sign and inside == flipped:  # no CI, or one holding both readings
        note = f"the sign of {found.measure} = {abs(found.value):g} could not be read"
        return replace(found, value=None, notes=(*found.notes, note))
    if printed.damaged_sign:
        value = -found.value if flipped else found.value
        return replace(found, value=value, notes=(*found.notes, "sign read from the CI"))
    if flipped and not inside:
        note = "the minus sign had been lost; restored from the CI"
        return replace(found, value=-found.value, notes=(*found.notes, note))
    return found


def _p_of(mention: _Mention) -> PValue:
    value = mention.fields["value"]
    assert isinstance(value, Number)
    relation = str(mention.fields["relation"])
    return PValue(value.value, relation if relation in "<>" else "=")  # type: ignore[arg-type]


def _count_of(mention: _Mention) -> Count | None:
    """The count, "300+" for "more than 300"; None for "about 300", which is no count."""
    raw = mention.fields["value"]
    value = int(raw.value) if isinstance(raw, Number) else int(str(raw).replace(",", ""))
    qualifier = str(mention.fields.get("at_least", "")).lower().split()
    if qualifier and qualifier[0] not in ("more", "over", "at"):
        return None
    bound = "plus" in mention.fields or mention.fields.get("relation") == ">"
    return Count(value, at_least=bool(qualifier) or bound)


def _plain(digits: str) -> float:
    return float(digits.replace(",", ""))
