"""Files kept in build/cache/, each with the hash of its content beside it.

A cache file that was cut short (a build killed while writing it, a full disk) or
edited by hand no longer matches its hash, is never used, and is made again: a
damaged cache costs time, never a wrong page.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

HASH_SUFFIX = ".sha256"


def read(path: Path) -> bytes | None:
    """The file's content if it is there and matches the hash stored with it, else None."""
    try:
        content = path.read_bytes()
        stored = _hash_file(path).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return content if _digest(content) == stored else None


def write(path: Path, content: bytes) -> None:
    """Store ``content`` and its hash, each written whole before it takes its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, content)
    _replace(_hash_file(path), _digest(content).encode("ascii"))


def seal(path: Path) -> None:
    """Store the hash of a file already written into the cache."""
    _replace(_hash_file(path), _digest(path.read_bytes()).encode("ascii"))


def _hash_file(path: Path) -> Path:
    return path.with_name(path.name + HASH_SUFFIX)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _replace(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
