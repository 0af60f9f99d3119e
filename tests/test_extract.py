"""The extractor, read against phrasings a research digest really prints.

Every sentence below was written for these tests in the style of a clinician's summary
of a study; the numbers are those of real studies where facts.yaml has them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from typing import Any, Literal

import pytest
import yaml
from conftest import REPO, TODAY
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from digest.authoring.extract import effects_yaml
from digest.authoring.roles import roles
from digest.common.model import Count, Effect, PValue
from digest.entries.lint import covered
from digest.entries.validate import document_problems
from digest.entries.vocab import vocabulary
from digest.entries.yamldoc import parse
from digest.stats.effects import d_to_r, r_to_d
from digest.stats.prose import Finding, find_effects

EXAMPLES = settings(max_examples=250, deadline=None)


@dataclass(frozen=True)
class Want:
    """One expected finding; ``notes`` are words each of the finding's notes must hold."""

    printed: str
    measure: str | None
    value: float | None = None
    value_range: tuple[float, float] | None = None
    ci: tuple[float, float] | None = None
    k: Count | None = None
    n: Count | None = None
    t: float | None = None
    df: float | None = None
    p: PValue | None = None
    notes: tuple[str, ...] = ()


def seen(f: Finding) -> Want:
    """A finding in the shape of a Want, notes left to ``notes_match``."""
    return Want(f.printed, f.measure, f.value, f.value_range, f.ci, f.k, f.n, f.t, f.df, f.p)


def notes_match(f: Finding, want: Want) -> bool:
    """No notes where none are wanted; else every wanted fragment is in some note."""
    if not want.notes:
        return f.notes == ()
    return all(any(fragment in note for note in f.notes) for fragment in want.notes)


def row(name: str, text: str, *wants: Want) -> Any:
    return pytest.param(text, wants, id=name)


def lone_p(printed: str, value: float, relation: Literal["=", "<", ">"] = "=") -> Want:
    return Want(printed, None, p=PValue(value, relation))


K82, N6138 = Count(82), Count(6138)
LT001 = PValue(0.001, "<")

