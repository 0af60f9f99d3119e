"""What a page says of itself in a link preview: a description that fits the page and
its share image (site/share.py draws them), as front matter the theme turns into Open
Graph and Twitter-card tags."""

from __future__ import annotations

from collections.abc import Sequence

from digest.common.model import Entry
from digest.evidence.format import first_sentence, month_name
from digest.site.pages import paths


def summaries(count: int) -> str:
    return f"{count} summar{'y' if count == 1 else 'ies'}"


def month_description(issue: str, entries: Sequence[Entry]) -> str:
    titles = "; ".join(e.title for e in entries)
    return f"The {month_name(issue)} issue, {summaries(len(entries))}: {titles}."


def year_description(year: int, count: int) -> str:
    return f"{summaries(count).capitalize()} published in {year}, by month."


def topic_description(label: str, intro: str, count: int) -> str:
    opening = first_sentence(intro) if intro else ""
    return opening or f"{summaries(count).capitalize()} of research on {label}, newest first."


def type_description(label: str, intro: str, count: int) -> str:
    opening = first_sentence(intro) if intro else ""
    return opening or f"{summaries(count).capitalize()} of {label.lower()} studies, newest first."


def share_meta(kind: str, key: str) -> dict[str, str]:
    """Front matter naming a page's own share image; ``kind`` is "entry" or "topic"."""
    return {"share_image": paths.share_image(f"{kind}-{key}")}
