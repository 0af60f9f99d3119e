"""Finished HTML carried past Markdown: effect lists and inline charts, kept whole.

Python-Markdown reads every tag of a page's raw HTML to find where its blocks end
(md_in_html), and MkDocs reads them again to collect their ids; neither changes a tag
of HTML digest wrote itself. At 1,000 entries the pages held 330,000 such tags, and
reading them was about half of MkDocs' Markdown time. So a block written as finished
HTML travels through Markdown as one comment holding it (base64, which cannot end a
comment early), and this module, a Markdown extension (``markdown_extensions:
- digest.site.held``, which digest adds when mkdocs.yml leaves it out), puts it back as
the last step of turning the page's Markdown into HTML. Being a Markdown extension, not
a MkDocs plugin, it works in any renderer built on Python-Markdown (Zensical too).
"""

from __future__ import annotations

import base64
import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

_HELD = re.compile(r"<!--digest-held:([A-Za-z0-9+/=]*)-->")


def hold(html: str) -> str:
    """``html`` as a comment Markdown passes through as one token."""
    return f"<!--digest-held:{base64.b64encode(html.encode('utf-8')).decode('ascii')}-->"


def release(html: str) -> str:
    """``html`` with every held block put back as it was written."""
    if "<!--digest-held:" not in html:
        return html
    return _HELD.sub(lambda m: base64.b64decode(m.group(1)).decode("utf-8"), html)


class _Release(Postprocessor):  # type: ignore[misc]
    def run(self, text: str) -> str:
        return release(text)


class HeldExtension(Extension):  # type: ignore[misc]
    """Puts held blocks back into the HTML of every page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After every other step (raw HTML is put back at 30): nothing reads it again.
        md.postprocessors.register(_Release(md), "digest-held", 1)


def makeExtension(**kwargs: Any) -> HeldExtension:  # noqa: N802 - Python-Markdown's name
    return HeldExtension(**kwargs)
