"""An idle preview stays still: reading the watched files is not a change.

The browser learns of a rebuild by long-polling ``/livereload/EPOCH/ID``: the answer
comes when the site has a newer epoch, and makes the page load again. With nothing
edited, no answer may come; after a save, one must.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from pathlib import Path

from test_preview import ELLIOTT, ELLIOTT_PAGE, edit, fetch, free_port, serving, wait_until

from digest.site.preview.server import bind


def poll(url: str, seconds: float) -> str | None:
    """What the live-reload poll at ``url`` answers within ``seconds``, or None."""
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            return str(response.read().decode("ascii"))
    except TimeoutError:
        return None


def reload_poll(base: str, page: str) -> str:
    """The address the page at ``page`` polls to learn it should load again."""
    found = re.search(r"livereload\((\d+), (\d+)\)", fetch(base + page))
    assert found, "the page carries MkDocs' live-reload script"
    return f"{base}livereload/{found[1]}/{found[2]}"


def test_an_idle_preview_does_not_reload_the_browser(demo: Path) -> None:
    with serving(demo, str(free_port())) as served:
        time.sleep(2)  # the deferred work (feeds, exports, search) settles
        waiting = reload_poll(served.url, ELLIOTT_PAGE)
        assert poll(waiting, 4) is None, "the page was told to reload with nothing edited"
        edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
        assert poll(waiting, 30) is not None, "a save reloads the page"


def test_the_deferred_work_gets_done_once_the_files_are_quiet(demo: Path) -> None:
    with serving(demo, str(free_port())) as served:
        searchable = served.url + "pagefind/pagefind.js"
        wait_until(lambda: "pagefind" in fetch(searchable), 60, "the preview's search index")
        assert "<feed" in fetch(served.url + "atom.xml")
        edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
        evidence = served.url + "evidence.csv"
        wait_until(lambda: "Edited Empathy" in fetch(evidence), 60, "the open data updated")
        wait_until(lambda: "Edited Empathy" in fetch(served.url + "atom.xml"), 60, "the feed")


def test_reading_a_watched_file_does_not_rebuild(tmp_path: Path) -> None:
    watched = tmp_path / "entries"
    watched.mkdir()
    entry = watched / "one.yaml"
    entry.write_text("title: One\n", "utf-8")
    builds: list[float] = []
    server = bind(lambda: builds.append(time.monotonic()), "127.0.0.1", free_port(), str(tmp_path))
    loop = threading.Thread(target=server._build_loop, daemon=True)
    try:
        server.watch_all([watched])
        loop.start()
        for _ in range(20):
            entry.read_bytes()
            sorted(watched.iterdir())
        time.sleep(1)
        assert builds == []
        entry.write_text("title: Two\n", "utf-8")
        deadline = time.monotonic() + 10
        while not builds and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(builds) == 1
    finally:
        server.shutdown()
        loop.join(timeout=10)
