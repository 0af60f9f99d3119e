"""How a preview starts: from the last build's pages at once, saying so, then its own.

`digest serve` runs in this process (the fetching in a thread beside it), so that the
preview's first update can be held while the page is fetched: the page answers before
the preview has rendered anything, with a note, and an edit made while it catches up
still shows. A second preview of the same project refuses.
"""

from __future__ import annotations

import _thread
import re
import signal
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock
from test_preview import ELLIOTT, ELLIOTT_PAGE, edit, fetch, free_port, shows, wait_until

from digest.cli import cli
from digest.entries.load import Project
from digest.site.preview import serve
from digest.site.preview.lock import PREVIEW_LOCK
from digest.site.preview.site import PreviewSite

TITLE = "Therapist Empathy and Client Outcome"
NOTE = "digest: catching up"


class Log:
    """What ``digest serve`` says, as it says it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)

    def found(self, pattern: str) -> str:
        matches = [m for line in self.lines if (m := re.search(pattern, line))]
        return matches[0].group(1) if matches else ""

    def wait_for(self, pattern: str) -> str:
        wait_until(lambda: self.found(pattern), 120, f"digest serve saying {pattern!r}")
        return self.found(pattern)


def hold_first_render(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the preview's first render until the event is set; the event."""
    go_on = threading.Event()
    render = PreviewSite._render

    def held(site: PreviewSite, pages: list[str], whole: bool) -> None:
        assert go_on.wait(120), "the test never let the render go on"
        render(site, pages, whole)

    monkeypatch.setattr(PreviewSite, "_render", held)
    return go_on


def serve_here(root: Path, visit: Callable[[Log], None]) -> Log:
    """Run ``digest serve`` in this thread and ``visit`` beside it, then stop it."""
    log = Log()

    def visiting() -> None:
        try:
            visit(log)
        except BaseException as err:  # reported by the main thread
            log.lines.append(f"visit failed: {err!r}")
        finally:
            _thread.interrupt_main()

    before = signal.getsignal(signal.SIGTERM)
    visitor = threading.Thread(target=visiting)
    visitor.start()
    try:
        serve(Project(root), str(free_port()), log, date.today())
    finally:
        signal.signal(signal.SIGTERM, before)
        visitor.join(timeout=60)
    return log


def test_the_last_build_answers_at_once_saying_so_and_an_edit_meanwhile_shows(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = CliRunner().invoke(cli, ["build", "-q"])
    assert built.exit_code == 0, built.output
    go_on = hold_first_render(monkeypatch)
    served: dict[str, str] = {}

    def visit(log: Log) -> None:
        url = log.wait_for(r"Serving the last build at (\S+) while the preview catches up")
        served["before"] = fetch(url + ELLIOTT_PAGE)
        served["said before"] = "\n".join(log.lines)
        edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
        time.sleep(0.5)  # the file watcher's notice
        go_on.set()
        log.wait_for(r"Serving \S+ at (\S+) \(Ctrl\+C stops\)")
        page = url + ELLIOTT_PAGE
        wait_until(lambda: shows(page, "Edited Empathy and Client Outcome"), 30, "the edit")
        served["after"] = fetch(page)

    log = serve_here(demo, visit)
    assert not [line for line in log.lines if line.startswith("visit failed")], log.lines
    assert "Ctrl+C stops" not in served["said before"]  # served before it had caught up
    assert TITLE in served["before"]
    assert NOTE in served["before"] and "from the last build" in served["before"]
    assert NOTE not in served["after"]
    assert (demo / "build/preview/site" / ELLIOTT_PAGE / "index.html").is_file()


def test_a_second_preview_of_the_project_refuses(demo: Path) -> None:
    (demo / PREVIEW_LOCK).parent.mkdir(parents=True)
    with FileLock(demo / PREVIEW_LOCK, timeout=0):
        result = CliRunner().invoke(cli, ["serve", "-a", str(free_port())])
    assert result.exit_code == 1
    assert result.output == (
        "Error: build/preview/.lock: another digest serve is previewing this project; open "
        "its address, or stop it (Ctrl+C) first\n"
    )
