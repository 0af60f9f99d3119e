"""A rebuild renders only the pages whose Markdown changed.

Every page's content is in its Markdown, so a page whose Markdown is unchanged, built
with the same theme, configuration and versions, renders to the same HTML. The new
site starts with a copy of those pages from the previous one, their times kept, and
MkDocs' dirty build skips them. Anything else that differs (mkdocs.yml, the theme's templates,
the site URL, a version) makes the stamp differ, and the build renders everything.
A page is reused only while its bytes still hash to what the build that wrote it
recorded: one cut short or edited by hand in ``site/`` is rendered again.

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

from digest.common import cache
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
    """Link into ``staging`` the previous site's pages still up to date with ``docs``
    and still as that build wrote them.

    Returns whether it did: only when the previous site was built under the same stamp.
    """
    record = _stored_record(root, previous)
    if not previous.is_dir() or record.get("stamp") != current:
        return False
    written: dict[str, str] = record.get("pages", {})
    for source in docs.rglob("*.md"):
        page = page_html(docs, source)
        if _is_stale(source, previous / page):
            continue
        if written.get(page.as_posix()) != _file_hash(previous / page):
            continue
        (staging / page).parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(previous / page, staging / page)
    return True


def _file_hash(path: Path) -> str:
    with path.open("rb") as page:
        return hashlib.file_digest(page, "sha256").hexdigest()


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


def last_build(root: Path) -> tuple[Path, dict[str, str]] | None:
    """Where the last build of the project put its site, and each page's hash there."""
    content = cache.read(root / STAMP)
    try:
        stored = json.loads(content or b"{}")
    except ValueError:
        return None
    if not isinstance(stored, dict) or "site" not in stored:
        return None
    return Path(stored["site"]), dict(stored.get("pages", {}))


def page_intact(page: Path, recorded: str | None) -> bool:
    """Whether ``page`` still holds what the build that wrote it recorded."""
    return recorded is not None and page.is_file() and _file_hash(page) == recorded


def _stored_record(root: Path, site: Path) -> dict[str, Any]:
    content = cache.read(root / STAMP)
    try:
        stored = json.loads(content or b"{}")
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) and stored.get("site") == str(site) else {}


def store_stamp(root: Path, site: Path, current: str, pages: dict[str, str]) -> None:
    """Remember the stamp of the site just built at ``site``, and the hash of each page."""
    record = {"site": str(site), "stamp": current, "pages": pages}
    cache.write(root / STAMP, json.dumps(record, sort_keys=True).encode("utf-8"))


def page_hashes(site: Path, docs: Path) -> dict[str, str]:
    """The hash of every page rendered from ``docs`` into ``site``, by its path there."""
    pages = (page_html(docs, source) for source in docs.rglob("*.md"))
    return {p.as_posix(): _file_hash(site / p) for p in pages if (site / p).is_file()}
