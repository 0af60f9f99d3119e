"""benchmarks/results.json: one object per archive size N, plus the machine.

    {"100": {"floor_s": ..., "build_s": ..., ...}, "1000": {...}, "machine": {...}}

A run that measured only some sizes replaces those and keeps the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_FILE = "results.json"
MACHINE = "machine"
# The measured columns, in the order of the table.
COLUMNS = (
    "floor_s",
    "build_s",
    "ratio",
    "rebuild_s",
    "check_s",
    "query_ms",
    "page_bytes",
    "site_bytes",
    "search_bytes",
    "peak_mb",
)

Results = dict[str, Any]


def load_results(folder: Path) -> Results:
    """The results file's contents, or {} when there is none yet."""
    path = folder / RESULTS_FILE
    if not path.exists():
        return {}
    loaded: Results = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def merge_results(old: Results, measured: dict[int, dict[str, Any]], machine: Any) -> Results:
    """``old`` with each measured N replaced and the machine updated, N in numeric order."""
    sizes = {key: value for key, value in old.items() if key != MACHINE}
    sizes.update({str(n): record for n, record in measured.items()})
    merged: Results = {key: sizes[key] for key in sorted(sizes, key=int)}
    merged[MACHINE] = machine
    return merged


def save_results(folder: Path, results: Results) -> Path:
    path = folder / RESULTS_FILE
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def sizes_of(results: Results) -> dict[int, dict[str, Any]]:
    """The per-N records, keyed by N as a number."""
    return {int(key): value for key, value in results.items() if key != MACHINE}
