"""The preview's web server: MkDocs' live-reload server, bound by us, with an overlay.

MkDocs' ``LiveReloadServer`` serves the site folder, reloads browsers when a rebuild
ends and waits with each request until the rebuild under way has finished. digest binds
its port itself (to try the next one when it is taken), watches with the operating
system's notifications rather than by polling, and lays the problems overlay over every
HTML page it serves.

The notifications include a file being opened and closed unwritten. MkDocs' server takes
any event for a change, so each rebuild, reading the files it watches, would start the
next one: the preview rebuilt and reloaded the browser without end. Only writes, new,
moved and deleted files count here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import ObservedWatch

from digest.common.errors import DigestError

#: How many ports after a taken one are tried.
PORTS_TRIED = 10

#: The file events that are changes (not reads: opened, closed unwritten).
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
]


class ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
    """The operating system's observer, passing on changes only."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        wanted = CHANGES if event_filter is None else event_filter
        return super().schedule(  # type: ignore[no-any-return]
            event_handler,
            path,
            recursive=recursive,
            event_filter=wanted,
            follow_symlink=follow_symlink,
        )


class PreviewServer(LiveReloadServer):
    #: The overlay to lay over every page served (empty when all is well).
    overlay: bytes = b""

    def __init__(self, builder: Callable[[], None], host: str, port: int, root: str) -> None:
        super().__init__(builder, host, port, root)
        self.build_delay = 0.05
        with contextlib.suppress(OSError):  # no inotify here: keep MkDocs' polling observer
            self.observer = ChangesObserver()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        page: bytes = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if not self.overlay:
            return page
        end = page.rfind(b"</body>")
        end = len(page) if end < 0 else end
        return page[:end] + self.overlay + page[end:]

    def answer(self) -> None:
        """Start answering requests (in a thread), from the pages there are."""
        if not self.serve_thread.is_alive():
            self.serve_thread.start()

    def reload_browsers(self) -> None:
        """Have every open page load again (the site changed outside a rebuild)."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = round(time.monotonic() * 1000)
            self._epoch_cond.notify_all()

    def watch_all(self, paths: Iterable[Path]) -> None:
        """Watch ``paths`` from now on: a change there, even one made before ``start``,
        has the build loop rebuild."""
        for path in paths:
            self.watch(str(path))
        if self._watched_paths:
            self.observer.start()

    def start(self) -> None:
        """Answer requests; rebuild on changes to the files watched until interrupted."""
        self.answer()
        self._build_loop()  # type: ignore[no-untyped-call]


def bind(builder: Callable[[], None], host: str, port: int, root: str) -> PreviewServer:
    """A server listening on ``host:port``, or on the first free port of the next few."""
    for candidate in range(port, port + PORTS_TRIED):
        server = PreviewServer(builder, host, candidate, root)
        try:
            server.server_bind()
            server.server_activate()
        except OSError as err:
            server.server_close()
            if err.errno == errno.EADDRINUSE:
                continue
            reason = f"cannot listen on {host}:{candidate}: {err.strerror}"
            raise DigestError(f"digest serve: {reason}") from None
        return server
    last = port + PORTS_TRIED - 1
    message = f"digest serve: ports {port} to {last} on {host} are all in use; give another with -a"
    raise DigestError(message)


def quiet_mkdocs() -> None:
    """MkDocs' own server lines ("Detected file changes", "Browser connected"...) say
    nothing an editor needs; digest prints its own."""
    for name in ("mkdocs.livereload", "watchdog"):
        logging.getLogger(name).setLevel(logging.ERROR)