ROWS = [
    # The estimate, and what travels with it.
    row(
        "r with bracketed 95% CI",
        "Clients who felt understood by their therapist did better (r = .28, 95% CI [.22, .33]).",
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33)),
    ),
    row(
        "studies then g in parentheses",
        "The alliance in individual therapy again predicted outcome (306 studies, g = .57).",
        Want("g = .57", "g", 0.57, k=Count(306)),
    ),
    row(
        "d in running prose",
        "Patient-rated empathy carried the largest effect, d = .58, of the rater perspectives.",
        Want("d = .58", "d", 0.58),
    ),
    row(
        "ICC with three decimals",
        "Only a sliver of outcome variance lay between therapists (ICC = .011).",
        Want("ICC = .011", "ICC", 0.011),
    ),
    row(
        "b with t, df and p",
        "Feeling parental toward the patient before a session went with more felt empathy (b = 0.77, t = 1.98, df = 507, p = .048).",
        Want("b = 0.77", "b", 0.77, t=1.98, df=507, p=PValue(0.048)),
    ),
    row(
        "t with df in parentheses",
        "The same slope held up in the multilevel model (b = 0.77, t(507) = 1.98, p = .048).",
        Want("b = 0.77", "b", 0.77, t=1.98, df=507, p=PValue(0.048)),
    ),
    row(
        "negative t with df",
        "After sessions, feeling inadequate went with less felt empathy (b = −1.88, t(510) = −4.33, p < .001).",
        Want("b = −1.88", "b", -1.88, t=-4.33, df=510, p=LT001),
    ),
    row(
        "r with df in parentheses",
        "Empathy correlated with outcome in the trainee sample, r(80) = .28, p = .01.",
        Want("r(80) = .28", "r", 0.28, p=PValue(0.01)),
    ),
    row(
        "lone p has no measure",
        "Clients whose therapists saw weekly feedback improved faster than those without it (p < .001).",
        lone_p("p < .001", 0.001, "<"),
    ),
    row(
        "lone p written with a leading zero and ≤",
        "The gap between orientations was not significant (p = 0.41), and neither was age (p ≤ .05).",
        lone_p("p = 0.41", 0.41),
        lone_p("p ≤ .05", 0.05, "<"),
    ),
    # Minus signs and dashes.
    row(
        "Unicode minus in estimate and CI",
        "Mindful therapists reported less personal distress (r = −.42, 95% CI [−.55, −.27]).",
        Want("r = −.42", "r", -0.42, ci=(-0.55, -0.27)),
    ),
    row(
        "hyphen U+2010 as minus",
        "Dropout fell in the feedback arm (d = ‐.35).",
        Want("d = ‐.35", "d", -0.35),
    ),
    row(
        "figure dash U+2012 as minus",
        "Symptom scores dropped after the first month (d = ‒.40).",
        Want("d = ‒.40", "d", -0.40),
    ),
    row(
        "ASCII hyphen as minus",
        "Hostile remarks by the therapist went with worse outcome (r = -.12).",
        Want("r = -.12", "r", -0.12),
    ),
    row(
        "plus sign",
        "Warmth in the first session went with more change (r = +.20).",
        Want("r = +.20", "r", 0.20),
    ),
    row(
        "en dash with a space as minus",
        "Distress fell after the mindfulness course (d = – .35).",
        Want("d = – .35", "d", -0.35),
    ),
    row(
        "en-dash range",
        "Feedback effects across the trials ranged from d = .30–.50.",
        Want("d = .30–.50", "d", value_range=(0.30, 0.50)),
    ),
    row(
        "range written with to",
        "Correlations ranged from r = .10 to .30 across the samples.",
        Want("r = .10 to .30", "r", value_range=(0.10, 0.30)),
    ),
    row(
        "range of g with studies after it",
        "Collecting client feedback showed effects from g = .14–.49 (24 studies).",
        Want("g = .14–.49", "g", value_range=(0.14, 0.49), k=Count(24)),
    ),
    row(
        "descending negative range is put in order",
        "Correlations with dropout ran from r = −.10 to −.30 across the clinics.",
        Want("r = −.10 to −.30", "r", value_range=(-0.30, -0.10)),
    ),
    # The ways a CI is written.
    row(
        "CI with en dash, no brackets",
        "Perspective taking rose with mindfulness (r = .28, 95% CI .15–.40).",
        Want("r = .28", "r", 0.28, ci=(0.15, 0.40)),
    ),
    row(
        "CI with equals and brackets",
        "Empathy and outcome were linked in the updated review (r = .28, 95% CI = [.22, .33]).",
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33)),
    ),
    row(
        "CI with colon and to",
        "The link held in the sensitivity analysis (r = .28, CI: 0.22 to 0.33).",
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33)),
    ),
    row(
        "confidence interval in words",
        "Clients with a prior episode were more likely to drop out (OR = 2.2, 95% confidence interval 1.4–3.2).",
        Want("OR = 2.2", "OR", 2.2, ci=(1.4, 3.2)),
    ),
    row(
        "CI after a semicolon and comma",
        "Drop-out was lower with routine feedback (OR = 0.62; 95% CI, 0.45 to 0.85).",
        Want("OR = 0.62", "OR", 0.62, ci=(0.45, 0.85)),
    ),
    row(
        "90% CI is not the 95% CI",
        "The pilot effect was encouraging but imprecise (d = .30, 90% CI [.10, .50]).",
        Want("d = .30", "d", 0.30),
    ),
    row(
        "negative CI written with to",
        "Distress was lower after mindfulness training (d = −0.58, 95% CI −0.80 to −0.36).",
        Want("d = −0.58", "d", -0.58, ci=(-0.80, -0.36)),
    ),
    row(
        "no spaces anywhere",
        "In the pooled data the correlation, r=.28, 95%CI[.22,.33], held up.",
        Want("r=.28", "r", 0.28, ci=(0.22, 0.33)),
    ),
    row(
        "CI, k and N separated by semicolons",
        "Empathy predicted outcome (r = .28; 95% CI: .22–.33; k = 82; N = 6,138).",
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33), k=K82, n=N6138),
    ),
    # Names of measures.
    row(
        "Hedges' g",
        "Collaboration between client and therapist mattered (Hedges' g = .61).",
        Want("Hedges' g = .61", "g", 0.61),
    ),
    row(
        "Hedges’s g with a curly apostrophe",
        "Goal consensus showed a moderate effect on outcome (Hedges’s g = .49).",
        Want("Hedges’s g = .49", "g", 0.49),
    ),
    row(
        "Hedges’ g with studies",
        "Managing countertransference helped too (9 studies, Hedges’ g = .84).",
        Want("Hedges’ g = .84", "g", 0.84, k=Count(9)),
    ),
    row(
        "Cohen's d",
        "Positive regard went with better outcomes (Cohen's d = .57).",
        Want("Cohen's d = .57", "d", 0.57),
    ),
    row(
        "Cohen’s d with a curly apostrophe",
        "Empathy rated by clients gave the largest figure, Cohen’s d = .58.",
        Want("Cohen’s d = .58", "d", 0.58),
    ),
    row(
        "odds ratio of",
        "Clients who received feedback had an odds ratio of 2.1 for reliable change.",
        Want("odds ratio of 2.1", "OR", 2.1),
    ),
    row(
        "OR equals",
        "An early rupture that went unrepaired predicted dropout (OR = 1.8).",
        Want("OR = 1.8", "OR", 1.8),
    ),
    row(
        "RR equals",
        "Relapse was less likely after booster sessions (RR = 0.7).",
        Want("RR = 0.7", "RR", 0.7),
    ),
    row(
        "relative risk of",
        "Remission had a relative risk of 1.4 in favour of combined treatment.",
        Want("relative risk of 1.4", "RR", 1.4),
    ),
    row(
        "β with Unicode minus",
        "Self-criticism at intake predicted slower change (β = −.21).",
        Want("β = −.21", "beta", -0.21),
    ),
    row(
        "beta in words",
        "Therapist warmth remained a predictor after adjustment (beta = .15).",
        Want("beta = .15", "beta", 0.15),
    ),
    row(
        "an r of, with studies before it",
        "Across 57 studies, therapist empathy showed an r of .31 with client outcome.",
        Want("r of .31", "r", 0.31, k=Count(57)),
    ),
    row(
        "leading zero",
        "The booster effect was d = 0.45 at the six-month follow-up.",
        Want("d = 0.45", "d", 0.45),
    ),
    # Counts of studies and people.
    row(
        "k and N with thousands separator",
        "The pooled effect of repair was moderate, d = .62 (k = 53, N = 3,500).",
        Want("d = .62", "d", 0.62, k=Count(53), n=Count(3500)),
    ),
    row(
        "n without separator before the estimate",
        "In the largest registry (n = 6138), the association was r = .21.",
        Want("r = .21", "r", 0.21, n=N6138),
    ),
    row(
        "N with thousands separator in its own parentheses",
        "A national sample (N = 12,480) showed a small link between waiting time and dropout (r = .09).",
        Want("r = .09", "r", 0.09, n=Count(12480)),
    ),
    row(
        "studies with clients in prose",
        "In 82 studies with 6,138 clients, empathy was moderately related to outcome (r = .28).",
        Want("r = .28", "r", 0.28, k=K82, n=N6138),
    ),
    row(
        "more than and over are lower bounds",
        "More than 300 studies of over 30,000 patients indicate that the alliance is moderately related to outcome (d = .57).",
        Want("d = .57", "d", 0.57, k=Count(300, at_least=True), n=Count(30000, at_least=True)),
    ),
    row(
        "at least and over are lower bounds",
        "At least 40 trials with over 4,000 patients contributed to the estimate (g = .40).",
        Want("g = .40", "g", 0.40, k=Count(40, at_least=True), n=Count(4000, at_least=True)),
    ),
    row(
        "about is no count",
        "About 300 studies suggest that the alliance matters for outcome (d = .57).",
        Want("d = .57", "d", 0.57),
    ),
    row(
        "nearly is no count",
        "Nearly 300 studies with some 30,000 clients support it (d=.57).",
        Want("d=.57", "d", 0.57),
    ),
    row(
        "300+ is a lower bound",
        "The review pooled 300+ studies and 30,000+ patients, and the alliance was moderately related to outcome (d = .57).",
        Want("d = .57", "d", 0.57, k=Count(300, at_least=True), n=Count(30000, at_least=True)),
    ),
    row(
        "N > is a lower bound",
        "The alliance predicted outcome (r = .28, 95% CI [.22, .33], k = 295, N > 30,000).",
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33), k=Count(295), n=Count(30000, at_least=True)),
    ),
    # Two estimates in one sentence.
    row(
        "two estimates keep their own CIs",
        "Rupture repair (d = .62, 95% CI [.43, .80]) and empathy (r = .28, 95% CI [.22, .33]) both predicted outcome.",
        Want("d = .62", "d", 0.62, ci=(0.43, 0.80)),
        Want("r = .28", "r", 0.28, ci=(0.22, 0.33)),
    ),
    row(
        "two estimates keep their own studies",
        "Cohesion in groups (55 studies, g = .56) and goal consensus (54 studies, g = .49) were both linked to outcome.",
        Want("g = .56", "g", 0.56, k=Count(55)),
        Want("g = .49", "g", 0.49, k=Count(54)),
    ),
    row(
        "two estimates keep their own p",
        "Inadequate feelings predicted less helpfulness (b = −1.83, p = .01), while parental feelings predicted more (b = 1.48, p < .001).",
        Want("b = −1.83", "b", -1.83, p=PValue(0.01)),
        Want("b = 1.48", "b", 1.48, p=LT001),
    ),
    row(
        "p goes to the estimate just before it",
        "The alliance effect was d = .57, whereas manual adherence gave r = .02, p = .41.",
        Want("d = .57", "d", 0.57),
        Want("r = .02", "r", 0.02, p=PValue(0.41)),
    ),
    row(
        "CI in later parentheses goes to the nearer estimate",
        "Both held: d = 0.5 for the alliance and r = 0.2 for empathy (95% CI 0.1–0.3).",
        Want("d = 0.5", "d", 0.5),
        Want("r = 0.2", "r", 0.2, ci=(0.1, 0.3)),
    ),
    # Line breaks, as YAML folds a summary.
    row(
        "line break inside the statistic",
        "Therapists accounted for little of the variance (ICC =\n  .011), less than expected.",
        Want("ICC =\n  .011", "ICC", 0.011),
    ),
    row(
        "line break inside the CI",
        "Mindfulness went with more perspective taking (r = .28, 95% CI\n  [.15, .40]).",
        Want("r = .28", "r", 0.28, ci=(0.15, 0.40)),
    ),
    # Printing damage.
    row(
        "lost minus restored from the CI",
        "Mindfulness went with less distress (r = .42, 95% CI [−.50, −.33]).",
        Want("r = .42", "r", -0.42, ci=(-0.50, -0.33), notes=("restored from the CI",)),
    ),
    row(
        "sign printed as a dot, nothing to settle it",
        "Mindfulness went with less distress (r = ..42).",
        Want("r = ..42", "r", None, notes=("could not be read",)),
    ),
    row(
        "sign printed as a dot, settled by the CI",
        "Mindfulness went with less distress (r = ..42, 95% CI [−.55, −.27]).",
        Want("r = ..42", "r", -0.42, ci=(-0.55, -0.27), notes=("sign read from the CI",)),
    ),
    row(
        "sign printed as a middle dot",
        "Feeling inadequate went with less felt empathy (b = ·1.88).",
        Want("b = ·1.88", "b", None, notes=("could not be read",)),
    ),
    row(
        "sign printed as a replacement character",
        "Feeling inadequate went with less helpfulness (β = \ufffd.34).",
        Want("β = \ufffd.34", "beta", None, notes=("could not be read",)),
    ),
    row(
        "CI lower bound lost its minus",
        "The effect on distress was small and uncertain (r = −.05, 95% CI [.15, .06]).",
        Want("r = −.05", "r", -0.05, ci=(-0.15, 0.06), notes=("lower bound",)),
    ),
    row(
        "damaged CI signs are left out",
        "Mindfulness went with less distress (r = −.42, 95% CI [..55, −.27]).",
        Want("r = −.42", "r", -0.42, notes=("signs of the CI could not be read",)),
    ),
    row(
        "dot sign with a CI on both sides of zero is not settled",
        "Mindfulness went with less distress (r = ..12, 95% CI [−.30, .30]).",
        Want("r = ..12", "r", None, ci=(-0.30, 0.30), notes=("could not be read",)),
    ),
    row(
        "dot sign settled positive by the CI says so",
        "Warmth went with more felt empathy (r = ..42, 95% CI [.20, .60]).",
        Want("r = ..42", "r", 0.42, ci=(0.20, 0.60), notes=("sign read from the CI",)),
    ),
    row(
        "minus printed as a dot before a whole number",
        "Feeling inadequate before the session predicted less helpfulness (b = .1.83, p = .01).",
        Want("b = .1.83", "b", None, p=PValue(0.01), notes=("could not be read",)),
    ),
    row(
        "damaged sign of t is not read as positive",
        "Feeling inadequate before the session predicted less helpfulness (b = ·1.83, t(528) = ·3.55, p = .01).",
        Want("b = ·1.83", "b", None, df=528, p=PValue(0.01), notes=("could not be read",)),
    ),
    # Things that are not effect sizes.
    row("year", "The trial ran in 2019 and was replicated in 2021."),
    row("percent of clients", "About 95% of clients said they felt understood."),
    row("percentages", "Recovery was 45% versus 30% (a 15% difference)."),
    row("session number", "By session 12, most clients had improved."),
    row("figure and table", "As Figure 2 and Table 3 show, the curves part early."),
    row("a name equals a word", "Dr. Ward = expert in the field, and the panel agreed."),
    row(
        "d and r inside words",
        "Therapists and = clients, for = 4, a word = 3, her = .2, per = .5, and Ed = .3.",
    ),
    row("page numbers", "The quote is on p. 12 of the chapter, pp. 399–410, and p.34."),
    row("citation volume and issue", "Norcross and Lambert (2018), Psychotherapy, 55(4), 303–315."),
    row("version numbers", "Scores were computed with version 2.1.3 of the software (R 4.3.1)."),
    row("ICD-10 and DSM-5", "Clients met ICD-10 or DSM-5 criteria; DSM-IV-TR was not used."),
    row("scale anchors", "Items ran from 1 = never to 5 = always."),
    row("counts without an estimate", "The second study (N = 120) screened k = 53 trials."),
    row("r squared is not r", "The model explained little (r² = .09, R2 = .10)."),
]


