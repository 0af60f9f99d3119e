"""The scale targets, each judged against the results: pass or miss, by what factor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Sizes = dict[int, dict[str, Any]]
NOT_MEASURED = "not measured"
QUERY_EFFECTS = 100_000


@dataclass(frozen=True)
class Target:
    """A limit on a value computed from the results (None when its N was not measured)."""

    name: str
    limit: float
    unit: str
    value: Callable[[Sizes], float | None]


@dataclass(frozen=True)
class Verdict:
    target: Target
    value: float | None

    @property
    def text(self) -> str:
        if self.value is None:
            return NOT_MEASURED
        factor = self.value / self.target.limit
        outcome = "pass" if self.value <= self.target.limit else "miss"
        return f"{outcome} ({factor:.2f}x the limit)"


def _at(sizes: Sizes, n: int, key: str) -> float | None:
    return float(sizes[n][key]) if n in sizes else None


def _ratio(sizes: Sizes, key: str, top: int, bottom: int) -> float | None:
    high, low = _at(sizes, top, key), _at(sizes, bottom, key)
    return high / low if high is not None and low else None


def _worst_rebuild(sizes: Sizes) -> float | None:
    shares = [r["rebuild_s"] / r["build_s"] for r in sizes.values() if r["build_s"]]
    return max(shares) if shares else None


def _latest_query(sizes: Sizes) -> float | None:
    """The latest query time, if its database held the target's 100,000 effects."""
    if not sizes:
        return None
    latest = max(sizes.values(), key=lambda record: str(record.get("date", "")))
    big_enough = latest.get("query_effects", 0) >= QUERY_EFFECTS
    return float(latest["query_ms"]) if big_enough else None


def _peak_gib(sizes: Sizes) -> float | None:
    peak = _at(sizes, 5000, "peak_mb")
    return peak / 1024 if peak is not None else None


def _optional_at(sizes: Sizes, n: int, key: str) -> float | None:
    value = sizes.get(n, {}).get(key)
    return None if value is None else float(value)


TARGETS = (
    Target("cold build / floor at N=1,000", 1.3, "x", lambda s: _at(s, 1000, "ratio")),
    Target("build(5,000) / build(1,000)", 5.5, "x", lambda s: _ratio(s, "build_s", 5000, 1000)),
    Target(
        "entry-page bytes at 5,000 / at 100",
        1.1,
        "x",
        lambda s: _ratio(s, "page_bytes", 5000, 100),
    ),
    Target("rebuild / cold build (worst N)", 0.3, "x", _worst_rebuild),
    Target("check of 1,000 entries", 1.0, "s", lambda s: _at(s, 1000, "check_s")),
    Target("effect query over 100,000 effects", 50.0, "ms", _latest_query),
    Target(
        "search download per query at 5,000",
        300.0,
        "KB",
        lambda s: None if 5000 not in s else s[5000]["search_bytes"] / 1000,
    ),
    Target("peak memory at 5,000", 1.0, "GiB", _peak_gib),
    Target("preview: save -> page at 1,000", 1.0, "s", lambda s: _optional_at(s, 1000, "save_s")),
    Target(
        "preview: first page at 1,000 (build cache)",
        10.0,
        "s",
        lambda s: _optional_at(s, 1000, "serve_first_s"),
    ),
    Target(
        "cold build / Material blog at 1,000",
        0.5,
        "x",
        lambda s: _optional_at(s, 1000, "vs_blog"),
    ),
    Target("cold build / Hugo at 1,000", 10.0, "x", lambda s: _optional_at(s, 1000, "vs_hugo")),
)


def judge(sizes: Sizes) -> list[Verdict]:
    return [Verdict(target, target.value(sizes)) for target in TARGETS]
