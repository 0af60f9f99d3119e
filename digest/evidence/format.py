"""How numbers, months and effects are written on the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from digest.common.model import Citation, Effect
from digest.common.safehtml import markdown_text, plain_text
from digest.evidence.matrix import MatrixRow
from digest.stats.effects import Converted, convert

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")


def month_name(issue: str) -> str:
    """``2023-11`` -> ``November 2023``."""
    return issue_date(issue).strftime("%B %Y")


def issue_date(issue: str) -> date:
    """The first day of an issue month."""
    return date(int(issue[:4]), int(issue[5:7]), 1)


def first_sentence(markdown: str) -> str:
    """The opening sentence of a Markdown text as plain text, on one line."""
    return _SENTENCE_END.split(plain_text(markdown), maxsplit=1)[0]


def teaser(markdown: str) -> str:
    """The opening sentence of a Markdown text, escaped for a Markdown page."""
    return markdown_text(first_sentence(markdown))


def number(x: float) -> str:
    """A reported number without spurious digits (0.28, 0.011, 1.48)."""
    return f"{x:g}".replace("-", "\u2212")


def estimate(f: Effect) -> str:
    if f.value_range:
        return f"{number(f.value_range[0])} to {number(f.value_range[1])}"
    return number(f.value) if f.value is not None else ""


def interval(f: Effect) -> str:
    return f"[{number(f.ci[0])}, {number(f.ci[1])}]" if f.ci else ""


def converted(x: float | None, places: int = 2) -> str:
    """A computed number, rounded: conversions carry no more precision than their inputs."""
    return "" if x is None else f"{x:.{places}f}".replace("-", "\u2212")


def any_interval(f: Effect, c: Converted) -> str:
    """The reported interval, or else the one derived from the reported statistics."""
    if f.ci or not c.ci:
        return interval(f)
    return f"[{converted(c.ci[0], 3)}, {converted(c.ci[1], 3)}]"


def note(f: Effect, c: Converted) -> str:
    derived = f"95% CI computed {c.ci_basis}" if c.ci and not f.ci else ""
    shared = f"same data as {f.same_data_as}: pooled views count it once" if f.same_data_as else ""
    return "; ".join(part for part in (f.note, derived, shared) if part)


def p_text(f: Effect) -> str:
    if f.p is None:
        return ""
    return f"{'' if f.p.relation == '=' else f.p.relation}{number(f.p.value)}"


def plain_language(f: Effect) -> str:
    """The common-language effect size as a sentence, for a d or g; else empty."""
    c = convert(f)
    if c.cles is None or c.d is None:
        return ""
    share = round(100 * max(c.cles, 1 - c.cles))
    subject = f"{f.predictor} → {f.outcome}" if f.outcome else f.predictor
    return (
        f"{markdown_text(subject)} ({f.measure} = {estimate(f)}): of two people picked at "
        f"random, one from each side of the comparison, the one on the better side does "
        f"better {share}% of the time (50% would mean no difference)."
    )


@dataclass(frozen=True)
class EffectView:
    """One effect as every page, e-mail and print shows it: plain text, not yet escaped.

    Grouped as a reader asks: what was related to what; what the study reported (the
    estimate, its interval and p); on how much (k studies, N people); and on the common
    scale (d and r, with Cohen's label).
    """

    subject: str
    measure: str
    estimate: str
    ci: str
    p: str
    k: str
    n: str
    d: str
    r: str
    magnitude: str
    #: "r" when the label uses Cohen's benchmarks for r, else "d".
    labelled_on: str
    note: str

    @property
    def has_common_scale(self) -> bool:
        return bool(self.d or self.r)


def effect_view(f: Effect) -> EffectView:
    c = convert(f)
    return EffectView(
        subject=f"{f.predictor} → {f.outcome}" if f.outcome else f.predictor,
        measure=f.measure,
        estimate=estimate(f),
        ci=any_interval(f, c),
        p=p_text(f),
        k=str(f.k or ""),
        n=str(f.n or ""),
        d=converted(c.d),
        r=converted(c.r),
        magnitude=c.magnitude or "",
        labelled_on=c.labelled_on,
        note=note(f, c),
    )


_SYMBOLS = {"beta": "β", "percent": "%"}


def measure_symbol(measure: str) -> str:
    """How a measure is written before its value: r, d, OR, β."""
    return _SYMBOLS.get(measure, measure)


def p_shown(p: str) -> str:
    """``= 0.01`` or ``< 0.001``: what follows a "p"."""
    return f"{p[0]} {p[1:]}" if p[:1] in "<>" else f"= {p}"


def short_citation(c: Citation, fallback_year: int) -> str:
    """``Elliott et al. (2018)``, ``Norcross & Lambert (2018)``, ``Wampold (2015)``."""
    names = [p.family for p in c.authors]
    if not names:
        author = c.title
    elif len(names) > 2 or c.more_authors:
        author = f"{names[0]} et al."
    else:
        author = " & ".join(names)
    return f"{author} ({c.year or fallback_year})"


def matrix_cells(row: MatrixRow) -> list[str]:
    """One row of a topic's evidence matrix, as plain text: the page escapes it."""
    size = f"{row.magnitude} (d = {converted(row.typical_d)})" if row.magnitude else "—"
    k = f"{row.k:,}{'+' if row.k_at_least else ''}" if row.k else "—"
    if row.k and 0 < row.k_min < row.k:
        k = f"{row.k_min:,}\u2013{k}"
    return [
        f"{row.predictor} → {row.outcome}" if row.outcome else row.predictor,
        size,
        row.direction or "—",
        k,
        str(row.entries),
        row.consistency,
        str(row.newest),
    ]
