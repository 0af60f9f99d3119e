"""``digest serve``: a live preview that keeps working while an entry is broken.

The preview builds once, then serves; while it builds, it serves the pages an earlier
preview left under build/preview/, or else the last `digest build`'s site, each with a
note saying so, and reloads the browser when it has caught up.
Each save re-reads the files that changed, writes and renders only the pages that show
them, reloads the browser, and prints one line; feeds, open-data files and
the search index follow after the page is served. Problems are printed once, shown on
the broken entry's page and laid over every page until the next good save. One preview
of a project runs at a time.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from datetime import date

from digest.common.errors import DigestError
from digest.entries.load import Project
from digest.site.preview.address import parse_address
from digest.site.preview.lock import preview_lock
from digest.site.preview.server import bind, quiet_mkdocs
from digest.site.preview.session import Session

__all__ = ["serve"]


def serve(project: Project, address: str, say: Callable[[str], None], today: date) -> None:
    """Serve a live preview of the project's site at ``address`` until interrupted."""
    host, port = parse_address(address)
    _refuse_outside_a_project(project)
    quiet_mkdocs()
    with preview_lock(project):
        _serve(project, host, port, say, today)


def _serve(project: Project, host: str, port: int, say: Callable[[str], None], today: date) -> None:
    session = Session(project, today, say)
    server = bind(session.rebuild, host, port, str(session.site.site))
    session.server = server
    if server.server_port != port:
        say(f"Port {port} is in use; using {server.server_port}.")
    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl+C: Pagefind with us
    try:
        server.watch_all(session.watched())  # an edit made while it catches up counts
        earlier = session.answer_at_once()
        if earlier is not None:
            say(f"Serving {earlier.maker} at {server.url} while the preview catches up...")
        else:
            say("Building the preview...")
        session.start()
        server.reload_browsers()
        say(f"Serving {project.root.resolve().name} at {server.url} (Ctrl+C stops)")
        server.start()
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        session.stop()
        server.shutdown()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _refuse_outside_a_project(project: Project) -> None:
    if not (project.root / "mkdocs.yml").is_file() or not project.entries_dir.is_dir():
        raise DigestError(
            "digest serve: no digest project here (no entries/ or mkdocs.yml): run it in a "
            "project's folder or give --project DIR"
        )
