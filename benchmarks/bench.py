"""Scale benchmark: digest against the floor of a plain MkDocs + Pagefind site.

    python benchmarks/bench.py [--sizes 100,1000] [--runs 3] [--out benchmarks]

For each archive size N it times cold builds, the floor, the peers (Material's blog and
Hugo on the same entries), one-entry rebuilds and checks, the live preview (first page,
save to page), measures page, site and search-download sizes and peak memory, and times
an effect query over 100,000 effects (once per run of the harness). It prints a table as it goes
and merges the results into OUT/results.json and OUT/RESULTS.md, keeping sizes it did
not measure this time. RESULTS.md says how each number is measured.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_project import (
    build_command,
    check_command,
    edit_one_entry,
    make_cold,
    median_entry_markdown_bytes,
    site_dir,
    write_project,
)
from floor_site import build_floor, write_floor_project
from machine_info import machine, now
from measured_run import Measured, run_measured
from peers import build_blog, build_hugo, write_blog_project, write_hugo_project
from preview_latency import measure_preview
from query_speed import QuerySpeed, measure_query_speed
from results_report import table_header, table_row, write_report
from results_store import load_results, merge_results, save_results
from search_bytes import measure_search, reader_query
from site_sizes import folder_bytes, median_entry_page_bytes

DEFAULT_OUT = Path(__file__).resolve().parent
QUERY_RUNS = 15


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as tmp:
        work = Path(tmp)
        progress(f"query database: >= {args.query_effects:,} effects")
        query = measure_query_speed(work / "query", args.query_effects, args.query_base, QUERY_RUNS)
        progress(
            f"query: {query.median_ms:.2f} ms median, {query.rows:,} rows of {query.effects:,} "
            f"effects ({time.perf_counter() - started:.0f} s with the database)"
        )
        print(table_header(), flush=True)
        for n in args.sizes:
            record = measure_size(n, work / f"n{n}", args.runs, query)
            print(table_row(n, record), flush=True)
            results = merge_results(load_results(args.out), {n: record}, machine())
            save_results(args.out, results)
            write_report(args.out, results)
    progress(f"done in {time.perf_counter() - started:.0f} s; wrote {args.out}/results.json")
    return 0


@dataclass
class Timings:
    """Each run's cold build, floor, rebuild and check, in run order."""

    builds: list[Measured] = field(default_factory=list)
    floors: list[Measured] = field(default_factory=list)
    rebuilds: list[Measured] = field(default_factory=list)
    checks: list[Measured] = field(default_factory=list)
    blogs: list[Measured] = field(default_factory=list)
    hugos: list[Measured | None] = field(default_factory=list)
    markdown_bytes: int = 0

    def ratio(self, against: list[Measured] | None = None) -> float:
        """The median of each run's build / floor, or build / ``against`` (not the ratio
        of the medians)."""
        pairs = zip(self.builds, self.floors if against is None else against, strict=True)
        return statistics.median(build.seconds / floor.seconds for build, floor in pairs)

    def hugo_ratio(self) -> float | None:
        hugos = [h for h in self.hugos if h is not None]
        return self.ratio(hugos) if len(hugos) == len(self.builds) else None


def measure_size(n: int, folder: Path, runs: int, query: QuerySpeed) -> dict[str, Any]:
    """Every column for an archive of ``n`` entries."""
    root = write_project(n, folder / "archive")
    timings = time_runs(n, root, folder, runs)
    preview = measure_preview(root)
    progress(
        f"N={n} preview: first page {preview.first_s:.2f} s, again {preview.again_s:.2f} s, "
        f"saves {', '.join(f'{s:.2f}' for s in preview.saves_s)} s"
    )
    site = site_dir(root)
    search = measure_search(site, reader_query(root / "entries"))
    progress(f"N={n} search {search.query!r}: {search.results} results, {search.bytes:,} bytes")
    return {
        "floor_s": _median_seconds(timings.floors),
        "build_s": _median_seconds(timings.builds),
        "ratio": round(timings.ratio(), 3),
        "rebuild_s": _median_seconds(timings.rebuilds),
        "check_s": _median_seconds(timings.checks),
        "query_ms": round(query.median_ms, 2),
        "page_bytes": median_entry_page_bytes(site),
        "site_bytes": folder_bytes(site),
        "search_bytes": search.bytes,
        "peak_mb": round(max(build.peak_mib for build in timings.builds), 1),
        "runs": runs,
        "date": now(),
        "page_markdown_bytes": timings.markdown_bytes,
        "query_effects": query.effects,
        "search_query": search.query,
        "search_results": search.results,
        "search_ui_bytes": search.ui_bytes,
        "serve_first_s": round(preview.first_s, 3),
        "serve_again_s": round(preview.again_s, 3),
        "save_s": round(preview.save_s, 3),
        "saves_s": [round(s, 3) for s in preview.saves_s],
        "blog_s": _median_seconds(timings.blogs),
        "hugo_s": _median_or_none(timings.hugos),
        "vs_blog": round(timings.ratio(timings.blogs), 3),
        "vs_hugo": _rounded(timings.hugo_ratio()),
    }


def time_runs(n: int, root: Path, folder: Path, runs: int) -> Timings:
    """Interleaved runs of: cold build, floor, peers, one-entry edit and rebuild, check."""
    timings = Timings()
    floor_root, blog_root, hugo_root = folder / "floor", folder / "blog", folder / "hugo"
    write_blog_project(root, blog_root)
    write_hugo_project(root, hugo_root)
    for run in range(1, runs + 1):
        make_cold(root)
        timings.builds.append(run_measured(build_command(root), cwd=root))
        if run == 1:
            timings.markdown_bytes = median_entry_markdown_bytes(root)
            write_floor_project(floor_root, n, timings.markdown_bytes)
        timings.floors.append(build_floor(floor_root))
        timings.blogs.append(build_blog(blog_root))
        timings.hugos.append(build_hugo(hugo_root))
        edit_one_entry(root)
        timings.rebuilds.append(run_measured(build_command(root), cwd=root))
        timings.checks.append(run_measured(check_command(root), cwd=root))
        progress(
            f"N={n} run {run}/{runs}: build {timings.builds[-1].seconds:.2f} s, "
            f"floor {timings.floors[-1].seconds:.2f} s, "
            f"blog {timings.blogs[-1].seconds:.2f} s, "
            f"hugo {_seconds_text(timings.hugos[-1])}, "
            f"rebuild {timings.rebuilds[-1].seconds:.2f} s, "
            f"check {timings.checks[-1].seconds:.2f} s, "
            f"peak {timings.builds[-1].peak_mib:.0f} MiB"
        )
    return timings


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _median_seconds(measured: list[Measured]) -> float:
    return round(statistics.median(m.seconds for m in measured), 3)


def _median_or_none(measured: list[Measured | None]) -> float | None:
    times = [m for m in measured if m is not None]
    return _median_seconds(times) if len(times) == len(measured) and times else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _seconds_text(measured: Measured | None) -> str:
    return "-" if measured is None else f"{measured.seconds:.2f} s"


def _sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"not a list of archive sizes: {text!r}")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=_sizes, default=[100, 1000], help="e.g. 100,1000")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    parser.add_argument(
        "--query-effects", type=int, default=100_000, help="effects in the query database"
    )
    parser.add_argument(
        "--query-base", type=int, default=1000, help="entries loaded before copying"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
