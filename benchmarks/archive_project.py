"""A digest project of N synthetic entries, and the commands the harness times on it."""

from __future__ import annotations

import re
import shutil
import statistics
import sys
from pathlib import Path

import yaml
from make_archive import make_archive

REPO = Path(__file__).resolve().parent.parent
# What `digest build` needs beside entries/ and bib/: the real site's configuration.
SITE_CONFIG = ("mkdocs.yml", "site_src")
ARCHIVE_SEED = 1
EDITED_WORDS = ("revised", "amended")


def write_project(n: int, root: Path) -> Path:
    """``root`` holding N synthetic entries and the real site's configuration."""
    make_archive(n, root, seed=ARCHIVE_SEED)
    for name in SITE_CONFIG:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


def site_dir(root: Path) -> Path:
    return root / "site"


def build_command(root: Path) -> list[str]:
    site = str(site_dir(root))
    return [sys.executable, "-m", "digest", "build", "--project", str(root), "--site-dir", site]


def check_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "digest", "check", "--project", str(root)]


def make_cold(root: Path) -> None:
    """Remove every output and cache of earlier builds: the next build starts cold."""
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(site_dir(root), ignore_errors=True)


def edit_one_entry(root: Path) -> Path:
    """Change one word of the middle entry's summary (the same word every time, so each
    call really changes the file); the edited file."""
    files = entry_files(root)
    path = files[len(files) // 2]
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = entry["summary"].split(" ")
    middle = len(words) // 2
    letters = re.sub(r"\W", "", words[middle])
    replacement = EDITED_WORDS[1] if letters == EDITED_WORDS[0] else EDITED_WORDS[0]
    words[middle] = words[middle].replace(letters, replacement) if letters else replacement
    entry["summary"] = " ".join(words)
    text = yaml.safe_dump(entry, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def entry_files(root: Path) -> list[Path]:
    return sorted((root / "entries").rglob("*.yaml"))


def median_entry_markdown_bytes(root: Path) -> int:
    """Median size of the entry pages' Markdown that the last build wrote (build/docs)."""
    sizes = [p.stat().st_size for p in (root / "build" / "docs" / "entries").glob("*.md")]
    if not sizes:
        raise RuntimeError(f"no entry Markdown under {root}/build/docs/entries")
    return int(statistics.median(sizes))
