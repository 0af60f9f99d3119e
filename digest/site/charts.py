"""Charts: Altair specifications rendered to static SVG at build time (vl-convert).

Static SVG works without JavaScript and in e-mail. Rendering costs tens of
milliseconds a chart, so each SVG is cached on disk under the hash of its spec.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt

from digest.common import cache as cache_file
from digest.site.pages.catalogue import Catalogue

TOPICS_CHART = "charts/topics"
VEGA_BUNDLE = "assets/vega/vega-embed.js"
TOP_TOPICS = 10


def topic_counts(catalogue: Catalogue, limit: int = TOP_TOPICS) -> list[tuple[str, int]]:
    """The topics with the most summaries, most first (ties alphabetical)."""
    counts = [(topic, len(entries)) for topic, entries in catalogue.by_topic.items()]
    return sorted(counts, key=lambda c: (-c[1], c[0]))[:limit]


def topics_chart(counts: list[tuple[str, int]]) -> dict[str, Any]:
    """A bar chart of summaries per topic, as a Vega-Lite spec."""
    data = alt.InlineData(values=[{"topic": t, "summaries": n} for t, n in counts])
    chart = (
        alt.Chart(data, width=360, height=alt.Step(18))
        .mark_bar(color="#00897b")
        .encode(
            x=alt.X("summaries:Q", title="Summaries", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("topic:N", title=None, sort="-x"),
            tooltip=["topic:N", "summaries:Q"],
        )
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def topics_chart_alt(counts: list[tuple[str, int]]) -> str:
    """The chart's text alternative: what it shows, with every number."""
    listed = "; ".join(f"{topic}: {n}" for topic, n in counts)
    return f"Bar chart of summaries per topic, for the {len(counts)} most covered topics. {listed}."


def static_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without links and tooltips, which a static image cannot use.

    vl-convert resolves every link while rendering, which made a forest plot take a
    second instead of a tenth of one.
    """
    layers = [
        {**layer, "encoding": _without(layer.get("encoding", {}), "href", "tooltip")}
        for layer in spec.get("layer", [])
    ]
    return {**spec, "layer": layers} if layers else spec


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
