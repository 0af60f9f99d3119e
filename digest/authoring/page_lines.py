"""What each line of a legacy archive page is, judged on the line alone.

A month line in any of its common spellings, a "Clinical summary: Title" heading (a
network's name may stand before it), an implications heading, the start of a printed
citation (with or without a "Reference:" label), an e-mail line, page furniture, a
bullet, or plain text. archive_page.py decides from these where summaries begin and end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from digest.entries.furniture import furniture_line, opens_furniture

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NAME = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH_LINES = [
    re.compile(pattern, re.I)
    for pattern in (
        rf"(?:issue\s*[:–—-]?\s*)?{_NAME},?\s+{_YEAR}(?:\s+(?:issue|edition))?",
        rf"{_YEAR}-(?P<number>0[1-9]|1[0-2])",
        rf"(?P<number>0?[1-9]|1[0-2])/{_YEAR}",
        rf"posted(?:\s+on)?\s+{_NAME}\s+{_DAY},?\s+{_YEAR}(?:\s+by\s+.+)?",
        rf"posted(?:\s+on)?\s+{_DAY}\s+{_NAME},?\s+{_YEAR}(?:\s+by\s+.+)?",
    )
]
_IMPLICATIONS = re.compile(
    r"(?:(?:practice|clinical)\s+implications|implications(?:\s+for\s+(?:practice|clinicians))?"
    r"|take[-\s]home\s+messages?(?:\s+for\s+(?:clinicians|practice))?)"
    r"\s*(?:[:–—-]\s*(?P<rest>.*))?",
    re.I,
)
# A short prefix with no sentence in it (a network's name) may stand before the heading.
_CLINICAL_SUMMARY = re.compile(
    r"(?:[^.!?]{1,80}?\s*[:|–—-]?\s+)?clinical\s+summary\s*[:–—|-]\s*(?P<title>\S.*)", re.I
)
_LABEL = re.compile(r"(?:references?|citation|source)\s*:\s*(?P<rest>.*)", re.I)
_CITATION_HEAD = re.compile(r"^[^()]{2,800}?\((?:19|20)\d{2}[a-z]?(?:,[^)]*)?\)\.")
AUTHOR_LIKE = re.compile(r"^[^\W\d][\w'’ -]*,\s*[A-Z]\.")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BULLET = re.compile(r"^(?:[-*•–]|\d{1,2}[.)])\s+(?P<item>\S.*)$")


class Kind(Enum):
    MONTH = "month"
    HEADING = "heading"
    IMPLICATIONS = "implications"
    CITATION = "citation"
    LABEL = "label"
    EMAIL = "e-mail"
    FURNITURE = "furniture"
    BLOCK = "block"
    TEXT = "text"


@dataclass(frozen=True)
class Line:
    """One non-blank line of the page: its number, its text, what it is, and the part
    that matters (the month as YYYY-MM, a heading's title, a citation without its label,
    the kind of furniture, text after an implications heading)."""

    number: int
    text: str
    kind: Kind
    value: str = ""


def classify(number: int, text: str) -> Line:
    """The line as the reader needs it."""
    month = month_of(text)
    if month:
        return Line(number, text, Kind.MONTH, month)
    for kind, value in _kinds(text):
        if value is not None:
            return Line(number, text, kind, value)
    return Line(number, text, Kind.TEXT, text)


def _kinds(text: str) -> list[tuple[Kind, str | None]]:
    heading = _CLINICAL_SUMMARY.fullmatch(text)
    implications = _IMPLICATIONS.fullmatch(text)
    label = _LABEL.fullmatch(text)
    return [
        (Kind.HEADING, heading["title"].strip() if heading else None),
        (Kind.IMPLICATIONS, (implications["rest"] or "") if implications else None),
        (Kind.CITATION, citation_text(text)),
        (Kind.LABEL, "" if label and not label["rest"] else None),
        (Kind.BLOCK, opens_furniture(text)),
        (Kind.FURNITURE, furniture_line(text)),
        (Kind.EMAIL, "an e-mail line" if _EMAIL.search(text) and len(text) < 200 else None),
    ]


def citation_text(text: str) -> str | None:
    """The citation a line starts ("Family, I., … (2023). …"), its label taken off."""
    label = _LABEL.fullmatch(text)
    rest = label["rest"] if label else text
    return rest if is_citation(rest) else None


def is_citation(line: str) -> bool:
    """Whether a line reads as the start of a reference: "Family, I., … (2023). …"."""
    return bool(_CITATION_HEAD.match(line) and AUTHOR_LIKE.match(line))


def month_of(line: str) -> str | None:
    """A month line ("November 2023", "Issue: Nov. 2023", "11/2023", "Posted November 14,
    2023") -> "2023-11"; None for any other line."""
    text = line.strip()
    match = next((m for p in _MONTH_LINES if (m := p.fullmatch(text))), None)
    if match is None:
        return None
    number = match.groupdict().get("number") or _month_number(match["month"])
    return f"{match['year']}-{int(number):02d}" if number else None


def _month_number(name: str) -> int | None:
    name = name.lower()
    found = [i for i, m in enumerate(_MONTHS, 1) if len(name) >= 3 and m.startswith(name)]
    return found[0] if found else None


def bullet_item(text: str) -> str | None:
    """The item of a bulleted or numbered line ("• Ask" -> "Ask"), or None."""
    match = _BULLET.match(text)
    return match["item"] if match else None
