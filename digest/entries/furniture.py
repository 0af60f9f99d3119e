"""Page furniture: what a blog page prints around its posts and is no part of a summary.

Navigation, bylines, share rows, tags, comment counts, subscribe boxes, copyright lines,
and the headings that open an author bio or a related-posts list. The importer leaves
such lines out of an entry (``furniture_line``, ``opens_furniture``); ``digest check``
warns when an entry's prose still holds one (``furniture_phrases``).
"""

from __future__ import annotations

import re

_FLAGS = re.I
_SHARE_SITES = r"(?:facebook|twitter|x|linkedin|e-?mail|print|pinterest|reddit|whatsapp)"

#: (what it is, a whole line of it). Each pattern must match the complete line.
_LINES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, _FLAGS))
    for kind, pattern in (
        ("a link to the full post", r"(?:read more|continue reading)\b.*"),
        ("tags", r"(?:tags|tagged|tagged with|categories|category|filed under|posted in)\s*:.*"),
        ("a comment count", r"(?:\d+|no|one)\s+(?:comments?|responses?|replies)\W*"),
        ("a comment link", r"(?:leave a (?:comment|reply)|add a comment|post a comment)\b.*"),
        ("navigation", r"(?:↑\s*)?back to (?:top|the top)\W*"),
        ("navigation", r"(?:«\s*)?(?:previous|next|older|newer) (?:post|entry|posts|entries)\b.*"),
        ("navigation", r"(?:«\s*)?(?:previous|next)\s*»?|skip to (?:main )?content|menu|search"),
        ("navigation", r"home(?:\s*[›»>/|].*)?"),
        ("a byline", r"(?:posted|published|written)\s+(?:on|by)\b.*"),
        ("a byline", r"by\s+(?:dr\.?\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"),
        (
            "a subscribe box",
            r"subscribe\W*|(?:subscribe|sign up) (?:to|for) (?:our|the|my) "
            r"(?:newsletter|blog|mailing list|updates)\b.*",
        ),
        ("a subscribe box", r"enter your e-?mail(?: address)?\b.*"),
        (
            "a share row",
            rf"(?:share(?: this(?: post| article)?)?|share on \w+|like this|tweet)"
            rf"\s*:?(?:\W*{_SHARE_SITES})*\W*",
        ),
        ("a share row", rf"(?:\W*{_SHARE_SITES})+\W*"),
        ("a copyright line", r"(?:©|\(c\)|copyright\b).*"),
        ("a copyright line", r"all rights reserved\W*"),
    )
)

#: Headings after which every line is furniture until the next summary or month.
_BLOCKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern + r"\s*:?", _FLAGS))
    for kind, pattern in (
        ("an author bio", r"about the authors?"),
        ("a related-posts list", r"(?:related|recent|popular|similar) (?:posts|articles)"),
        ("a related-posts list", r"you (?:may|might) also (?:like|enjoy)|more from the blog"),
        ("the comments", r"comments|(?:\d+ )?thoughts? on .+|responses"),
    )
)

#: Phrases that betray furniture inside prose, as ``digest check`` looks for them.
_PHRASES = re.compile(
    r"read more\s*»|\bcontinue reading\b|\bleave a (?:comment|reply)\b|\bback to top\b"
    r"|\bsubscribe to our newsletter\b|\b\d+ (?-i:Comments)\b|(?-i:\bTags:)(?=\s)"
    r"|\babout the author\b|(?-i:\b(?:Related|Recent) [Pp]osts\b)|\ball rights reserved\b|©"
    r"|\bcopyright \d{4}\b|(?-i:\bShare this:)",
    _FLAGS,
)


def furniture_line(line: str) -> str | None:
    """What kind of furniture the whole line is, or None when it may be content."""
    text = line.strip()
    return next((kind for kind, pattern in _LINES if pattern.fullmatch(text)), None)


def opens_furniture(line: str) -> str | None:
    """What kind of block the line heads (an author bio, related posts), or None."""
    text = line.strip()
    return next((kind for kind, pattern in _BLOCKS if pattern.fullmatch(text)), None)


#: A word each of ``_PHRASES`` holds: text without any of them holds no phrase. Scanning
#: for them first spared `digest check` a fifth of its time (the regex tries every
#: alternative at every position of every summary).
_CLUES = (
    "read more", "continue reading", "leave a", "back to top", "subscribe", "comments",
    "tags:", "about the author", "posts", "all rights reserved", "©", "copyright",
    "share this:",
)  # fmt: skip


def furniture_phrases(text: str) -> list[str]:
    """The furniture phrases found in ``text``, as printed, in order."""
    folded = text.casefold()
    if not any(clue in folded for clue in _CLUES):
        return []
    return [match[0] for match in _PHRASES.finditer(text)]
