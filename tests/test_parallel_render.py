"""A cold build's pages rendered by two processes are byte for byte MkDocs' own build."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import tree_digest

from digest.entries.load import Project, load_valid
from digest.entries.schedule import shown
from digest.site import build


def test_pages_shared_between_processes_are_those_mkdocs_builds(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "can_fork", lambda: False)  # render_shared is watched here
    project = Project(demo)
    entries = shown(load_valid(project).entries, date.today())
    shared: list[Any] = []
    render_shared = build.render_shared
    monkeypatch.setattr(build, "render_shared", lambda *a: shared.append(render_shared(*a)))
    build.build_site(project, entries, demo / "shared")
    assert len(shared) == 1

    monkeypatch.setattr(build, "can_share", lambda: False)
    build.build_site(project, entries, demo / "serial")
    assert len(shared) == 1

    assert tree_digest(demo / "shared") == tree_digest(demo / "serial")
    assert len(list((demo / "shared" / "entries").glob("*/index.html"))) == len(entries)


def test_a_failure_in_the_other_process_fails_the_build(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands import build as mkdocs_build

    monkeypatch.setattr(build, "can_fork", lambda: False)  # this process renders half
    project = Project(demo)
    entries = shown(load_valid(project).entries, date.today())
    build.build_site(project, entries, demo / "site")
    before = tree_digest(demo / "site")
    parent = __import__("os").getpid()
    real = mkdocs_build._build_page

    def failing_in_child(*args: Any, **kwargs: Any) -> None:
        if __import__("os").getpid() != parent:
            raise RuntimeError("a page that cannot be written")
        real(*args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", failing_in_child)
    (demo / "build" / "cache" / "site-stamp.json").unlink()  # render everything again
    with pytest.raises(build.DigestError, match="a page that cannot be written"):
        build.build_site(project, entries, demo / "site")
    assert tree_digest(demo / "site") == before
