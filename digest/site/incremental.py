"""A rebuild renders only the pages whose Markdown changed.

Every page's content is in its Markdown, so a page whose Markdown is unchanged, built
with the same theme, configuration and versions, renders to the same HTML. The new
site starts with a copy of those pages from the previous one, their times kept, and
MkDocs' dirty build skips them. Anything else that differs (mkdocs.yml, the theme's templates,
the site URL, a version) makes the stamp differ, and the build renders everything.

Pages still up to date are hard links to the previous site's files (copying 7,000
pages took longer than rendering the changed ones). MkDocs never opens a page it
skips, and the pages it renders are not linked, so the previous site is never written
through a link and stays whole until the new one replaces it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from digest.site.pages import paths

STAMP = Path("build/cache/site-stamp.json")
#: digest's own templates, which every page extends (added under a project's custom_dir).
THEME_DIR = Path(__file__).parent / "theme"


def stamp(root: Path, config: Any) -> str:
    """What every page's HTML depends on besides its own Markdown, as a hash."""
    digest = hashlib.sha256()
    parts = {
        "versions": [
            version(p) for p in ("research-digest", "mkdocs", "mkdocs-material", "markdown")
        ],
        "site_url": config.site_url or "",
        "source_date": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    digest.update(json.dumps(parts, sort_keys=True).encode())
    for source in _theme_sources(root, config):
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in (p for p in files if p.is_file()):
            name = path.relative_to(source.parent).as_posix()
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _theme_sources(root: Path, config: Any) -> list[Path]:
    """The configuration and the template folders that shape every page."""
    custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    return [root / "mkdocs.yml", *custom, THEME_DIR]


def reuse_pages(root: Path, previous: Path, staging: Path, docs: Path, current: str) -> bool:
    """Link into ``staging`` the previous site's pages still up to date with ``docs``.

    Returns whether it did: only when the previous site was built under the same stamp.
    """
    if not previous.is_dir() or _stored_stamp(root, previous) != current:
        return False
    for source in docs.rglob("*.md"):
        page = page_html(docs, source)
        if not _is_stale(source, previous / page):
            (staging / page).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(previous / page, staging / page)
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def page_html(docs: Path, source: Path) -> Path:
    """Where MkDocs writes the page of ``source``, relative to the site."""
    return Path(paths.url(source.relative_to(docs).as_posix()), "index.html")


def pages_to_render(docs: Path, site: Path) -> list[Path]:
    """The Markdown files MkDocs renders into ``site``: those without a newer page there."""
    return [p for p in docs.rglob("*.md") if _is_stale(p, site / page_html(docs, p))]


def _is_stale(source: Path, page: Path) -> bool:
    # MkDocs' own test (File.is_modified), for the dirty build.
    return not page.is_file() or page.stat().st_mtime < source.stat().st_mtime


def _stored_stamp(root: Path, site: Path) -> str | None:
    try:
        stored = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored.get("stamp") if stored.get("site") == str(site) else None


def store_stamp(root: Path, site: Path, current: str) -> None:
    """Remember the stamp of the site just built at ``site``."""
    (root / STAMP).parent.mkdir(parents=True, exist_ok=True)
    record = {"site": str(site), "stamp": current}
    (root / STAMP).write_text(json.dumps(record), encoding="utf-8")
