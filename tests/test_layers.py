"""Imports never run up a layer (ARCHITECTURE.md): checked on every module's syntax tree.

Every import of a digest module counts, at the top of a file or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "digest"

#: Each folder of digest/ and its floor; a module may import its own folder and lower floors.
#: Folders on one floor sit beside each other and may not import each other.
FLOORS = {
    "common": 0,
    "stats": 1,
    "citations": 1,
    "entries": 2,
    "evidence": 3,
    "site": 4,
    "authoring": 4,
    "cli": 5,
}
#: Modules at the top of digest/: the package itself (its version) is below everything.
TOP_LEVEL = {"__init__": "common", "cli": "cli", "__main__": "cli"}


def layer(module: str) -> str:
    """The layer of a dotted module name under digest."""
    parts = module.split(".")
    if len(parts) == 1:
        return "common"
    return TOP_LEVEL.get(parts[1], parts[1])


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every digest module that ``tree`` imports."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("digest")]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base.split(".")[0] != "digest":
                continue
            # `from digest.site import pages` imports the module digest.site.pages.
            found += [(node.lineno, _submodule(base, a.name)) for a in node.names]
    return found


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*parent, *([node.module] if node.module else [])])


def _submodule(base: str, name: str) -> str:
    candidate = f"{base}.{name}"
    path = REPO.joinpath(*candidate.split("."))
    return candidate if path.with_suffix(".py").exists() or path.is_dir() else base


def upward_imports(path: Path, source: str) -> list[str]:
    """Each import in ``source`` (the file at ``path``) that runs up or across a layer."""
    name = module_name(path)
    own = layer(name) if path.name != "__init__.py" or "." in name else "common"
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    problems = []
    for line, target in imported_modules(ast.parse(source), package):
        theirs = layer(target)
        if theirs != own and FLOORS[theirs] >= FLOORS[own]:
            shown = path.relative_to(REPO).as_posix()
            problems.append(f"{shown}:{line}: {own} may not import {target} ({theirs})")
    return problems


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_known_layer() -> None:
    unknown = {layer(module_name(p)) for p in MODULES} - set(FLOORS)
    assert not unknown, f"add these folders to FLOORS and ARCHITECTURE.md: {sorted(unknown)}"


def test_no_import_runs_up_a_layer() -> None:
    problems = [p for path in MODULES for p in upward_imports(path, path.read_text("utf-8"))]
    assert problems == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("entries/load.py", "from digest.site.build import build_site\n", "entries may not"),
        ("stats/effects.py", "def f():\n    import digest.entries.vocab\n", "stats may not"),
        ("citations/apa.py", "from digest.stats import effects\n", "citations may not"),
        ("site/feeds.py", "from digest.authoring import importer\n", "site may not"),
        ("evidence/db.py", "from ..site.pages import paths\n", "evidence may not"),
        ("common/errors.py", "from digest import cli\n", "common may not"),
    ],
)
def test_an_upward_or_sideways_import_is_caught(module: str, source: str, expected: str) -> None:
    (problem,) = upward_imports(PACKAGE / module, source)
    assert expected in problem


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("site/feeds.py", "from digest.evidence.format import first_sentence\n"),
        ("entries/lint.py", "from digest.stats.prose import find_effects\n"),
        ("site/pages/home.py", "from digest.site import charts\nfrom . import paths\n"),
        ("cli.py", "from digest import __version__\nfrom digest.authoring import importer\n"),
    ],
)
def test_downward_and_own_layer_imports_pass(module: str, source: str) -> None:
    assert upward_imports(PACKAGE / module, source) == []
