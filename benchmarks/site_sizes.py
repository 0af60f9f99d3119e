"""Sizes of a built site: its entry pages and the whole folder."""

from __future__ import annotations

import statistics
from pathlib import Path


def median_entry_page_bytes(site: Path) -> int:
    """Median size of the entry pages, site/entries/*/index.html."""
    sizes = [page.stat().st_size for page in (site / "entries").glob("*/index.html")]
    if not sizes:
        raise RuntimeError(f"no entry pages under {site}/entries")
    return int(statistics.median(sizes))


def folder_bytes(folder: Path) -> int:
    """Total size of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
