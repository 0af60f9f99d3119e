"""Editors' text made safe for the pages, feeds and e-mails.

Entries arrive by pull request, so nothing an editor writes may reach the HTML as live
markup. Prose (summaries, implications, introductions) is rendered from Markdown here
and cleaned by nh3; it then goes into the docs tree as a raw HTML block, which MkDocs
passes through untouched. Short texts (titles, predictors, citation parts) are written
into the Markdown escaped, so that neither HTML nor Markdown syntax in them (a link to
``javascript:``, an ``{ onclick=... }`` attribute list) comes alive when MkDocs renders
the page.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import markdown
import nh3

from digest.common.offsite import show_offsite

PROSE_EXTENSIONS = ["tables", "sane_lists", "attr_list"]
# Classes cannot run anything, and editors' introductions may use the theme's
# (a `{ .md-button }` link); every other attribute is nh3's default.
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _ATTRIBUTES.get("*", set()) | {"class"}
_URL_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's backslash escapes, plus | (tables); < > & are escaped as HTML instead.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def clean(fragment: str) -> str:
    """An HTML fragment with every script, handler, frame and unsafe URL removed, and
    images from other hosts turned into links (nothing on a page loads from elsewhere)."""
    cleaned = nh3.clean(
        fragment,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return show_offsite(cleaned)


# A summary appears on its entry page, its month page, in feeds and as a teaser: each
# text is rendered once per build (bounded, for long `digest serve` sessions).
_TEXTS_KEPT = 16_384


@lru_cache(maxsize=_TEXTS_KEPT)
def prose_html(text: str) -> str:
    """Markdown prose rendered to clean HTML."""
    return clean(_markdown_html(text))


def prose_block(text: str) -> str:
    """Markdown prose as a raw HTML block for a Markdown page (MkDocs leaves it alone)."""
    if not text.strip():
        return ""
    return f'<div class="digest-prose">\n{prose_html(text)}\n</div>'


@lru_cache(maxsize=_TEXTS_KEPT)
def plain_text(text: str) -> str:
    """Markdown prose reduced to its words, on one line: no markup of any kind."""
    words = nh3.clean(_markdown_html(text), tags=set())
    return " ".join(html.unescape(words).split())


def _markdown_html(text: str) -> str:
    # One converter, reset between texts: building one per text costs more than converting.
    converter = _converter()
    converter.reset()
    return str(converter.convert(text))


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=PROSE_EXTENSIONS)


def markdown_text(text: str) -> str:
    """A short text, on one line, written so that Markdown shows it exactly as it is."""
    one_line = " ".join(text.split())
    return html.escape(_MARKDOWN_SYNTAX.sub(r"\\\1", one_line), quote=False)


def attribute_text(text: str) -> str:
    """A text for an HTML attribute or a <title> that the theme prints unescaped."""
    return html.escape(" ".join(text.split()), quote=True)
