"""Write a synthetic digest archive of N entries, deterministic by seed.

    python benchmarks/make_archive.py N DIR [--seed S]

DIR gets entries/YYYY/*.yaml and bib/synthetic.bib: months spread over the years, two or
three summaries a month, 1-4 topics each, 0-10 effects of mixed measures, summaries of
about 300 words. As in a real summary, the prose reports one or two of the entry's
effects ("r = .28, 95% CI [.22, .33]"), printed exactly as listed under effects:, so
`digest check --strict` stays clean. The text is filler and the numbers are random: this
archive measures the generator, it says nothing about psychotherapy.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

WORDS = [
    "client",
    "therapist",
    "session",
    "outcome",
    "alliance",
    "feedback",
    "measure",
    "change",
    "sample",
    "study",
    "treatment",
    "effect",
    "rating",
    "progress",
    "practice",
    "clinician",
    "routine",
    "review",
    "trial",
    "group",
    "symptom",
    "distress",
    "recovery",
    "dropout",
    "attendance",
    "relationship",
    "empathy",
    "skill",
    "training",
]
TYPES = ["meta-analysis", "rct", "naturalistic-process-study", "systematic-review", "qualitative"]
MEASURES = ["r", "d", "g", "OR", "ICC", "b", "percent"]
# Measures a summary's prose reports; r and ICC cannot exceed 1, so APA drops the "0.".
PROSE_MEASURES = ("r", "d", "g", "OR", "ICC")
BOUNDED_BY_ONE = ("r", "ICC")


def make_archive(n: int, root: Path, seed: int = 0) -> None:
    """Write ``n`` valid entries and their BibTeX records under ``root``."""
    from digest.entries.vocab import vocabulary

    rng = random.Random(seed)
    topics = [t.id for t in vocabulary().topics]
    bib = []
    for i in range(n):
        issue = _issue(i, n)
        entry_id = f"{issue}-synthetic-{i:05d}"
        entry = _entry(rng, entry_id, issue, f"synthetic{i}", topics)
        folder = root / "entries" / issue[:4]
        folder.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(entry, sort_keys=False, allow_unicode=True)
        (folder / f"{entry_id}.yaml").write_text(text, encoding="utf-8")
        bib.append(_bib_record(rng, f"synthetic{i}", int(issue[:4]) - 1))
    (root / "bib").mkdir(parents=True, exist_ok=True)
    (root / "bib" / "synthetic.bib").write_text("\n".join(bib), encoding="utf-8")


# digest check refuses issue months before 1970: a large archive fills more a month.
MONTHS = (2025 - 1970 + 1) * 12


def _issue(i: int, n: int) -> str:
    # Two or three entries a month, counting back from December 2025; more a month
    # where that would reach back past January 1970.
    per_month = max(2.5, n / MONTHS)
    months_back = int(i / per_month)
    year, month = divmod(2025 * 12 + 11 - months_back, 12)
    return f"{year:04d}-{month + 1:02d}"


def _entry(
    rng: random.Random, entry_id: str, issue: str, key: str, topics: list[str]
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": entry_id,
        "issue": issue,
        "title": _sentence(rng, 6).rstrip(".").title(),
        "cite": key,
        "type": rng.choice(TYPES),
        "topics": rng.sample(topics, rng.randint(1, 4)),
        "summary": _paragraphs(rng, 300),
        "effects": [_effect(rng) for _ in range(rng.randint(0, 10))],
        "implications": _paragraphs(rng, 80),
    }
    # Drawn from the effects already made, with no further random numbers: the rest of
    # an archive is the same as before summaries reported their effects.
    entry["summary"] = _with_reported_effects(entry["summary"], entry["effects"])
    return entry


def _with_reported_effects(summary: str, effects: list[dict[str, Any]]) -> str:
    """The summary with a sentence reporting its first effect (two with four or more)
    inserted after its opening sentence."""
    printable = [e for e in effects if e["measure"] in PROSE_MEASURES]
    reported = printable[: 2 if len(effects) >= 4 else 1]
    if not reported:
        return summary
    first, _, rest = summary.partition(". ")
    sentences = " ".join(_reporting_sentence(e) for e in reported)
    return f"{first}. {sentences} {rest}"


def _reporting_sentence(effect: dict[str, Any]) -> str:
    """E.g. "For alliance client and outcome change, r = .28, 95% CI [.22, .33]." """
    bounded = effect["measure"] in BOUNDED_BY_ONE
    text = f"{effect['measure']} = {_printed(effect['value'], bounded, 2)}"
    if "ci" in effect:
        low, high = (_printed(bound, bounded, 3) for bound in effect["ci"])
        text += f", 95% CI [{low}, {high}]"
    return f"For {effect['predictor']} and {effect['outcome']}, {text}."


def _printed(number: float, bounded_by_one: bool, most_decimals: int) -> str:
    """``0.28`` -> ``.28`` for r and ICC; at least two decimals, at most ``most_decimals``."""
    text = f"{number:.{most_decimals}f}"
    while text.endswith("0") and len(text.partition(".")[2]) > 2:
        text = text[:-1]
    if bounded_by_one:
        text = text.replace("0.", ".", 1)
    return text


def _effect(rng: random.Random) -> dict[str, Any]:
    measure = rng.choice(MEASURES)
    value, half_width = {
        "r": (rng.uniform(-0.5, 0.6), 0.05),
        "d": (rng.uniform(-0.3, 1.2), 0.15),
        "g": (rng.uniform(-0.3, 1.2), 0.15),
        "OR": (rng.uniform(0.5, 3.0), 0.2),
        "ICC": (rng.uniform(0.01, 0.3), 0.01),
        "b": (rng.uniform(-2, 2), 0.5),
        "percent": (rng.uniform(5, 80), 4.0),
    }[measure]
    value = round(value, 2)
    effect: dict[str, Any] = {
        "predictor": " ".join(rng.sample(WORDS, 2)),
        "outcome": " ".join(rng.sample(WORDS, 2)),
        "measure": measure,
        "value": value,
    }
    low, high = round(value - half_width, 3), round(value + half_width, 3)
    if measure not in ("b", "percent") and (measure != "OR" or low > 0):
        effect["ci"] = [max(low, 0.001) if measure == "ICC" else low, high]
    if rng.random() < 0.6:
        effect["k"] = rng.randint(3, 300)
    effect["n"] = rng.randint(30, 20000)
    return effect


def _bib_record(rng: random.Random, key: str, year: int) -> str:
    return (
        f"@article{{{key},\n"
        f"  author = {{Author, Ann and Writer, Bo}},\n"
        f"  title = {{{_sentence(rng, 8).rstrip('.')}}},\n"
        f"  journal = {{Journal of Synthetic Studies}},\n"
        f"  volume = {{{rng.randint(1, 60)}}},\n"
        f"  pages = {{{rng.randint(1, 400)}--{rng.randint(401, 800)}}},\n"
        f"  year = {{{year}}}\n}}\n"
    )


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _paragraphs(rng: random.Random, words: int) -> str:
    sentences = [_sentence(rng, rng.randint(8, 20)) for _ in range(words // 14 + 1)]
    return " ".join(sentences) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    make_archive(args.n, args.dir, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
