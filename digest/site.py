"""Build the site: write the docs tree, render it with MkDocs, swap it into place.

The finished site replaces the previous one only after everything has succeeded, so a
failed build leaves the old site untouched.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.db import write_database
from digest.errors import DigestError
from digest.load import Project
from digest.model import Entry
from digest.pages import entry_page, home_page

DOCS_DIR = Path("build/docs")
DATABASE_NAME = "evidence.duckdb"


def docs_files(project: Project, entries: Sequence[Entry]) -> dict[Path, bytes]:
    """Every file of the docs tree (but the database), by path relative to the tree."""
    source = project.root / "site_src"
    files = (
        {p.relative_to(source): p.read_bytes() for p in sorted(source.rglob("*")) if p.is_file()}
        if source.is_dir()
        else {}
    )
    intro = files.pop(Path("home.md"), b"").decode("utf-8").strip()
    files[Path("index.md")] = home_page(entries, intro).encode("utf-8")
    for entry in entries:
        files[Path("entries", f"{entry.id}.md")] = entry_page(entry).encode("utf-8")
    return files


def sync_docs(files: dict[Path, bytes], docs: Path, keep: Sequence[str] = ()) -> int:
    """Make ``docs`` hold exactly ``files`` (and ``keep``), writing only what changed.

    Unchanged files keep their timestamps, so a watching preview server is not woken.
    Returns the number of files written.
    """
    written = 0
    for relative, content in files.items():
        target = docs / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    wanted = {docs / r for r in files} | {docs / k for k in keep}
    for stale in [p for p in docs.rglob("*") if p.is_file() and p not in wanted]:
        stale.unlink()
    return written


def write_docs(project: Project, entries: Sequence[Entry], docs: Path) -> None:
    """Write the complete docs tree for ``entries``, database included, into ``docs``."""
    sync_docs(docs_files(project, entries), docs, keep=[DATABASE_NAME])
    write_database(entries, docs / DATABASE_NAME)


def build_site(project: Project, entries: Sequence[Entry], site_dir: Path) -> None:
    """Build the site for ``entries`` and move it to ``site_dir`` only if all went well."""
    docs = project.root / DOCS_DIR
    write_docs(project, entries, docs)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        _render(project.root / "mkdocs.yml", docs, staging)
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _render(config_file: Path, docs: Path, out: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    if not config_file.exists():
        raise DigestError(f"{config_file}: no MkDocs configuration found")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(out))
        build(config)
    except (MkDocsException, Abort) as err:
        raise DigestError(f"MkDocs could not build the site: {err}") from None


def _swap(new: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".site-old-{site_dir.name}")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