@pytest.mark.parametrize(("text", "wants"), ROWS)
def test_phrasings(text: str, wants: tuple[Want, ...]) -> None:
    found = find_effects(text)
    assert [seen(f) for f in found] == [replace(w, notes=()) for w in wants]
    for f, want in zip(found, wants, strict=True):
        assert notes_match(f, want), f.notes


# Round trip: an estimate printed in many ways is found with exactly its values.

LABELS = {
    "r": ("r",),
    "d": ("d", "Cohen's d", "Cohen’s d"),
    "g": ("g", "Hedges' g", "Hedges’s g", "Hedges’ g"),
    "ICC": ("ICC",),
    "OR": ("OR", "odds ratio"),
    "RR": ("RR", "risk ratio", "relative risk"),
    "b": ("b",),
    "beta": ("β", "beta"),
}
# Bounds in units of the last printed decimal are drawn from these.
BOUNDS = {
    "r": (-0.95, 0.95),
    "d": (-2.5, 2.5),
    "g": (-2.5, 2.5),
    "ICC": (0.0, 0.6),
    "OR": (0.0, 8.0),
    "RR": (0.0, 8.0),
    "b": (-5.0, 5.0),
    "beta": (-0.95, 0.95),
}
MINUS = ("-", "−", "‐", "‒")
CI_FORMATS = (
    "95% CI [{lo}, {hi}]",
    "95% CI {lo}–{hi}",
    "95% CI = [{lo}, {hi}]",
    "95% CI: {lo} to {hi}",
    "CI: {lo} to {hi}",
    "95% confidence interval {lo}–{hi}",
    "95%CI[{lo},{hi}]",
)
FRAGMENTS = (
    "",
    "Across the included trials",
    "the working alliance was moderately related to outcome",
    "Clients who felt understood improved more",
    "in routine care",
    "which the authors call robust",
    "an",
)
prose = st.sampled_from(FRAGMENTS) | st.text(string.ascii_letters + " ", max_size=30)


