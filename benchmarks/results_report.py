"""benchmarks/RESULTS.md and the table printed as the harness goes, from the results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from results_store import COLUMNS, MACHINE, Results, sizes_of
from scale_targets import Verdict, judge

REPORT_FILE = "RESULTS.md"
HEADERS = ("N", *COLUMNS, "date")
WIDTHS = (6, 8, 8, 6, 9, 8, 9, 10, 12, 12, 8, 20)

HOW_MEASURED = """\
## How each column is measured

Every timing is the median of the runs (`runs` in results.json; 3 by default), all on
one machine in one harness run. Each N gets its own synthetic archive
(`benchmarks/make_archive.py`, seed 1) with the real site's `mkdocs.yml`, `site_src/`
and `overrides/` copied beside it. Commands run as fresh processes of this venv's Python
(`python -m digest ...`), so each time includes interpreter start-up.

- **floor_s**: a plain `mkdocs build` plus the Pagefind command `digest build` runs
  (`pagefind --site SITE --exclude-selectors .headerlink --quiet`), from an empty site
  folder, of N plain Markdown pages (title, prose, a five-row table) under `entries/`,
  kept out of the nav by `not_in_nav`, with a nav of three small pages; Material theme
  without digest's overrides, theme search plugin disabled, the site's Markdown
  extensions. Each page is exactly as long as the median entry Markdown digest wrote
  for the same archive (`build/docs/entries/*.md`, measured after the first cold build).
- **build_s**: `digest build --project DIR --site-dir DIR/site`, cold: DIR/build and
  DIR/site are deleted before each run.
- **ratio**: the median over runs of build_s / floor_s taken run by run (each run times
  a cold build, then the floor), not the ratio of the medians.
- **rebuild_s**: after each cold build and floor, one word in the middle of the middle
  entry's summary is changed and `digest build` runs again.
- **check_s**: `digest check --project DIR`.
- **query_ms**: `digest.evidence.db.effects_query(topic=<most common topic>, measure="d",
  minimum=0.3)` then `run_query`, in-process on a read-only DuckDB connection; median of
  15 runs. The database (`query_effects` in results.json: >= 100,000 effects unless
  `--query-effects` says otherwise) holds `--query-base` synthetic entries (1,000 by
  default, seed 2) loaded by `digest.entries.load.load_valid` and written by
  `digest.evidence.db.build_database`, copied in SQL under new entry ids until the effects reach
  the number asked for. It is built once per harness run, so every N measured in one
  run shows the same value.
- **page_bytes**: median size of `site/entries/*/index.html`.
- **site_bytes**: total size of every file in the built site folder.
- **search_bytes**: Chromium (Playwright) opens `/search/` from a local `http.server`
  that counts the body bytes it sends; after the page and Pagefind's UI have loaded and
  the network has been quiet for 0.5 s the count is cleared, the query (`alliance` and
  the archive's most common d/g/r value, e.g. `alliance 0.58`) is typed a key at a time
  (80 ms apart), and once the first page of results shows every title and the network
  is quiet again, everything sent since the clear is summed: pagefind.js, its worker,
  pagefind-entry.json, the .pf_meta, the wasm, filter indexes, index chunks and the
  shown results' fragments. Bytes as stored (http.server does not compress; Pagefind's
  own index files are gzipped on disk). `search_ui_bytes` in results.json is the
  pagefind-ui.js and .css the search page loads before any query, not counted here.
- **serve_first_s**, **serve_again_s**, **save_s** (`benchmarks/preview_latency.py`):
  `digest serve` on a free port, after the runs above (the build's caches present):
  seconds until the middle entry's page answers with its title, first with no earlier
  preview, then again after a restart (the earlier preview's pages there); and, median
  of three saves a few seconds apart (once the preview says it has caught up), from
  writing a new word into that entry's summary until the page served shows it (polled
  over HTTP every 20 ms; `saves_s` in results.json holds each).
- **blog_s**, **hugo_s**, **vs_blog**, **vs_hugo** (`benchmarks/peers.py`): the same
  entries as plain Markdown posts (title, summary, effects table, implications) built by
  Material's `blog` + `tags` plugins (the theme's search on) and by Hugo (minimal
  templates; taxonomies topics, types and issue months) from an empty output folder,
  each run right after digest's cold build and the floor; vs_* is the median over runs
  of build_s / the peer's seconds in the same run. Hugo is the system's (`hugo`); `-`
  when it is not installed.
