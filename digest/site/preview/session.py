"""One ``digest serve``: the preview site, its server, what the terminal is told.

Until the preview is ready, the server answers from earlier pages, saying so
(``earlier.py``). The terminal hears the address once the preview is ready, one line per
rebuild (the files that changed, the pages written, how long), and each problem once,
when it appears, and once more when it is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from digest.common.errors import DigestError, Problem
from digest.common.words import counted
from digest.entries.load import Project
from digest.site.preview.earlier import Earlier, catching_up, earlier_pages
from digest.site.preview.later import Later
from digest.site.preview.problems import overlay
from digest.site.preview.server import PreviewServer
from digest.site.preview.site import PreviewSite, Update


class Session:
    def __init__(self, project: Project, today: date, say: Callable[[str], None]) -> None:
        self.site = PreviewSite(project, today)
        self.say = say
        self.server: PreviewServer | None = None
        self._told: set[Problem] = set()
        self._site_errors: list[str] = []
        self._told_site: list[str] = []
        self._later = Later(self.site.finish, self.site.site)
        #: The pages served until the preview has caught up, if any.
        self.earlier: Earlier | None = None

    def watched(self) -> list[Path]:
        root = self.site.project.root
        found = [root / "entries", root / "bib", root / "site_src", root / "mkdocs.yml"]
        return [p for p in found if p.exists()]

    def answer_at_once(self) -> Earlier | None:
        """Have the server answer from the last preview's or build's pages, with a note,
        while this preview catches up; which pages, or None when there are none."""
        assert self.server is not None
        self.earlier = earlier_pages(self.site.project.root, self.site.site)
        if self.earlier is not None:
            self.server.root = str(self.earlier.site)
            self._show()
            self.server.answer()
        return self.earlier

    def start(self) -> None:
        """Bring the preview up to date, then answer from its own pages."""
        update = self._update()
        if self.server is not None:
            self.earlier = None
            self.server.root = str(self.site.site)
            self._show()
        if update is not None:
            entries = counted(len(self.site.live.entries), "entry")
            written = counted(len(update.pages), "page")
            self.say(f"Built {entries} ({written} written) in {update.seconds:.1f} s")
        warnings = [p for p in self.site.problems if p.severity == "warning"]
        if warnings:
            self.say(f"{counted(len(warnings), 'warning')}: digest check lists them.")

    def rebuild(self) -> None:
        """What the server calls when files change; never raises (a raise would freeze
        the server's pages until the next change)."""
        try:
            update = self._update()
        except Exception as err:
            self._site_errors = [f"digest serve: {type(err).__name__}: {err}"]
            self._show()
            self.say(self._site_errors[0])
            return
        if update is not None and (update.files or update.pages):
            self.say(_rebuilt(update))

    def stop(self) -> None:
        self._later.stop()

    def _update(self) -> Update | None:
        self._later.halt()
        try:
            update: Update | None = self.site.update()
            self._site_errors = list(self.site.warnings)
        except DigestError as err:
            update, self._site_errors = None, [str(err)]
        self._tell()
        self._show()
        self._later.ask()
        return update

    def _show(self) -> None:
        if self.server is not None and self.earlier is not None:
            self.server.overlay = catching_up(self.earlier)
        elif self.server is not None:
            errors = [p for p in self.site.problems if p.severity == "error"]
            self.server.overlay = overlay(errors, self._site_errors)

    def _tell(self) -> None:
        errors = {p for p in self.site.problems if p.severity == "error"}
        for problem in sorted(errors - self._told):
            self.say(problem.with_frame())
        for path in sorted({p.path for p in self._told - errors} - {p.path for p in errors}):
            self.say(f"{path}: fixed")
        self._told = errors
        for message in self._site_errors:
            if message not in self._told_site:
                self.say(message)
        self._told_site = self._site_errors


def _rebuilt(update: Update) -> str:
    changed = update.files[0] if len(update.files) == 1 else f"{len(update.files)} files"
    clock = time.strftime("%H:%M:%S")
    pages = counted(len(update.pages), "page")
    return f"{clock} {changed or 'settings'}: {pages} in {update.seconds:.2f} s"