@dataclass(frozen=True)
class Printed:
    text: str
    estimate: str
    measure: str
    value: float
    ci: tuple[float, float] | None
    k: int | None
    n: int | None
    decimals: int


@st.composite
def numbers(draw: st.DrawFn, units: int, decimals: int) -> str:
    """``units`` of the last decimal, printed with or without a leading zero and in
    any of the minus signs."""
    whole, fraction = divmod(abs(units), 10**decimals)
    digits = f"{fraction:0{decimals}d}"
    body = f"{whole}.{digits}" if whole or draw(st.booleans()) else f".{digits}"
    return (draw(st.sampled_from(MINUS)) if units < 0 else "") + body


def counts(draw: st.DrawFn, value: int) -> str:
    return f"{value:,}" if draw(st.booleans()) else str(value)


@st.composite
def printed_estimates(draw: st.DrawFn) -> Printed:
    measure = draw(st.sampled_from(sorted(LABELS)))
    decimals = draw(st.sampled_from((2, 3)))
    scale = 10**decimals
    low, high = (round(bound * scale) for bound in BOUNDS[measure])
    units = draw(st.integers(low + 2, high - 2).filter(bool))
    label = draw(st.sampled_from(LABELS[measure]))
    spacing = draw(st.sampled_from((" = ", "=", " of ")))
    estimate = f"{label}{spacing}{draw(numbers(units, decimals))}"
    parts = [estimate]
    ci = None
    if draw(st.booleans()):
        lo = draw(st.integers(max(low, 1) if low >= 0 else low, units - 1))
        hi = draw(st.integers(units + 1, high))
        ci = (lo / scale, hi / scale)
        lo_text, hi_text = draw(numbers(lo, decimals)), draw(numbers(hi, decimals))
        parts.append(draw(st.sampled_from(CI_FORMATS)).format(lo=lo_text, hi=hi_text))
    k = draw(st.none() | st.integers(1, 3000))
    n = draw(st.none() | st.integers(10, 250_000))
    in_prose = draw(st.booleans())
    lead = ""
    if in_prose and (k or n):
        studies = f"{counts(draw, k)} studies" if k else ""
        people = f"{counts(draw, n)} patients" if n else ""
        lead = "Across " + " with ".join(filter(None, (studies, people))) + ", "
    else:
        parts += [f"k = {counts(draw, k)}"] if k else []
        parts += [f"{draw(st.sampled_from('Nn'))} = {counts(draw, n)}"] if n else []
    statistic = draw(st.sampled_from((", ", "; "))).join(parts)
    if draw(st.booleans()):
        statistic = f"({statistic})"
    text = f"{lead}{draw(prose)} {statistic} {draw(prose)}."
    return Printed(text, estimate, measure, units / scale, ci, k, n, decimals)