- **peak_mb**: peak resident memory in MiB of the cold `digest build` and all its
  children (Pagefind), the larger of `os.wait4`'s maxrss (the largest single process)
  and the summed proportional set size (PSS: a page shared by forked processes counted
  once) of the process tree sampled from /proc every 100 ms; the largest over runs.
  Rows before 2026-11-30T09:00Z summed RSS, which counted shared pages again.
"""


def table_header() -> str:
    return _row(HEADERS)


def table_row(n: int, record: dict[str, Any]) -> str:
    cells = [str(n), *(_cell(column, record[column]) for column in COLUMNS)]
    return _row((*cells, str(record.get("date", ""))))


def write_report(folder: Path, results: Results) -> Path:
    path = folder / REPORT_FILE
    path.write_text(render_report(results), encoding="utf-8")
    return path


def render_report(results: Results) -> str:
    sizes = sizes_of(results)
    machine = results.get(MACHINE, {})
    lines = [
        "# Scale benchmark results",
        "",
        "Written by `benchmarks/bench.py` (`make bench`, `make bench-large`); do not edit.",
        "",
        f"Latest run: {machine.get('date', 'unknown')}. Each row keeps its own date.",
        "",
        f"Machine: {_machine_text(machine)}.",
        "",
        _markdown_row(HEADERS),
        _markdown_row(tuple("---" for _ in HEADERS)),
        *(_markdown_row(_cells(n, record)) for n, record in sizes.items()),
        "",
        *_side_by_side(sizes),
        HOW_MEASURED,
        *_targets_section(sizes),
    ]
    return "\n".join(lines)


SIDE_BY_SIDE = (
    "serve_first_s",
    "serve_again_s",
    "save_s",
    "build_s",
    "blog_s",
    "hugo_s",
    "vs_blog",
    "vs_hugo",
)


def _side_by_side(sizes: dict[int, dict[str, Any]]) -> list[str]:
    headers = ("N", *SIDE_BY_SIDE, "date")
    rows = [
        (f"{n:,}", *(_optional(record.get(c)) for c in SIDE_BY_SIDE), str(record.get("date")))
        for n, record in sizes.items()
        if "save_s" in record
    ]
    if not rows:
        return []
    return [
        "What an editor waits for, and the peers on the same entries:",
        "",
        _markdown_row(headers),
        _markdown_row(tuple("---" for _ in headers)),
        *(_markdown_row(row) for row in rows),
        "",
    ]


def _optional(value: Any) -> str:
    return "-" if value is None else f"{value:.2f}"


def _targets_section(sizes: dict[int, dict[str, Any]]) -> list[str]:
    rows = [_markdown_row((v.target.name, _limit(v), _measured(v), v.text)) for v in judge(sizes)]
    shares = ", ".join(f"{r['rebuild_s'] / r['build_s']:.2f} at N={n}" for n, r in sizes.items())
    return [
        "## Targets",
        "",
        _markdown_row(("target", "limit", "measured", "verdict")),
        _markdown_row(("---", "---", "---", "---")),
        *rows,
        "",
        f"Rebuild / cold build by N: {shares or 'none'}. KB = 1,000 bytes; GiB = 1,024 MiB.",
        "A target comparing two sizes compares their rows, which may come from different",
        "harness runs (`make bench` and `make bench-large`): see their dates.",
        "",
    ]


def _limit(verdict: Verdict) -> str:
    return f"<= {verdict.target.limit:g} {verdict.target.unit}"


def _measured(verdict: Verdict) -> str:
    if verdict.value is None:
        return "-"
    return f"{verdict.value:.3g} {verdict.target.unit}"


def _machine_text(machine: dict[str, Any]) -> str:
    if not machine:
        return "unknown"
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB memory, "
        f"{machine['os']}, Python {machine['python']}, digest {machine['digest']}"
    )


def _cells(n: int, record: dict[str, Any]) -> tuple[str, ...]:
    measured = (_cell(column, record[column]) for column in COLUMNS)
    return (f"{n:,}", *measured, str(record.get("date", "")))


def _cell(column: str, value: Any) -> str:
    if column.endswith("_bytes"):
        return f"{int(value):,}"
    if column == "peak_mb":
        return f"{value:.0f}"
    return f"{value:.2f}"


def _row(cells: tuple[str, ...]) -> str:
    return " ".join(cell.rjust(width) for cell, width in zip(cells, WIDTHS, strict=True))


def _markdown_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
