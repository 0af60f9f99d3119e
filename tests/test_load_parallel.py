"""Many entry files are read on every core: what loads, and every problem, in the same
order as one process reading them one after another.

Run in a fresh interpreter, where forking is safe (the test process has threads of its
own: a browser's, the chart runtime's).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import REPO, copy_demo, in_fresh_python

sys.path.insert(0, str(REPO / "benchmarks"))
from make_archive import make_archive

COMPARE = """
import json, resource, sys
from datetime import date
from pathlib import Path
import digest.entries.load as load
import digest.entries.read as read
from digest.entries.load import Project

def children_cpu():
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime

project, today = Project(Path(sys.argv[1])), date(2026, 11, 30)
together = load.load(project, today=today, cite=False)
forked_cpu = children_cpu()
read.READ_IN_PARALLEL_FROM = 10**9
alone = load.load(project, today=today, cite=False)
print(json.dumps({
    "children_cpu": forked_cpu,
    "children_cpu_after_one_process": children_cpu() - forked_cpu,
    "same_entries": together.entries == alone.entries,
    "same_problems": together.problems == alone.problems,
    "entries": len(together.entries),
    "errors": sorted({p.path for p in together.problems if p.severity == "error"}),
}))
"""


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_large_project_loads_the_same_on_every_core(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    make_archive(300, root, seed=5)
    files = sorted((root / "entries").rglob("*synthetic*.yaml"))
    _break(files[10], "type: ", "type: x")
    _break(files[150], "title: ", "title: [")
    _break(files[299], "issue: ", "issue: 13-")
    told = json.loads(in_fresh_python(COMPARE, str(root)).splitlines()[-1])
    assert told["children_cpu"] > 0.05  # the files were read in forked processes
    assert told["children_cpu_after_one_process"] == 0
    assert told["same_entries"] and told["same_problems"]
    assert told["entries"] == 311 - 3
    broken = {str(f) for f in (files[10], files[150], files[299])}
    assert set(told["errors"]) == broken
