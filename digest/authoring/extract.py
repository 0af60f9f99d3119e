"""Effect sizes found in prose -> the YAML of an ``effects:`` list, ready to paste.

Predictor and outcome are words of the sentence (see roles.py) and are marked for the
editor to check; what could not be read is a comment, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from digest.authoring.roles import roles
from digest.common.model import Count, Effect, PValue
from digest.entries.lint import covered
from digest.entries.yamldoc import YamlError, parse
from digest.stats.prose import Finding, find_effects

Item = tuple[Finding, dict[str, object]]


@dataclass(frozen=True)
class Extracted:
    """The estimates in a text, each with its ``effects:`` fields; the lone p values (an
    effect needs an estimate, so those are only comments); and the estimates that only
    restate the one listed before them on another scale ("r = .28, that is d = .58")."""

    items: list[Item]
    lone_p: list[Finding]
    conversions: list[tuple[Finding, Finding]] = field(default_factory=list)

    def yaml(self, indent: str = "") -> str:
        """The YAML list of the items, with comments to check."""
        lines: list[str] = []
        for finding, fields in self.items:
            lines.extend(f"# {note}" for note in finding.notes)
            lines.extend(_item_lines(fields, finding))
            lines.extend(
                f"# '{_words(converted.printed)}' is '{_words(finding.printed)}' converted:"
                " not listed again"
                for converted, source in self.conversions
                if source is finding
            )
        lines.extend(f"# '{_words(f.printed)}' has no effect size beside it" for f in self.lone_p)
        return "".join(f"{indent}{line}\n" for line in lines)


def summary_of(text: str) -> str:
    """The summary when ``text`` is an entry file, else ``text`` itself.

    The statistics to list are the summary's (those ``digest check`` looks for); the rest
    of a new entry is the template's comments, whose "24 adults" is no one's N.
    """
    try:
        data = parse(text).data
    except YamlError:
        return text
    if not isinstance(data, dict) or "summary" not in data:
        return text
    summary = data["summary"]
    return summary if isinstance(summary, str) else ""


def extract_effects(text: str) -> Extracted:
    """Every effect size printed in ``text``, read once."""
    findings = find_effects(text)
    items: list[Item] = []
    conversions: list[tuple[Finding, Finding]] = []
    for finding in (f for f in findings if f.measure is not None):
        if items and _restates(finding, items[-1][0]):
            conversions.append((finding, items[-1][0]))
        else:
            items.append((finding, effect_fields(finding, *roles(text, finding))))
    return Extracted(items, [f for f in findings if f.measure is None], conversions)


def _restates(finding: Finding, listed: Finding) -> bool:
    """Whether ``finding`` is ``listed`` on another scale, as printed: a d or r that is the
    conversion of the estimate listed just before it, with nothing of its own beside it."""
    if finding.measure == listed.measure or finding.value_range or listed.value is None:
        return False
    if finding.ci or finding.k or finding.n or finding.p:
        return False
    effect = Effect(predictor="", measure=str(listed.measure), value=listed.value)
    return covered(finding, [effect])


def _words(printed: str) -> str:
    return " ".join(printed.split())


def effect_fields(
    finding: Finding, predictor: str | None, outcome: str | None
) -> dict[str, object]:
    """The fields of one effect, in the order editors write them; unknowns left out."""
    fields: dict[str, object] = {"predictor": predictor}
    if outcome:
        fields["outcome"] = outcome
    fields["measure"] = finding.measure
    if finding.value_range is not None:
        fields["range"] = list(finding.value_range)
    else:
        fields["value"] = finding.value
    optional = {
        "ci": list(finding.ci) if finding.ci else None,
        "k": _count(finding.k),
        "n": _count(finding.n),
        "t": finding.t,
        "df": _whole(finding.df),
        "p": _p(finding.p),
    }
    fields.update({name: value for name, value in optional.items() if value is not None})
    return fields


def effects_yaml(text: str, indent: str = "") -> str:
    """The YAML list of the effect sizes printed in ``text``, with comments to check."""
    return extract_effects(text).yaml(indent)


def _item_lines(fields: dict[str, object], finding: Finding) -> Iterator[str]:
    prefix = "- "
    for name, value in fields.items():
        yield f"{prefix}{name}: {scalar(value)}{_comment(name, value, finding)}".rstrip()
        prefix = "  "


def _comment(name: str, value: object, finding: Finding) -> str:
    quoted = _words(finding.printed)
    if value is not None:
        return f"  # from '{quoted}': check" if name == "predictor" else ""
    if name == "predictor":
        return f"  # the sentence of '{quoted}' does not say what it is of: write it"
    return f"  # could not be read from '{quoted}': write it"


def scalar(value: object) -> str:
    """One YAML scalar or flow list, quoted where YAML needs it; empty for None."""
    if value is None:
        return ""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _count(count: Count | None) -> int | str | None:
    if count is None:
        return None
    return f"{count.value}+" if count.at_least else count.value


def _p(p: PValue | None) -> float | str | None:
    if p is None:
        return None
    return p.value if p.relation == "=" else f"{p.relation}{_decimal(p.value)}"


def _decimal(value: float) -> str:
    """.001 as APA prints a p bound."""
    return f"{value:g}".removeprefix("0")


def _whole(value: float | None) -> int | float | None:
    return int(value) if value is not None and value.is_integer() else value
