"""Run a command and measure its wall time and peak resident memory, children included.

Two readings of memory are taken and the larger is kept:

- ``os.wait4`` on the child gives the peak RSS of the largest single process in its
  tree (the child's own, or that of any descendant it waited for, such as Pagefind);
- a sampler reads /proc every 100 ms and sums the proportional set size (PSS) of every
  live process in the tree, which catches the Python build and Pagefind resident at the
  same time. PSS, not RSS: the build forks processes (share images, MkDocs' pages), and
  a forked child's RSS counts again every page it still shares with its parent; PSS
  counts a shared page once, split between the processes that map it.

Each command runs in its own fresh child, so one run's peak never leaks into another's
(unlike ``RUSAGE_CHILDREN``, a running maximum over every child ever waited for).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1
KIB_PER_MIB = 1024


@dataclass(frozen=True)
class Measured:
    """Wall time in seconds and peak resident memory in MiB of one finished command."""

    seconds: float
    peak_mib: float


class CommandFailedError(RuntimeError):
    """A measured command exited non-zero."""


def run_measured(command: list[str], cwd: Path | None = None) -> Measured:
    """Run ``command`` to completion; raise CommandFailedError with its output if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        if child.returncode != 0:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            raise CommandFailedError(f"{' '.join(command)} exited {child.returncode}:\n{text}")
    peak_kib = max(usage.ru_maxrss, sampler.peak_kib)
    return Measured(seconds=seconds, peak_mib=peak_kib / KIB_PER_MIB)


class _TreeSampler(threading.Thread):
    """Polls the summed PSS of a process and all its descendants until stopped."""

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak_kib = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.root_pid))
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def tree_pss_kib(root_pid: int) -> int:
    """Summed proportional set size of ``root_pid`` and its descendants, in KiB."""
    parents = _parent_pids()
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(_pss_kib(pid) for pid in tree)


def _parent_pids() -> dict[int, int]:
    parents = {}
    with os.scandir("/proc") as entries:
        for entry in entries:
            stat = _read(f"/proc/{entry.name}/stat") if entry.name.isdigit() else b""
            if stat:
                # "pid (command) state ppid ...": the command may hold spaces and ")".
                parents[int(entry.name)] = int(stat.rpartition(b")")[2].split()[1])
    return parents


def _pss_kib(pid: int) -> int:
    rollup = _read(f"/proc/{pid}/smaps_rollup")
    for line in rollup.splitlines():
        if line.startswith(b"Pss:"):
            return int(line.split()[1])
    return 0


def _read(path: str) -> bytes:
    """The file's bytes, or b"" when the process has gone meanwhile."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return b""
    try:
        return os.read(fd, 4096)
    except OSError:
        return b""
    finally:
        os.close(fd)
