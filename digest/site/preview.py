"""Live preview: MkDocs' own server, with a hook that regenerates the docs tree.

``digest serve`` hands this file to MkDocs as a hook and asks it to watch entries/,
bib/ and site_src/. Saving an entry re-runs the hook, which rewrites only the pages
that changed; MkDocs then rebuilds and reloads the browser, and Pagefind re-indexes
the preview so search works there too. Problems in the entries are logged and the last
good pages stay up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from digest.common.errors import DigestError
from digest.entries.load import Project, load
from digest.evidence.exports import cached_exports
from digest.site.build import (
    DOCS_DIR,
    EXPORT_CACHE,
    EXPORTS,
    add_digest_templates,
    docs_files,
    sync_docs,
)
from digest.site.search import index_site

log = logging.getLogger("mkdocs.digest")


def on_config(config: Any) -> Any:
    add_digest_templates(config.theme)
    return config


def on_pre_build(config: Any) -> None:
    project = Project(Path(config.config_file_path).parent)
    loaded = load(project)
    if loaded.errors:
        for problem in loaded.errors:
            log.warning(str(problem))
        return
    files = docs_files(project, loaded.entries, config)
    docs = Path(config.docs_dir)
    written = sync_docs(files, docs, EXPORTS)
    cached_exports(loaded.entries, docs, project.root / EXPORT_CACHE)
    if written:
        log.info(f"digest: regenerated {written} file(s)")


def on_post_build(config: Any) -> None:
    try:
        index_site(Path(config.site_dir))
    except DigestError as err:
        log.warning(str(err))


def serve(project: Project, address: str) -> None:
    """Serve a live preview of the project's site at ``address`` until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    (project.root / DOCS_DIR).mkdir(parents=True, exist_ok=True)
    watched = [project.entries_dir, project.bib_dir, project.root / "site_src"]
    mkdocs_serve(
        str(project.root / "mkdocs.yml"),
        dev_addr=address,
        livereload=True,
        watch=[str(p) for p in watched if p.exists()],
        hooks=[str(Path(__file__))],
    )