@EXAMPLES
@given(printed_estimates())
def test_round_trip(printed: Printed) -> None:
    [found] = find_effects(printed.text)
    assert found.printed.endswith(printed.estimate)
    assert (found.measure, found.value, found.value_range) == (
        printed.measure,
        printed.value,
        None,
    )
    assert (found.ci, found.k, found.n) == (
        printed.ci,
        Count(printed.k) if printed.k else None,
        Count(printed.n) if printed.n else None,
    )
    assert (found.t, found.df, found.p, found.notes) == (None, None, None, ())
    assert found.decimals == printed.decimals


# Robustness: any text at all.

TOKENS = (
    "r", "d", "g", "b", "p", "t", "k", "N", "ICC", "OR", "β", "Hedges’s g", "odds ratio of",
    " = ", "=", " < ", "(", ")", "[", "]", ", ", "; ", ".", "..", "·", "\ufffd", "−", "-",
    "–", " to ", "95% CI ", "90% CI ", "CI: ", "df = ", "t(507) = ", ".28", "0.5", "1,000",
    "42", "3", " studies", " patients", "more than ", "about ", "300+", "\n", " ", ". ",
    "et al. ", "the alliance is related to outcome ", "that ", "#", "'", '"', ": ",
)  # fmt: skip
soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.text() | soup | st.lists(soup | st.text(max_size=5), max_size=8).map("".join)
MEASURES = set(vocabulary().ids("measures"))


