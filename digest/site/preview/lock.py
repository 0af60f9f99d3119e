"""One preview of a project at a time: two would write the same build/preview/ folder.

The lock is the operating system's, so a preview that was killed holds it no longer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digest.common.errors import DigestError, display_path
from digest.entries.load import Project
from digest.site.preview.site import PREVIEW_DIR

PREVIEW_LOCK = PREVIEW_DIR / ".lock"


@contextmanager
def preview_lock(project: Project) -> Iterator[None]:
    """Hold the project's preview lock, or refuse at once when another preview holds it."""
    from filelock import FileLock, Timeout

    path: Path = project.root / PREVIEW_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        message = (
            "another digest serve is previewing this project; open its address, "
            "or stop it (Ctrl+C) first"
        )
        raise DigestError(f"{display_path(path)}: {message}") from None
    try:
        yield
    finally:
        lock.release()
