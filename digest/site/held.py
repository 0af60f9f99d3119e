"""Finished HTML carried past Markdown: effect lists and inline charts, kept whole.

Python-Markdown reads every tag of a page's raw HTML to find where its blocks end
(md_in_html), and MkDocs reads them again to collect their ids; neither changes a tag
of HTML digest wrote itself. At 1,000 entries the pages held 330,000 such tags, and
reading them was about half of MkDocs' Markdown time. So a block written as finished
HTML travels through Markdown as one comment holding it (base64, which cannot end a
comment early), and a plugin (``digest.site.wiring``) puts it back into the HTML MkDocs
made of the page, before the theme's template and anything after it sees the page.
"""

from __future__ import annotations

import base64
import re

_HELD = re.compile(r"<!--digest-held:([A-Za-z0-9+/=]*)-->")


def hold(html: str) -> str:
    """``html`` as a comment Markdown passes through as one token."""
    return f"<!--digest-held:{base64.b64encode(html.encode('utf-8')).decode('ascii')}-->"


def release(html: str) -> str:
    """``html`` with every held block put back as it was written."""
    if "<!--digest-held:" not in html:
        return html
    return _HELD.sub(lambda m: base64.b64decode(m.group(1)).decode("utf-8"), html)