@EXAMPLES
@given(any_text)
def test_any_text_gives_well_formed_findings(text: str) -> None:
    found = find_effects(text)
    for f in found:
        assert f.printed
        assert text[f.at : f.at + len(f.printed)] == f.printed
        assert f.start <= f.at < f.end <= len(text)
        assert f.measure is None or f.measure in MEASURES
    assert [f.start for f in found] == sorted(f.start for f in found)


@EXAMPLES
@given(any_text)
def test_any_text_gives_yaml_that_parses(text: str) -> None:
    items = yaml.safe_load(effects_yaml(text))
    assert items is None or isinstance(items, list)
    for item in items or []:
        assert isinstance(item, dict)
        assert item["measure"] in MEASURES


# The lint: a finding is covered by its own values, and not by values 0.05 away.


def effect_of(f: Finding, **changes: Any) -> Effect:
    fields: dict[str, Any] = {
        "predictor": "x",
        "measure": f.measure or "d",
        "value": f.value if f.measure else 0.5,
        "value_range": f.value_range,
        "ci": f.ci,
        "k": f.k,
        "n": f.n,
        "t": f.t,
        "df": f.df,
        "p": f.p,
    }
    return Effect(**{**fields, **changes})


shifts = st.floats(0.05, 1.0).flatmap(lambda x: st.sampled_from((x, -x)))


