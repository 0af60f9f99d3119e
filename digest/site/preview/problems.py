"""Problems shown where the editor looks: on the broken entry's page, and over every page.

A file that does not load gets a page of its problems at its entry's address instead of
its content. While any problem stands, the preview lays an overlay over every page it
serves, naming each file and line and what to do; the next good save takes it away.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from digest.common.errors import Problem
from digest.site.pages.render import front_matter


def problem_page(stem: str, problems: Sequence[Problem]) -> str:
    """The Markdown page shown at an entry's address while its file does not load."""
    meta = {"title": f"{stem}: not shown", "hide": ["navigation"]}
    listing = "\n".join(_indented(p.with_frame()) for p in problems)
    return (
        front_matter(meta)
        + f"# {stem}: not shown\n\n"
        + '<p class="digest-preview-problem" role="alert">This entry does not load, so the '
        + "preview shows what is wrong with it instead. Fix the file and save it: this page "
        + "comes back by itself.</p>\n\n"
        + listing
        + "\n"
    )


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines()) + "\n"


def overlay(problems: Sequence[Problem], site_errors: Sequence[str] = ()) -> bytes:
    """The overlay laid over every page while problems stand, or nothing."""
    if not problems and not site_errors:
        return b""
    items = [_item(str(p), p.frame) for p in problems]
    items += [_item(error, ()) for error in site_errors]
    count = len(items)
    heading = f"digest: {count} problem{'s' if count != 1 else ''}"
    html = (
        '<div class="digest-preview-overlay" role="alertdialog" aria-modal="false" '
        'aria-labelledby="digest-preview-overlay-title">'
        '<div class="digest-preview-overlay__box">'
        f'<h2 id="digest-preview-overlay-title">{heading}</h2>'
        f"<ol>{''.join(items)}</ol>"
        "<p>Other entries keep updating. Fix the file and save it: this goes away.</p>"
        '<button type="button" onclick="this.closest(\'.digest-preview-overlay\').remove()">'
        "Hide</button></div></div>"
    )
    return html.encode("utf-8")


def _item(line: str, frame: Sequence[str]) -> str:
    where, _, message = line.partition(": ")
    shown_frame = f"<pre>{escape(chr(10).join(frame))}</pre>" if frame else ""
    return f"<li><code>{escape(where)}</code>: {escape(message)}{shown_frame}</li>"
