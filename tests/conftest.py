"""Shared fixtures: a small project on disk, written from scratch for each test."""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from digest.common.model import Citation, Entry

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 22)

BIB = """\
@article{smith2020alliance,
  author  = {Smith, Jane A. and M{\\"u}ller, J{\\"o}rg},
  title   = {The alliance and outcome: {A} test},
  journal = {Journal of Tests},
  volume  = {12},
  number  = {3},
  pages   = {100--110},
  year    = {2020},
  doi     = {10.1000/test.2020.1}
}
"""

# Line numbers matter: tests name the line each field is on.
ENTRY = """\
id: 2020-01-smith-alliance
issue: 2020-01
title: A Test Entry
cite: smith2020alliance
type: meta-analysis
topics: [Empathy]
summary: Some text.
implications: Other text.
effects:
  - predictor: alliance
    outcome: outcome
    measure: r
    value: 0.28
    ci: [0.22, 0.33]
    k: 82
    n: 6138
    p: 0.01
"""
ENTRY_NAME = "2020-01-smith-alliance.yaml"

# What `digest check` says of the demo: the source's own t/p inconsistencies, confirmed in
# the effects' notes, are printed as notes.
DEMO_NOTES = (
    "entries/2025/2025-01-abargil-therapist-emotions.yaml:38: effects[1].p: note: p = .01 "
    "does not follow from t(528) = -3.55, which gives p = .00042; the note says the source "
    "has it so\n"
    "entries/2025/2025-01-abargil-therapist-emotions.yaml:63: effects[4].p: note: p = .001 "
    "does not follow from t(531) = 3.18, which gives p = .0016; the note says the source "
    "has it so\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with one valid entry and one .bib file; the working directory."""
    (tmp_path / "entries" / "2020").mkdir(parents=True)
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "entries" / "2020" / ENTRY_NAME).write_text(ENTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped demo project; the working directory."""
    monkeypatch.chdir(tmp_path)
    return copy_demo(tmp_path)


def in_fresh_python(script: str, *args: str, timeout: float = 300) -> str:
    """What ``script`` prints, run with ``args`` by a fresh interpreter in the repository:
    one without this test process's threads (a browser's, the chart runtime's), where
    forking is safe. Fails the test, with its stderr, if the script fails."""
    command = [sys.executable, "-c", script, *args]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=REPO, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def tree_digest(root: Path) -> str:
    """A hash of the names and contents of every file under root."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def copy_demo(target: Path) -> Path:
    """A copy of the shipped demo project (entries, bib, site_src, config) at target."""
    for name in ("entries", "bib", "site_src"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


SITE_URL = "https://digest.example.org/"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per test session; tests must only read it."""
    from click.testing import CliRunner

    from digest.cli import cli

    root = copy_demo(tmp_path_factory.mktemp("demo"))
    args = ["build", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, [*args, "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    return root / "site"


def make_entry(**changes: object) -> Entry:
    """A minimal valid Entry, with ``changes`` applied."""
    citation = Citation(key="smith2020", kind="article-journal", title="A study", year=2020)
    fields: dict[str, object] = {
        "id": "2020-01-smith",
        "issue": "2020-01",
        "title": "A Study",
        "citation": citation,
        "research_type": "meta-analysis",
        "topics": ("Empathy",),
        "summary": "Some text.",
        "implications": "Other text.",
    }
    return Entry(**{**fields, **changes})  # type: ignore[arg-type]


# Debian's chromium drives the browser tests (Playwright's own download is not used).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log in the test output."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    """The demo site served over HTTP on a free port of 127.0.0.1."""
    with served(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium; a missing browser fails the tests rather than skipping them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own context: no cache or storage shared between tests)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def watch(page: Any) -> list[str]:
    """Console errors, page errors, failed or refused requests, and requests to other
    hosts, collected as the page runs."""
    problems: list[str] = []

    def console(message: Any) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    def request(sent: Any) -> None:
        if urlsplit(sent.url).hostname != "127.0.0.1":
            problems.append(f"outside request: {sent.url}")

    def response(answer: Any) -> None:
        if answer.status >= 400:
            problems.append(f"{answer.status}: {answer.url}")

    page.on("console", console)
    page.on("request", request)
    page.on("response", response)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    return problems