@EXAMPLES
@given(printed_estimates(), shifts)
def test_covered_by_its_own_values_only(printed: Printed, shift: float) -> None:
    [f] = find_effects(printed.text)
    assert f.value is not None
    assert covered(f, [effect_of(f)])
    assert not covered(f, [effect_of(f, value=f.value + shift)])


@EXAMPLES
@given(printed_estimates().filter(lambda p: p.measure in ("d", "r")), shifts)
def test_covered_through_the_conversion_between_d_and_r(printed: Printed, shift: float) -> None:
    # The other measure's value converts back to the printed one, or to one ``shift`` away.
    [f] = find_effects(printed.text)
    assert f.value is not None
    other, to_other = ("r", d_to_r) if f.measure == "d" else ("d", r_to_d)
    assume(f.measure == "d" or abs(f.value + shift) < 1)
    assert covered(f, [effect_of(f, measure=other, value=to_other(f.value))])
    assert not covered(f, [effect_of(f, measure=other, value=to_other(f.value + shift))])


PASSING = [p for p in ROWS if not p.marks and p.values[1]]


@pytest.mark.parametrize(("text", "wants"), PASSING)
def test_every_row_is_covered_by_its_own_values(text: str, wants: tuple[Want, ...]) -> None:
    for f in find_effects(text):
        assert covered(f, [effect_of(f)])
        if f.value_range is not None:
            low, high = f.value_range
            assert not covered(f, [effect_of(f, value_range=(low + 0.05, high + 0.05))])


# Predictor and outcome, from the words of the sentence.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Empathy is moderately related to client outcome (d = .57).",
            ("empathy", "client outcome"),
            id="X is related to Y",
        ),
        pytest.param(
            "More than 300 studies of over 30,000 patients now indicate that the working "
            "alliance is moderately related to patient outcomes (d = .57).",
            ("working alliance", "patient outcomes"),
            id="predictor after that",
        ),
        pytest.param(
            "The variability between therapists (ICC = .011) was small.",
            ("variability between therapists", None),
            id="phrase before the parentheses",
        ),
        pytest.param("We found b = 0.77.", (None, None), id="no pattern, no predictor"),
        pytest.param(
            "Across the six trials, b = 0.77 overall.", (None, None), id="no pattern after comma"
        ),
    ],
)
def test_roles(text: str, expected: tuple[str | None, str | None]) -> None:
    [finding] = find_effects(text)
    assert roles(text, finding) == expected


# The YAML the extractor prints passes the validator once placed in an entry.

PARAGRAPH = (
    "Across 82 samples with 6,138 clients, empathy was moderately related to outcome "
    "(r = .28, 95% CI [.22, .33]). Alliance in couple therapy showed a similar link "
    "(40 studies, g = .62).\nIn the multilevel model, b = 0.77, t(507) = 1.98, p = .048."
)


def test_effects_yaml_passes_the_validator_in_an_entry() -> None:
    effects = yaml.safe_load(effects_yaml(PARAGRAPH))
    assert effects == [
        {
            "predictor": "empathy",
            "outcome": "outcome",
            "measure": "r",
            "value": 0.28,
            "ci": [0.22, 0.33],
            "k": 82,
            "n": 6138,
        },
        {  # "Alliance in couple therapy showed a similar link": a clause, not a name
            "predictor": None,
            "measure": "g",
            "value": 0.62,
            "k": 40,
        },
        {"predictor": None, "measure": "b", "value": 0.77, "t": 1.98, "df": 507, "p": 0.048},
    ]
    for effect in effects:
        effect["predictor"] = effect["predictor"] or "therapist parental feeling"
    path = REPO / "entries/2019/2019-05-elliott-empathy-outcome.yaml"
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry["effects"] = effects
    doc = parse(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True))
    assert document_problems(doc, path.stem, TODAY) == []
    assert doc.data["effects"] == effects


