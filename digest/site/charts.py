"""Charts: Vega-Lite specifications rendered to static SVG at build time (vl-convert),
and the home page's topic bars, which are HTML.

Static SVG works without JavaScript. Pages hold it inline, where CSS can colour it.
Rendering costs tens of milliseconds a chart, so each SVG is cached on disk under the
hash of its spec.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.common import cache as cache_file
from digest.entries.vocab import vocabulary
from digest.site.forest import STATIC_WIDTH
from digest.site.held import hold
from digest.site.pages import paths
from digest.site.pages.catalogue import Catalogue

VEGA_BUNDLE = "assets/vega/vega-embed.js"
TOP_TOPICS = 10
# Where a page shows a static chart (the chart macro in templates/_macros.md.j2 writes
# it): the build puts the SVG there, inline, so the page's colours reach its marks.
INLINE = re.compile(rb"<!-- digest:chart (\S+) -->")


@dataclass(frozen=True)
class TopicBar:
    """One topic on the home page's bar chart, which is a list of links to the topics."""

    topic: str
    summaries: int
    share: float  # of the longest bar, 0 to 1
    path: str


def topic_bars(catalogue: Catalogue, limit: int = TOP_TOPICS) -> list[TopicBar]:
    """The topics with the most summaries, most first (ties alphabetical)."""
    counts = [(topic, len(entries)) for topic, entries in catalogue.by_topic.items()]
    top = sorted(counts, key=lambda c: (-c[1], c[0]))[:limit]
    most = top[0][1] if top else 1
    topics = vocabulary()
    return [TopicBar(t, n, n / most, paths.topic(topics.term("topics", t).slug)) for t, n in top]


def inline(page: bytes, drawn: dict[str, bytes]) -> bytes:
    """``page`` (UTF-8) with each chart placeholder replaced by the chart's SVG, held
    past Markdown."""
    if b"<!-- digest:chart " not in page:
        return page
    return INLINE.sub(lambda m: hold(drawn[f"{m.group(1).decode()}.svg"].decode()).encode(), page)


def static_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec at a fixed width, without links and tooltips, which a static image
    cannot use.

    vl-convert resolves every link while rendering, which made a forest plot take a
    second instead of a tenth of one.
    """
    layers = [
        {**layer, "encoding": _without(layer.get("encoding", {}), "href", "tooltip")}
        for layer in spec.get("layer", [])
    ]
    fixed = {**spec, "width": STATIC_WIDTH, "autosize": {"type": "pad"}}
    return {**fixed, "layer": layers} if layers else fixed


def _without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in keys}


def svg(spec: dict[str, Any], cache: Path | None = None) -> bytes:
    """The chart as SVG, from ``cache`` when this exact spec was rendered before."""
    import vl_convert

    key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    cached = cache / f"{key}.svg" if cache else None
    stored = cache_file.read(cached) if cached else None
    if stored is not None:
        return stored
    rendered = vl_convert.vegalite_to_svg(spec).encode("utf-8")
    if cached:
        cache_file.write(cached, rendered)
    return rendered


def chart_files(
    charts: dict[str, tuple[dict[str, Any], bool]],
    cache: Path | None = None,
    done: Callable[[], None] = lambda: None,
) -> dict[str, bytes]:
    """Each chart's Vega-Lite spec and, where asked for, its static SVG; and Vega itself.

    ``done`` is called after each chart.
    """
    files: dict[str, bytes] = {}
    for path, (spec, static) in charts.items():
        if static:
            files[f"{path}.svg"] = svg(static_spec(spec), cache)
        files[f"{path}.vl.json"] = json.dumps(spec, sort_keys=True).encode("utf-8")
        done()
    if charts:
        files[VEGA_BUNDLE] = vega_bundle(cache)
    return files


def vega_bundle(cache: Path | None = None) -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one script, for the interactive charts (no CDN)."""
    from importlib.metadata import version

    import vl_convert

    cached = cache / f"vega-embed-{version('vl-convert-python')}.js" if cache else None
    stored = cache_file.read(cached) if cached else None
    if stored is not None:
        return stored
    # The stub wants a snippet; the default one puts vegaEmbed, vegaLite and vega on window.
    bundle = vl_convert.javascript_bundle(None).encode("utf-8")  # type: ignore[arg-type]
    if cached:
        cache_file.write(cached, bundle)
    return bundle
