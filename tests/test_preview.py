"""Live preview, driven for real: `digest serve` in a subprocess, pages fetched over HTTP.

A broken entry shows its problems on its own page and over every page while the others
keep updating; a taken port moves to the next; drafts and months to come show with a
banner. The overlay as a reader sees it is in test_preview_browser.py; which pages an
edit writes is in test_preview_pages.py.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli

ELLIOTT = "entries/2019/2019-05-elliott-empathy-outcome.yaml"
ELLIOTT_PAGE = "entries/2019-05-elliott-empathy-outcome/"
NISSEN = "entries/2023/2023-07-nissen-lie-therapist-factors.yaml"
NISSEN_PAGE = "entries/2023-07-nissen-lie-therapist-factors/"
OVERLAY = 'class="digest-preview-overlay"'


@dataclass(frozen=True)
class Served:
    url: str
    log: Path

    def text(self) -> str:
        return self.log.read_text("utf-8")


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_until(check: object, seconds: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if callable(check) and check():
            return time.monotonic() - start
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s: {what}")


@contextmanager
def serving(root: Path, address: str) -> Iterator[Served]:
    """`digest serve -a ADDRESS` in ``root``, once it says it is serving."""
    log = root.parent / f"{root.name}-serve.log"
    with log.open("w", encoding="utf-8") as output:
        command = [sys.executable, "-m", "digest", "serve", "-a", address]
        server = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=output)
        try:
            found: list[str] = []

            def ready() -> bool:
                found[:] = re.findall(r"Serving \S+ at (\S+)", log.read_text("utf-8"))
                return bool(found) or server.poll() is not None

            wait_until(ready, 120, "digest serve says where it serves")
            assert found, log.read_text("utf-8")
            yield Served(found[0], log)
        finally:
            server.terminate()
            server.wait(timeout=20)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def shows(url: str, text: str) -> bool:
    return text in fetch(url)


def test_saving_an_entry_updates_the_served_page(demo: Path) -> None:
    with serving(demo, str(free_port())) as served:
        url = served.url + ELLIOTT_PAGE
        assert shows(url, "Therapist Empathy and Client Outcome")
        edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
        wait_until(lambda: shows(url, "Edited Empathy and Client Outcome"), 30, "the edit")
        assert re.search(
            r"\d\d:\d\d:\d\d \S+elliott-empathy-outcome.yaml: \d+ pages? in ", served.text()
        )


def test_a_broken_entry_shows_its_problem_and_the_others_keep_updating(demo: Path) -> None:
    with serving(demo, str(free_port())) as served:
        broken, other = served.url + ELLIOTT_PAGE, served.url + NISSEN_PAGE
        edit(demo / ELLIOTT, "type: meta-analysis", "type: meta-analysys")
        wait_until(lambda: shows(broken, "not shown"), 30, "the broken entry's page")
        page = fetch(broken)
        assert "Therapist Empathy and Client Outcome</h1>" not in page
        assert f"{ELLIOTT}:6: type:" in page
        assert OVERLAY in fetch(other)

        title = "Therapist Factors"
        assert shows(other, title)
        edit(demo / NISSEN, f"title: {title}", "title: Edited Factors")
        wait_until(lambda: shows(other, "Edited Factors"), 30, "an edit beside a broken entry")
        edit(demo / NISSEN, "title: Edited Factors", "title: Edited Again")
        wait_until(lambda: shows(other, "Edited Again"), 30, "a second edit")
        assert served.text().count(f"{ELLIOTT}:6: type:") == 1  # told once

        edit(demo / ELLIOTT, "type: meta-analysys", "type: meta-analysis")
        wait_until(lambda: OVERLAY not in fetch(other), 30, "the overlay gone once fixed")
        assert shows(broken, "Therapist Empathy and Client Outcome")
        assert f"{ELLIOTT}: fixed" in served.text()


def test_a_taken_port_moves_to_the_next_free_one(demo: Path) -> None:
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        with serving(demo, f"127.0.0.1:{port}") as served:
            assert served.url != f"http://127.0.0.1:{port}/"
            assert f"Port {port} is in use; using " in served.text()
            assert shows(served.url + ELLIOTT_PAGE, "Therapist Empathy")


def test_an_address_that_is_none_is_one_line(demo: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "-a", "localhost:eighty"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: digest serve: -a: 'localhost:eighty' is not an address: give a port (8000)"
        " or host and port (127.0.0.1:8000)\n"
    )


def test_outside_a_project_it_says_so_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: digest serve: no digest project here (no entries/ or mkdocs.yml): run it in"
        " a project's folder or give --project DIR\n"
    )


def _month_after(today: date) -> str:
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def test_drafts_and_months_to_come_show_with_their_banner(demo: Path) -> None:
    source = (demo / ELLIOTT).read_text("utf-8")
    draft_id = "2019-05-elliott-draft"
    draft = source.replace("id: 2019-05-elliott-empathy-outcome", f"id: {draft_id}")
    (demo / "entries" / "2019" / f"{draft_id}.yaml").write_text(draft + "draft: true\n", "utf-8")
    month = _month_after(date.today())
    coming_id = f"{month}-elliott-coming"
    coming = source.replace("id: 2019-05-elliott-empathy-outcome", f"id: {coming_id}")
    coming = coming.replace("issue: 2019-05", f"issue: {month}")
    (demo / "entries" / f"{coming_id}.yaml").write_text(coming, "utf-8")
    with serving(demo, str(free_port())) as served:
        draft_page = fetch(f"{served.url}entries/{draft_id}/")
        assert "<strong>Draft</strong>" in draft_page
        coming_page = fetch(f"{served.url}entries/{coming_id}/")
        assert "<strong>Scheduled</strong>" in coming_page
        assert OVERLAY not in coming_page
