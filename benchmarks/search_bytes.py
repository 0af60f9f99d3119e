"""Bytes a browser downloads for one search, measured in Chromium against the built site.

The site is served by a local http.server that counts the body bytes of every file it
sends. Chromium (Debian's, driven by Playwright) opens /search/ and waits until the page
has loaded and the network has been quiet for half a second. The count is then cleared,
the query is typed into the search box a key at a time, as a reader types, and once the
results are shown (every result on the first page has its title, i.e. its fragment
loaded) and the network is quiet again, the bytes sent since the clear are the search's
download: pagefind.js, pagefind-entry.json, the language's .pf_meta and wasm, the filter
indexes, the index chunks and the fragments of the results shown. The search page's
own script (digest-search.js, on every page for the header box) is not counted; any
file under /pagefind/ fetched before the clear is reported apart as ui_bytes (none
since issue 19: Pagefind's default UI is no longer loaded).

Bodies are counted as stored: http.server does not compress. Pagefind's index, fragment
and wasm files are gzip-compressed on disk already; pagefind.js would shrink further on a
host that gzips JavaScript. The UI bundle loaded with the page is reported apart.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEARCH_BOX = "Search the summaries"
MESSAGE = ".digest-search__message"
RESULT_TITLES = ".digest-result__title a"
FIRST_PAGE = 10  # PAGE_SIZE in digest-search.js
TYPING_DELAY_MS = 80
QUIET_SECONDS = 0.5
TIMEOUT_MS = 60_000
# Every synthetic summary mentions it (make_archive.WORDS), as a topic word would.
QUERY_WORD = "alliance"


@dataclass(frozen=True)
class SearchDownload:
    """What one search downloaded."""

    query: str
    results: int
    bytes: int
    ui_bytes: int
    files: int


class Ledger:
    """Body bytes sent by the server, by path, since the last clear."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: Counter[str] = Counter()
        self._requests = 0
        self.last_sent = time.monotonic()

    def add(self, path: str, size: int) -> None:
        with self._lock:
            self._sent[path.split("?")[0]] += size
            self._requests += 1
            self.last_sent = time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._sent.clear()
            self._requests = 0

    def total(self, prefix: str = "/") -> int:
        with self._lock:
            return sum(size for path, size in self._sent.items() if path.startswith(prefix))

    def requests(self) -> int:
        with self._lock:
            return self._requests

    def wait_quiet(self, seconds: float = QUIET_SECONDS, limit: float = 30.0) -> None:
        """Return once nothing has been sent for ``seconds`` (or after ``limit``)."""
        deadline = time.monotonic() + limit
        while time.monotonic() - self.last_sent < seconds and time.monotonic() < deadline:
            time.sleep(0.05)


@contextmanager
def counting_server(folder: Path) -> Iterator[tuple[str, Ledger]]:
    """``folder`` served on a free port of 127.0.0.1; its base URL and byte ledger."""
    ledger = Ledger()

    class CountingHandler(SimpleHTTPRequestHandler):
        def copyfile(self, source: Any, outputfile: Any) -> None:
            body = source.read()
            outputfile.write(body)
            ledger.add(self.path, len(body))

        def log_message(self, format: str, *args: Any) -> None:
            """No request log."""

    handler = functools.partial(CountingHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", ledger
    finally:
        server.shutdown()
        server.server_close()


def measure_search(site: Path, query: str) -> SearchDownload:
    """Open the site's search page in Chromium, type ``query``, count what it fetched."""
    from playwright.sync_api import sync_playwright

    with counting_server(site) as (base_url, ledger), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{base_url}/search/", wait_until="networkidle")
            box = page.get_by_label(SEARCH_BOX)
            box.wait_for(state="visible")
            ledger.wait_quiet()
            ui_bytes = ledger.total("/pagefind/")
            ledger.clear()
            box.press_sequentially(query, delay=TYPING_DELAY_MS)
            results = _wait_for_results(page, query)
            ledger.wait_quiet()
            return SearchDownload(query, results, ledger.total(), ui_bytes, ledger.requests())
        finally:
            browser.close()


def _wait_for_results(page: Any, query: str) -> int:
    """The number of results, once every result on the first page shows its title."""
    from playwright.sync_api import expect

    shown = re.compile(rf"^(\d+) results? for {re.escape(query)}$")
    message = page.locator(MESSAGE)
    expect(message).to_have_text(shown, timeout=TIMEOUT_MS)
    found = shown.match(message.inner_text().strip())
    count = int(found.group(1)) if found else 0
    expect(page.locator(RESULT_TITLES)).to_have_count(min(count, FIRST_PAGE), timeout=TIMEOUT_MS)
    return count


def reader_query(entries_dir: Path) -> str:
    """A common word and the effect size most entries of the archive report, e.g.
    "alliance 0.58": a query with results at any N, chosen the same way every run."""
    values: Counter[float] = Counter()
    for path in sorted(entries_dir.rglob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        reported = {e["value"] for e in entry.get("effects", []) if _searchable(e)}
        values.update(reported)
    if not values:
        return QUERY_WORD
    value = min(values, key=lambda v: (-values[v], v))
    return f"{QUERY_WORD} {value:.2f}"


def _searchable(effect: dict[str, Any]) -> bool:
    value = effect.get("value")
    return effect["measure"] in ("r", "d", "g") and isinstance(value, float) and value > 0
