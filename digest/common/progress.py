"""What a long build is doing, shown on a terminal as one progress bar per stage (rich).

The library reports stages to a ``Progress``; the command line decides whether anyone
sees them. Builds under CI, with ``--quiet`` or with stderr not a terminal report to
``SILENT``, which shows nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Progress(Protocol):
    def stage(self, description: str, total: int | None = None) -> None:
        """Start a stage of ``total`` steps (None: steps not counted); ends the last."""

    def advance(self, steps: int = 1) -> None:
        """Count ``steps`` done in the current stage."""


class Silent:
    def stage(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT = Silent()


class Bars:
    """Stages as rich progress bars on stderr: a finished stage stays as one line."""

    def __init__(self, bars: Any) -> None:
        self._bars = bars
        self._task: Any = None

    def stage(self, description: str, total: int | None = None) -> None:
        self.finish()
        self._task = self._bars.add_task(description, total=total)

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, steps)

    def finish(self) -> None:
        """Show the current stage as complete, at the steps it counted."""
        if self._task is not None:
            task = self._bars.tasks[self._task]
            self._bars.update(self._task, total=task.completed or 1, completed=task.completed or 1)


def wanted(quiet: bool) -> bool:
    """Whether to show progress: a person at a terminal, not CI, not ``--quiet``."""
    return not quiet and not os.environ.get("CI") and sys.stderr.isatty()


@contextmanager
def terminal_progress(show: bool) -> Iterator[Progress]:
    """Progress bars on stderr while the block runs, or SILENT when ``show`` is false."""
    if not show:
        yield SILENT
        return
    from rich import progress as rich
    from rich.console import Console

    columns = (
        rich.TextColumn("{task.description:<32}"),
        rich.BarColumn(),
        rich.MofNCompleteColumn(),
        rich.TimeElapsedColumn(),
    )
    with rich.Progress(*columns, console=Console(stderr=True)) as bars:
        reporter = Bars(bars)
        yield reporter
        reporter.finish()


def mkdocs_counter(progress: Progress) -> Any:
    """A MkDocs plugin counting each page twice: Markdown converted, HTML written."""
    from mkdocs.plugins import BasePlugin

    class PageCounter(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_page_content(self, html: str, **_: Any) -> str:
            progress.advance()
            return html

        def on_post_page(self, output: str, **_: Any) -> str:
            progress.advance()
            return output

    return PageCounter()
