"""The preview's deferred work runs in processes a save can kill: it never waits for them."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from digest.site.preview.later import killable


def test_the_work_is_done_in_a_process_of_its_own(tmp_path: Path) -> None:
    source, target = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text("evidence", "utf-8")
    assert killable(shutil.copyfile, (source, target), lambda: False)
    assert target.read_text("utf-8") == "evidence"


def test_a_save_kills_the_work_at_once() -> None:
    start = time.monotonic()
    assert not killable(time.sleep, (60,), lambda: time.monotonic() - start > 0.5)
    assert time.monotonic() - start < 10


def test_work_that_fails_says_so(tmp_path: Path) -> None:
    assert not killable(shutil.copyfile, (tmp_path / "none", tmp_path / "b"), lambda: False)
