"""Work the page just saved does not wait for: feeds, open-data files, the search index.

After each rebuild the preview asks for it; it starts once the files have been quiet
for ``QUIET`` seconds, in a thread, and the next rebuild stops it first, so a save never
waits for it: the open-data files (three seconds at 5,000 entries) are written by a
process of their own and Pagefind is one, and either is killed.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from digest.site.search import pagefind_command

QUIET = 0.5


class Later:
    def __init__(self, work: Callable[[Callable[[], bool]], None], site: Path) -> None:
        self._work = work
        self._site = site
        self._wanted = threading.Event()
        self._cancel = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def ask(self) -> None:
        """Run the work once things are quiet."""
        self._cancel.clear()
        self._wanted.set()

    def halt(self) -> None:
        """Stop the work under way (if any) and wait until it has stopped."""
        self._cancel.set()
        self._wanted.clear()
        self._idle.wait()

    def stop(self) -> None:
        self._stopped = True
        self.halt()
        self._wanted.set()

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopped:
                return
            self._idle.clear()
            try:
                if not self._cancel.wait(QUIET) and self._wanted.is_set():
                    self._wanted.clear()
                    self._run()
            finally:
                self._idle.set()

    def _run(self) -> None:
        self._work(self._cancel.is_set)
        if not self._cancel.is_set():
            index(self._site, self._cancel.is_set)


def index(site: Path, cancelled: Callable[[], bool]) -> bool:
    """Pagefind over ``site``; False if ``cancelled`` stopped it or it failed."""
    run = subprocess.Popen(
        pagefind_command(site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    finished = _unless_cancelled(lambda: run.poll() is None, run.kill, cancelled)
    run.wait()
    return finished and run.returncode == 0


def killable(
    work: Callable[..., None], args: tuple[Any, ...], cancelled: Callable[[], bool]
) -> bool:
    """``work(*args)`` in a process of its own (started afresh: the preview has threads,
    so it is not forked); False if ``cancelled`` killed it or it failed."""
    process = multiprocessing.get_context("spawn").Process(target=work, args=args, daemon=True)
    process.start()
    finished = _unless_cancelled(process.is_alive, process.kill, cancelled)
    process.join()
    return finished and process.exitcode == 0


def _unless_cancelled(
    running: Callable[[], bool], kill: Callable[[], None], cancelled: Callable[[], bool]
) -> bool:
    """Wait while ``running``, killing it if ``cancelled`` meanwhile; False if killed."""
    while running():
        if cancelled():
            kill()
            return False
        time.sleep(0.05)
    return True
