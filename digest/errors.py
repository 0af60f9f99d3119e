"""Problems found in editors' files, and the exception that carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

Severity = Literal["error", "warning"]

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

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


def display_path(path: Path) -> str:
    """A path as editors see it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class DigestError(click.ClickException):
    """A failure the user can act on; shown without a traceback, exit code 1."""

    exit_code = 1


class InvalidInputError(DigestError):
    """Editors' files have problems: every one is listed, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True)
