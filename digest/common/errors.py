"""Problems found in editors' files, and the exception that carries them to the CLI."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

#: A note reports what the editor has confirmed (a source's own inconsistency, say): it is
#: printed, but neither fails a check nor counts under --strict.
Severity = Literal["error", "warning", "note"]

#: The `field` of a problem that concerns a whole file rather than one field in it.
WHOLE_FILE = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    #: Lines of the file around the mistake, for people: printed under the problem on
    #: standard error, so that standard output keeps one line per problem for tools.
    frame: tuple[str, ...] = dataclasses.field(default=(), compare=False)

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"

    def with_frame(self) -> str:
        """The problem's line followed by its code frame, for a person's terminal."""
        return "\n".join((str(self), *self.frame))


@contextmanager
def file_error() -> Iterator[None]:
    """A file that cannot be written (read-only, disk full, a file where a folder should be)
    as one line naming it, instead of a traceback."""
    try:
        yield
    except OSError as err:
        where = display_path(Path(err.filename)) if err.filename else "digest"
        if isinstance(err, FileExistsError | NotADirectoryError) and Path(err.filename).is_file():
            raise DigestError(f"{where}: is a file, where a folder is needed") from None
        raise DigestError(f"{where}: {err.strerror or err}") from None


def display_path(path: Path) -> str:
    """A path as editors see it: relative to the working directory when inside it.

    A link is shown under its own name, not its target's.
    """
    return _shown(path, path.parent.resolve(), Path.cwd().resolve())


def display_paths(paths: Iterable[Path]) -> list[str]:
    """``display_path`` of each path, each folder resolved once: a thousand entries
    live in a few folders, and resolving a path looks at every folder on the way."""
    cwd = Path.cwd().resolve()
    folders: dict[Path, Path] = {}
    shown = []
    for path in paths:
        if path.parent not in folders:
            folders[path.parent] = path.parent.resolve()
        shown.append(_shown(path, folders[path.parent], cwd))
    return shown


def _shown(path: Path, resolved_parent: Path, cwd: Path) -> str:
    try:
        return (resolved_parent / path.name).relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def refusal(path: Path, root: Path, limit: int, kind: str) -> str | None:
    """Why ``path`` is not read as an editor's ``kind`` of file, or None when it may be.

    Only the file's metadata is looked at: a file over ``limit`` bytes is never read, and
    a link to a file outside ``root`` (the project) is never followed.
    """
    link = path.is_symlink()
    if link and not Path(os.path.realpath(path)).is_relative_to(root.resolve()):
        return "is a link to a file outside the project; copy the file in instead"
    if link and not path.exists():
        return "is a broken link: its target does not exist"
    if path.is_dir():
        return f"is a folder, not {kind}"
    if not path.exists():
        return "no such file or folder"
    if not path.is_file():
        return f"is a special file (such as a pipe), not {kind}"
    size = path.stat().st_size
    if size > limit:
        return f"the file is {size / 1e6:,.1f} MB; {kind} may be at most {limit / 1e6:g} MB"
    return None


class DigestError(click.ClickException):
    """A failure the user can act on; shown without a traceback, exit code 1."""

    exit_code = 1


class InvalidInputError(DigestError):
    """Editors' files have problems: every one is listed, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.with_frame() for p in self.problems))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True)
