"""Live preview: `digest serve` picks up an edited entry and serves the new page."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ENTRY = "entries/2019/2019-05-elliott-empathy-outcome.yaml"
PAGE = "entries/2019-05-elliott-empathy-outcome/"
PORT = 8765 + 7


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> float:
    """Seconds until the page at ``url`` contains ``text``; fails after ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in fetch(url):
            return time.monotonic() - start
        time.sleep(0.25)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")


def test_saving_an_entry_updates_the_served_page(demo: Path) -> None:
    command = [sys.executable, "-m", "digest", "serve", "-a", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen(command, cwd=demo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{PORT}/{PAGE}"
        wait_for(url, "Therapist Empathy and Client Outcome", 60)
        entry = demo / ENTRY
        entry.write_text(
            entry.read_text("utf-8").replace("title: Therapist Empathy", "title: Edited Empathy"),
            "utf-8",
        )
        assert wait_for(url, "Edited Empathy and Client Outcome", 20) < 20
    finally:
        server.terminate()
        server.wait(timeout=10)
