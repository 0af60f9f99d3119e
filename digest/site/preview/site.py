"""The preview's site, kept up to date with the project one edit at a time.

The project stays loaded (``LiveProject``); an edit re-reads the files that changed,
writes only the pages that show them (``depends.py``) into the preview's own docs tree,
and has MkDocs render only those (a dirty build). A file that does not load keeps its
last good entry everywhere else, and its own page shows its problems. Changes to
``mkdocs.yml`` or ``site_src/`` write every page again (MkDocs still renders only those
whose Markdown changed). Feeds, the open-data files and the search index wait for
``finish``, run after the page is served.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from digest.common.errors import Problem
from digest.common.model import Entry
from digest.entries.live import LiveProject
from digest.entries.load import Project
from digest.entries.schedule import EVERYTHING, shown
from digest.evidence.exports import cached_exports
from digest.site.build import (
    DOCS_DIR,
    EXPORT_CACHE,
    EXPORTS,
    SUMMARY_CACHE,
    load_config,
    package_assets,
    page_context,
    page_files,
    site_sources,
    sync_docs,
)
from digest.site.cite import SummaryCitations
from digest.site.feeds import feed_files
from digest.site.incremental import last_build, page_html, page_intact
from digest.site.pages import Context, page_makers, paths
from digest.site.preview.depends import touched_pages
from digest.site.preview.later import killable
from digest.site.preview.problems import problem_page
from digest.site.preview.rendering import OpenBuild, render_whole

PREVIEW_DIR = Path("build/preview")


@dataclass(frozen=True)
class Update:
    """What one update did, for the terminal and the tests."""

    files: list[str]
    pages: list[str]
    seconds: float
    whole: bool = False


@dataclass
class PreviewSite:
    project: Project
    today: date
    live: LiveProject = field(init=False)
    config: Any = None
    context: Context | None = None
    #: The generated docs tree (but feeds and exports), as last written.
    files: dict[Path, bytes] = field(default_factory=dict)
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _settings: dict[Path, bytes] = field(default_factory=dict)
    build: OpenBuild | None = None
    summaries: SummaryCitations = field(init=False)

    def __post_init__(self) -> None:
        self.live = LiveProject(self.project, self.today)
        self.summaries = SummaryCitations(self.project.root / SUMMARY_CACHE)

    @property
    def docs(self) -> Path:
        return self.project.root / PREVIEW_DIR / "docs"

    @property
    def site(self) -> Path:
        return self.project.root / PREVIEW_DIR / "site"

    @property
    def problems(self) -> list[Problem]:
        return self.live.problems

    def update(self) -> Update:
        """Bring the preview up to date with the files; what changed, written and rendered.

        An update that fails (a broken mkdocs.yml) leaves the next one to write every
        page: the files it had read again are not read a second time.
        """
        try:
            return self._update()
        except Exception:
            self.context = None
            raise

    def _update(self) -> Update:
        start = time.monotonic()
        refresh = self.live.refresh()
        settings = self._read_settings()
        whole = self.context is None or settings != self._settings
        if whole:
            self.config = self._load_config()
            self._settings = settings
        old_broken, self.broken = self.broken, self.live.broken()
        if not whole and not refresh.changed and old_broken == self.broken:
            return Update(refresh.files, [], time.monotonic() - start)
        context = page_context(self._entries(), self.config, self._intros(), self.summaries)
        makers = page_makers(context)
        wanted = set(makers) if whole else self._touched(context, refresh.changed, old_broken)
        pages = {p: makers[p]() for p in sorted(wanted & set(makers))}
        pages.update(self._problem_pages(pages, {} if whole else old_broken))
        files = page_files(self.project, context, pages)
        if whole:  # links to feeds and downloads must find them from the first render
            files.update({Path(p): c for p, c in feed_files(context).items()})
            cached_exports(self._entries(), self.docs, self.project.root / EXPORT_CACHE)
        gone = self._gone(set(makers))
        written = self._write(files, whole)
        self.context = context
        pages_written = sorted(p.as_posix() for p in written if p.suffix == ".md")
        self._render(pages_written, whole or bool(gone))
        return Update(refresh.files, pages_written, time.monotonic() - start, whole)

    def _seed_from_build(self) -> None:
        """Copy in the pages the last `digest build` rendered from the same Markdown, so
        that MkDocs renders only the others (drafts, months to come, what changed since).

        Copied, not linked: MkDocs writes a page it renders again through its path. They
        may differ from the preview's own in what a build sets (its date, --site-url).
        """
        built = last_build(self.project.root)
        if built is None:
            return
        site, hashes = built
        built_docs = self.project.root / DOCS_DIR
        for relative, content in self.files.items():
            page = page_html(self.docs, self.docs / relative)
            target = self.site / page
            if relative.suffix != ".md" or target.is_file():
                continue
            source, recorded = site / page, hashes.get(page.as_posix())
            if _holds(built_docs / relative, content) and page_intact(source, recorded):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)

    def _touched(
        self, context: Context, changed: set[str], old_broken: dict[str, list[Problem]]
    ) -> set[str]:
        """The pages an edit touches, and the pages of entries that load again."""
        assert self.context is not None
        wanted = touched_pages(self.context.catalogue, context.catalogue, changed)
        return wanted | {paths.entry(s) for s in old_broken.keys() - self.broken.keys()}

    def _render(self, pages: list[str], whole: bool) -> None:
        try:
            if self.build is None:
                self._seed_from_build()
            if whole or self.build is None or not self.build.knows(pages):
                self.build, self.warnings = render_whole(self.config)
            else:
                self.warnings = self.build.render(pages)
        except Exception:
            self.build = None  # the next update renders every page left behind
            raise

    def finish(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Write what the page just served does not need: feeds and open-data files."""
        if self.context is None:
            return
        feeds = {Path(p): c for p, c in feed_files(self.context).items()}
        for relative, content in feeds.items():
            if cancelled():
                return
            _put(self.docs / relative, content)
            _put(self.site / relative, content)
        exporting = (self._entries(), self.docs, self.project.root / EXPORT_CACHE)
        if cancelled() or not killable(cached_exports, exporting, cancelled):
            return
        for name in EXPORTS:
            _put(self.site / name, (self.docs / name).read_bytes())

    def _entries(self) -> list[Entry]:
        return shown(self.live.entries, self.today, EVERYTHING)

    def _load_config(self) -> Any:
        docs = PREVIEW_DIR / "docs"
        return load_config(self.project, docs_dir=docs, site_dir=str(self.site))

    def _read_settings(self) -> dict[Path, bytes]:
        """mkdocs.yml and site_src/: a change there writes every page again."""
        root = self.project.root
        found = [root / "mkdocs.yml", *sorted((root / "site_src").rglob("*"))]
        return {p: p.read_bytes() for p in found if p.is_file()}

    def _intros(self) -> Mapping[str, str]:
        return site_sources(self.project.root / "site_src")[1]

    def _problem_pages(
        self, pages: Mapping[str, str], old_broken: dict[str, list[Problem]]
    ) -> dict[str, str]:
        """The page of each file that does not load: its problems, not its last good entry."""
        return {
            paths.entry(stem): problem_page(stem, problems)
            for stem, problems in self.broken.items()
            if paths.entry(stem) in pages or old_broken.get(stem) != problems
        }

    def _write(self, files: dict[Path, bytes], whole: bool) -> list[Path]:
        if whole:
            copied = site_sources(self.project.root / "site_src")[0]
            self.files = {**package_assets(), **copied, **files}
            written = [p for p, content in files.items() if not _holds(self.docs / p, content)]
            sync_docs(self.files, self.docs, keep=EXPORTS)
            return written
        written = [p for p, content in files.items() if self.files.get(p) != content]
        for relative in written:
            self.files[relative] = files[relative]
            _put(self.docs / relative, files[relative])
            if relative.suffix != ".md":  # MkDocs copies other files as they are
                _put(self.site / relative, files[relative])
        return written

    def _gone(self, pages: set[str]) -> list[Path]:
        """Remove the pages no longer made (an entry deleted, a month emptied), and their
        charts; the pages removed."""
        keep = pages | {paths.entry(s) for s in self.broken}
        gone = [p for p in self.files if p.suffix == ".md" and _made(p, keep)]
        for relative in gone:
            del self.files[relative]
            (self.docs / relative).unlink(missing_ok=True)
            (self.site / paths.url(relative.as_posix()) / "index.html").unlink(missing_ok=True)
            if relative.parent.as_posix() == paths.ENTRIES:
                for chart in (self.docs / "charts").glob(f"entry-{relative.stem}.*"):
                    self.files.pop(chart.relative_to(self.docs), None)
                    chart.unlink()
        return gone


def _made(relative: Path, keep: set[str]) -> bool:
    """Whether ``relative`` is a generated page no longer made."""
    name = relative.as_posix()
    generated = name.startswith(f"{paths.ENTRIES}/") or name[:4].isdigit()
    return generated and name not in keep


def _holds(path: Path, content: bytes) -> bool:
    return path.is_file() and path.read_bytes() == content


def _put(path: Path, content: bytes) -> None:
    if _holds(path, content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
