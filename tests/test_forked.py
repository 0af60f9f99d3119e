"""Work done in a forked child: its answer, progress and errors come back as if done here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import in_fresh_python

from digest.common.errors import DigestError
from digest.common.forked import CrashedError, run_forked


class Recorded:
    def __init__(self) -> None:
        self.steps: list[tuple[str, Any]] = []

    def stage(self, description: str, total: int | None = None) -> None:
        self.steps.append(("stage", (description, total)))

    def advance(self, steps: int = 1) -> None:
        self.steps.append(("advance", steps))


def test_the_answer_and_the_progress_come_back() -> None:
    def work(progress: Any) -> list[Any]:
        progress.stage("Counting", 3)
        for _ in range(3):
            progress.advance()
        return [os.getpid(), "done"]

    recorded = Recorded()
    pid, said = run_forked(work, recorded)
    assert pid != os.getpid() and said == "done"
    assert recorded.steps == [("stage", ("Counting", 3))] + [("advance", 1)] * 3


def test_a_digest_error_is_the_same_error_here() -> None:
    def work(progress: Any) -> None:
        raise DigestError("entries/x.yaml:3: title: missing")

    with pytest.raises(DigestError, match=r"^entries/x.yaml:3: title: missing$"):
        run_forked(work, Recorded())


def test_a_file_that_cannot_be_written_is_an_os_error_naming_it(tmp_path: Path) -> None:
    def work(progress: Any) -> None:
        (tmp_path / "missing" / "page.md").write_text("x")

    with pytest.raises(FileNotFoundError) as raised:
        run_forked(work, Recorded())
    assert raised.value.filename == str(tmp_path / "missing" / "page.md")


def test_anything_else_is_a_crash_with_its_traceback() -> None:
    def work(progress: Any) -> None:
        raise ZeroDivisionError("a bug")

    with pytest.raises(CrashedError, match="ZeroDivisionError: a bug"):
        run_forked(work, Recorded())


def test_a_child_that_dies_is_a_crash() -> None:
    def work(progress: Any) -> None:
        os._exit(3)

    with pytest.raises(CrashedError, match="exit status"):
        run_forked(work, Recorded())


# In a fresh interpreter, where no library has started threads of its own: the build
# forks, as `digest build` does.
FRESH_BUILD = """
import json, os, sys
from datetime import date
from pathlib import Path
from digest.common import forked
from digest.entries.load import Project, load_valid
from digest.site import build, share

project = Project(Path(sys.argv[1]))
assert forked.can_fork()
calls = []
real = build.run_forked
build.run_forked = lambda work, progress: calls.append(1) or real(work, progress)
share.POOL_FROM = 1  # the share images drawn by a pool of forked processes too
entries = load_valid(project).entries
build.build_site(project, entries, project.root / "site")
print(json.dumps({"forked": len(calls), "pid": os.getpid()}))
"""


def test_a_build_in_a_fresh_process_renders_in_a_child(demo: Path) -> None:
    printed = in_fresh_python(FRESH_BUILD, str(demo), timeout=600)
    assert json.loads(printed.splitlines()[-1])["forked"] == 1
    assert len(list((demo / "site" / "entries").glob("*/index.html"))) == 11
    assert len(list((demo / "site" / "share").glob("*.png"))) == 48


def test_no_fork_once_the_javascript_runtime_runs() -> None:
    script = (
        "import vl_convert; from digest.common.forked import can_fork; before = can_fork();"
        " vl_convert.vegalite_to_svg({'mark': 'point', 'data': {'values': []}});"
        " print(before, can_fork())"
    )
    assert in_fresh_python(script).split() == ["True", "False"]


FORKED_MAP = """
import json, os, threading
from digest.common.forked import forked_map

def square_and_pid(n):
    return n * n, os.getpid()

here = os.getpid()
forked = list(forked_map(square_and_pid, range(12)))
stop = threading.Event()
threading.Thread(target=stop.wait).start()  # another thread: forking is not safe now
serial = list(forked_map(square_and_pid, range(12)))
stop.set()
print(json.dumps({
    "forked": [n for n, _ in forked], "forked_away": all(pid != here for _, pid in forked),
    "serial": [n for n, _ in serial], "serial_here": all(pid == here for _, pid in serial),
}))
"""


def test_forked_map_keeps_the_order_and_forks_only_from_a_lone_thread() -> None:
    told = json.loads(in_fresh_python(FORKED_MAP).splitlines()[-1])
    assert told["forked"] == told["serial"] == [n * n for n in range(12)]
    assert told["forked_away"] and told["serial_here"]