# Paste as is: the exact YAML for phrasings editors met.

PASTE_AS_IS = [
    pytest.param(
        "Across 295 independent studies, the alliance was moderately related to outcome "
        "(r = .278, 95% CI [.256, .299]), equivalent to d = .579.",
        "- predictor: alliance  # from 'r = .278': check\n"
        "  outcome: outcome\n"
        "  measure: r\n"
        "  value: 0.278\n"
        "  ci: [0.256, 0.299]\n"
        "  k: 295\n"
        "# 'd = .579' is 'r = .278' converted: not listed again\n",
        id="a conversion is not a second effect; k after an adjective",
    ),
    pytest.param(
        "Empathy was related to outcome (r = .28), and alliance was related to outcome (d = .80).",
        "- predictor: empathy  # from 'r = .28': check\n"
        "  outcome: outcome\n"
        "  measure: r\n"
        "  value: 0.28\n"
        "- predictor: alliance  # from 'd = .80': check\n"
        "  outcome: outcome\n"
        "  measure: d\n"
        "  value: 0.8\n",
        id="a d that is not the r converted is listed",
    ),
    pytest.param(
        "Across all clients the benefit was small (g = 0.21, N = 30,000+).",
        "- predictor:   # the sentence of 'g = 0.21' does not say what it is of: write it\n"
        "  measure: g\n"
        "  value: 0.21\n"
        "  n: 30000+\n",
        id="a clause names nothing; N = 30,000+ stays a bound",
    ),
    pytest.param(
        "Feedback had an effect on dropout in 24 randomised controlled trials with 10,467 "
        "adult clients (OR = 0.75, p < .001).",
        "- predictor: feedback  # from 'OR = 0.75': check\n"
        "  outcome: dropout\n"
        "  measure: OR\n"
        "  value: 0.75\n"
        "  k: 24\n"
        "  n: 10467\n"
        "  p: <.001\n",
        id="counts with adjectives; the outcome ends before them",
    ),
    pytest.param(
        "Pooling 31 independent datasets of 2,914 outpatients, routine monitoring was related"
        " to fewer drop-outs (OR = 0.71).",
        "- predictor: routine monitoring  # from 'OR = 0.71': check\n"
        "  outcome: fewer drop-outs\n"
        "  measure: OR\n"
        "  value: 0.71\n"
        "  k: 31\n"
        "  n: 2914\n",
        id="datasets and outpatients are counted",
    ),
    pytest.param(
        "De Jong and colleagues pooled 58 studies with 21,699 patients: feedback had a small"
        " effect on symptoms (d = 0.15, 95% CI [0.10, 0.20]).",
        "- predictor: feedback  # from 'd = 0.15': check\n"
        "  outcome: symptoms\n"
        "  measure: d\n"
        "  value: 0.15\n"
        "  ci: [0.1, 0.2]\n"
        "  k: 58\n"
        "  n: 21699\n",
        id="the clause after a colon names the predictor",
    ),
    pytest.param(
        "A total of 3,457 clients from 28 samples took part (g = 0.3).",
        "- predictor:   # the sentence of 'g = 0.3' does not say what it is of: write it\n"
        "  measure: g\n"
        "  value: 0.3\n"
        "  k: 28\n"
        "  n: 3457\n",
        id="a sentence about the sample names no predictor",
    ),
    pytest.param(
        "The variability between therapists (ICC = .011) was small.",
        "- predictor: variability between therapists  # from 'ICC = .011': check\n"
        "  measure: ICC\n"
        "  value: 0.011\n",
        id="a noun phrase before the parentheses",
    ),
    pytest.param(
        "Mindfulness training improved empathy (d = .5, 95% CI [.4, .6], k = 212+).",
        "- predictor: mindfulness training  # from 'd = .5': check\n"
        "  outcome: empathy\n"
        "  measure: d\n"
        "  value: 0.5\n"
        "  ci: [0.4, 0.6]\n"
        "  k: 212+\n",
        id="k = 212+ is a bound",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PASTE_AS_IS)
def test_extract_gives_yaml_to_paste_as_is(text: str, expected: str) -> None:
    assert effects_yaml(text) == expected
