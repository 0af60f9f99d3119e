"""Work done in a forked process, whose memory is the system's again when it ends.

Python keeps the heap it grew: after writing and rendering 5,000 entries' pages a
build still held 700 MB, beside the 630 MB Pagefind then needs to index them. Done in
a child, that work leaves the parent as it was. The child reports its progress as it
goes and its answer (JSON) at the end; a ``DigestError`` or a file it could not write
comes back as the same error, anything else as a crash with its traceback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, TypeVar

from digest.common.errors import DigestError
from digest.common.progress import Progress


class CrashedError(RuntimeError):
    """The forked work failed unexpectedly; the message is its traceback."""


#: Threads of vl-convert's JavaScript runtime, started by its first chart (an earlier
#: build in the same process, a test suite's). A forked child has none of them, and its
#: first chart would wait for them for ever.
_RUNTIME_THREADS = ("tokio-runtime", "V8 ")


def can_fork() -> bool:
    """Whether work may be forked: the system can, and no runtime's threads are here."""
    names = _thread_names()
    return names is not None and not any(n.startswith(_RUNTIME_THREADS) for n in names)


def alone() -> bool:
    """Whether work may be forked and this process runs a single thread, so that a child
    forked now cannot inherit a lock another thread held."""
    names = _thread_names()
    return names is not None and len(names) == 1


def _thread_names() -> list[str] | None:
    """The names of this process's threads; None where it cannot fork, or cannot tell
    (no /proc): then it does not risk it."""
    if not hasattr(os, "fork"):
        return None
    try:
        return [(task / "comm").read_text().strip() for task in Path("/proc/self/task").iterdir()]
    except OSError:
        return None


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


Item = TypeVar("Item")
Result = TypeVar("Result")


def forked_map(work: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """``work`` of each item, in order, shared among forked processes (one per core)
    when forking is safe here, else one after another in this process as they are asked
    for. Forked, the work starts at once: the caller may do something else meanwhile.

    ``work`` must be a module's function (or a partial of one) and its results
    picklable: they travel back from the children.
    """
    if cores() < 2 or len(items) < 2 or not alone():
        return map(work, items)
    forked = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=cores(), mp_context=forked)
    return _then_shut_down(pool, pool.map(work, items))


def _then_shut_down(pool: ProcessPoolExecutor, results: Iterator[Result]) -> Iterator[Result]:
    with pool:
        yield from results


def run_forked(work: Callable[[Progress], Any], progress: Progress) -> Any:
    """``work(progress)`` run in a forked child; its (JSON) answer, or its error raised."""
    sys.stdout.flush()
    sys.stderr.flush()
    answer_read, answer_write = os.pipe()
    steps_read, steps_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(answer_read)
        os.close(steps_read)
        _child(work, answer_write, steps_write)
    os.close(answer_write)
    os.close(steps_write)
    relay = threading.Thread(target=_relay, args=(steps_read, progress), daemon=True)
    relay.start()
    try:
        with os.fdopen(answer_read, encoding="utf-8") as answer:
            told = answer.read()
    except BaseException:  # Ctrl+C while the child works: stop it too
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    relay.join()
    return _answer(json.loads(told) if told else {"crash": f"exit status {status}"})


def _answer(told: dict[str, Any]) -> Any:
    if "error" in told:
        raise DigestError(told["error"])
    if "oserror" in told:
        raise OSError(*told["oserror"])
    if "crash" in told:
        raise CrashedError(told["crash"])
    return told["value"]


def _child(work: Callable[[Progress], Any], answer: int, steps: int) -> None:  # pragma: no cover
    code = 1
    try:
        with os.fdopen(steps, "w", encoding="utf-8", buffering=1) as out:
            told = _outcome(work, _Steps(out))
        with os.fdopen(answer, "w", encoding="utf-8") as result:
            json.dump(told, result)
        code = 0
    finally:  # never return into the parent's code
        os._exit(code)


def _outcome(work: Callable[[Progress], Any], progress: Progress) -> dict[str, Any]:
    try:
        return {"value": work(progress)}
    except DigestError as err:
        return {"error": err.message}
    except OSError as err:
        return {"oserror": [err.errno, err.strerror, err.filename]}
    except BaseException:
        return {"crash": traceback.format_exc()}


class _Steps:  # pragma: no cover - the child's side of the progress relay
    """Progress written down the pipe, by the child only: a process the child forks in
    turn (MkDocs' second renderer) reports through the child, as it would have to its
    parent without the relay."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._pid = os.getpid()

    def stage(self, description: str, total: int | None = None) -> None:
        self._tell({"stage": description, "total": total})

    def advance(self, steps: int = 1) -> None:
        self._tell({"advance": steps})

    def _tell(self, step: dict[str, Any]) -> None:
        if os.getpid() == self._pid:
            self._out.write(json.dumps(step) + "\n")


def _relay(steps: int, progress: Progress) -> None:
    with os.fdopen(steps, encoding="utf-8") as lines:
        for line in lines:
            told = json.loads(line)
            if "stage" in told:
                progress.stage(told["stage"], told["total"])
            else:
                progress.advance(told["advance"])


def give_back_memory() -> None:
    """Return the heap Python has freed to the system (glibc's malloc_trim), so that a
    process forked next, and the pages it writes, do not start from a swollen heap."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
