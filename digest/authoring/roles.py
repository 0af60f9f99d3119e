"""What an effect size in prose is of and on, read from the words of its sentence.

"Positive regard is moderately related to patient outcomes (d = .57)" gives the
predictor "positive regard" and the outcome "patient outcomes". Only words of the
sentence are ever returned, never a paraphrase; where no pattern fits, the words before
the statistic stand in for the predictor if they are few, and otherwise nothing does.
"""

from __future__ import annotations

import re

from digest.stats.prose import SENTENCE_END, Finding

_BE = r"(?:is|was|are|were|has been|have been|remained|remains)"
_ADVERBS = r"(?:(?:\w+ly|not|also|still|only|even)\s+)*"
_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"^(?P<x>.+?)\s+{_BE}\s+{_ADVERBS}(?:related|associated|correlated|linked)"
        r"\s+(?:to|with)\s+(?P<y>.+)$",
        rf"^(?P<x>.+?)\s+{_BE}\s+(?:(?:one|among)\s+(?:of\s+)?)?(?:the\s+)?(?:\w+\s+){{0,2}}"
        r"predictors?\s+of\s+(?P<y>.+)$",
        r"^(?P<x>.+?)\s+(?:had|has|have|showed|shows)\s+(?:a|an)\s+(?:\w+\s+){0,3}"
        r"(?:effect|association|correlation|relationship|relation)\s+(?:on|with)\s+(?P<y>.+)$",
        rf"^(?P<x>.+?)\s+{_ADVERBS}(?:predicted|predicts|predict|improved|improves|reduced"
        r"|reduces|increased|increases|accounted for|accounts for|explained|explains|went with"
        r"|goes with)"
        r"\s+(?P<y>.+)$",
    )
)
_LEADING = re.compile(
    r"^(?:.*\bthat\s+|.*[,:;]\s+)?(?:(?:and|or|but|while|whereas)\s+)?(?:(?:the|a|an)\s+)?", re.I
)
# "... on dropout in 24 RCTs": the phrase ends before where and how much was counted.
_TRAILING = re.compile(
    r"(?:\s*[,;(]|\s+(?:with|when|but|which|at)\b|\s+(?:in|across|from|among|over)\s+\d).*$",
    re.I,
)
# A phrase starting so sets the scene ("across all clients", "in 24 trials"); one holding
# such a verb is a clause ("the benefit was small"): neither names what a statistic is of.
_SCENE_SETTER = re.compile(
    r"(?:across|in|among|over|for|from|at|with|by|after|during|within|based|overall|total"
    r"|compared|relative|when|while)\b",
    re.I,
)
_VERB = re.compile(
    r"\b(?:is|was|are|were|be|been|being|has|have|had|showed|shows|found|finds|took|takes"
    r"|did|does|remained|remains|seemed|seems|became|becomes)\b",
    re.I,
)
MAX_WORDS = 10


def roles(text: str, finding: Finding) -> tuple[str | None, str | None]:
    """(predictor, outcome) of a finding, each None when the sentence does not say."""
    before, in_parentheses = _sentence_before(text, finding.at)
    for pattern in _PATTERNS:
        match = pattern.match(before)
        if match:
            return _phrase(match["x"], leading=True), _phrase(match["y"], leading=False)
    # "The variability between therapists (ICC = .011)": the statistic names its phrase,
    # when that is a noun phrase ("Across all clients the benefit was small (g = .21)" is not).
    phrase = _phrase(before, leading=True) if in_parentheses else None
    return (phrase if phrase and _names_a_thing(phrase) else None), None


def _names_a_thing(phrase: str) -> bool:
    """Whether a phrase can be what a statistic is of: a noun phrase, with no number."""
    return not (
        _SCENE_SETTER.match(phrase) or _VERB.search(phrase) or any(c.isdigit() for c in phrase)
    )


def _sentence_before(text: str, at: int) -> tuple[str, bool]:
    """The sentence's words before the statistic (before its parentheses, if any)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, at)]
    before = text[ends[-1] if ends else 0 : at]
    opened = before.rfind("(") > before.rfind(")")
    if opened:
        before = before[: before.rfind("(")]
    before = before[before.rfind(")") + 1 :]  # an earlier statistic's parentheses
    return " ".join(before.split()).rstrip(" ,;:[–—-"), opened


def _phrase(words: str, leading: bool) -> str | None:
    words = _LEADING.sub("", words) if leading else words
    words = _TRAILING.sub("", words).strip(" .,:;")
    if not words or len(words.split()) > MAX_WORDS:
        return None
    return words[0].lower() + words[1:] if not words[:2].isupper() else words
