"""What an editor waits for in `digest serve`: the first page, and each save until its page
shows the change.

The server runs as a fresh process of this venv's Python on a free port of 127.0.0.1.
Times are wall-clock, taken from outside by polling the page over HTTP every 20 ms:

- first: from starting `digest serve` (the archive's build caches present, no earlier
  preview) to the middle entry's page answering with its title;
- again: the same after stopping it and starting it again (the earlier preview's pages
  are there);
- saves: a new word written into the middle entry's summary, until the page served
  shows it; median of ``saves``, a few seconds apart, the first a few seconds after the
  preview says it has caught up (until then it may serve the last build's pages).
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import yaml
from archive_project import entry_files

POLL_SECONDS = 0.02
PATIENCE = 600.0
BETWEEN_SAVES = 3.0


@dataclass(frozen=True)
class PreviewTimes:
    first_s: float
    again_s: float
    saves_s: list[float]

    @property
    def save_s(self) -> float:
        return statistics.median(self.saves_s)


def measure_preview(root: Path, saves: int = 3) -> PreviewTimes:
    path = entry_files(root)[len(entry_files(root)) // 2]
    title = " ".join(yaml.safe_load(path.read_text(encoding="utf-8"))["title"].split()[:2])
    first, timed = _serving(root, path, title, saves)
    again, _ = _serving(root, path, title, 0)
    return PreviewTimes(first, again, timed)


def _serving(root: Path, path: Path, title: str, saves: int) -> tuple[float, list[float]]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/entries/{path.stem}/"
    started = time.perf_counter()
    command = [sys.executable, "-m", "digest", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    ready = _caught_up(server)
    try:
        first = _until(url, title, started)
        timed = []
        if saves and not ready.wait(PATIENCE):
            raise RuntimeError(f"digest serve did not catch up within {PATIENCE:.0f} s")
        for i in range(saves):
            time.sleep(BETWEEN_SAVES)
            marker = f"benchmarkmark{time.monotonic_ns()}x{i}"
            _write_marker(path, marker)
            timed.append(_until(url, marker, time.perf_counter()))
        return first, timed
    finally:
        server.terminate()
        server.wait(timeout=30)


def _caught_up(server: subprocess.Popen[str]) -> threading.Event:
    """Set once the preview says it serves its own pages (its log read to the end)."""
    ready = threading.Event()

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            if "(Ctrl+C stops)" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    return ready


def _write_marker(path: Path, marker: str) -> None:
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = entry["summary"].split(" ")
    words[0] = marker
    entry["summary"] = " ".join(words)
    path.write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _until(url: str, text: str, since: float) -> float:
    while time.perf_counter() - since < PATIENCE:
        if text in _fetch(url):
            return time.perf_counter() - since
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{url} did not show {text!r} within {PATIENCE:.0f} s")


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
