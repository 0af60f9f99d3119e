"""What the preview serves while it catches up: the last preview's pages, or else the
last build's site, every page saying so.

A first preview of 1,000 entries takes seconds to write and render its pages; the last
preview, or the last `digest build`, has them already. The server answers from that
folder at once, with a note over every page saying whose page it is and what it may
lack, and that it reloads by itself; once the preview has caught up, it answers from its
own pages, without the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digest.site.incremental import last_build


@dataclass(frozen=True)
class Earlier:
    """Pages made before this preview: where they are, and what made them."""

    site: Path
    maker: str
    lacks: str


def earlier_pages(root: Path, preview_site: Path) -> Earlier | None:
    """The last preview's pages, else the last build's, else None."""
    if (preview_site / "index.html").is_file():
        return Earlier(preview_site, "the last preview", "edits made since")
    built = last_build(root)
    if built is not None and (built[0] / "index.html").is_file():
        return Earlier(built[0], "the last build", "edits made since, drafts and months to come")
    return None


def catching_up(earlier: Earlier) -> bytes:
    """The note laid over every page served from ``earlier``.

    Styled inline: the stylesheet of the pages it lies over may predate any rule for it.
    """
    html = (
        '<div class="digest-preview-overlay digest-preview-catching-up" role="status">'
        '<div class="digest-preview-overlay__box" style="border-top-color: #555">'
        f'<h2 style="color: #1a1a1a">digest: catching up</h2><p>This page is from '
        f"{earlier.maker}: {earlier.lacks} are not in it yet. It reloads by itself once "
        "the preview has caught up.</p></div></div>"
    )
    return html.encode("utf-8")
