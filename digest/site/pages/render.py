"""Jinja templates (digest/templates/) -> Markdown pages with YAML front matter."""

from __future__ import annotations

import posixpath
from functools import cache
from typing import Any

import jinja2
import yaml

from digest.common import safehtml
from digest.entries.vocab import vocabulary
from digest.evidence import format
from digest.site.glossary import glossary_short
from digest.site.held import hold
from digest.site.pages import paths

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Front-matter keys Material prints into the page without escaping them.
_PRINTED_RAW = {"title", "description"}


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digest.site", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        month=format.month_name,
        text=safehtml.markdown_text,
        prose=_held_prose,
        teaser=format.teaser,
        held=hold,
    )
    env.globals.update(
        paths=paths,
        link=_link,
        href=_href,
        effect_view=format.effect_view,
        p_shown=format.p_shown,
        measure_symbol=format.measure_symbol,
        unattributed=lambda effects: [(None, f) for f in effects],
        glossary=glossary_short(),
        plain_language=format.plain_language,
        matrix_cells=format.matrix_cells,
        short_citation=format.short_citation,
    )
    return env


def _held_prose(text: str) -> str:
    """Prose as finished HTML, which Markdown need not read again (site/held.py)."""
    block = safehtml.prose_block(text)
    return hold(block) if block else ""


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    return paths.relative(context["path"], target)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A link for raw HTML, which MkDocs leaves alone: relative to the page's URL."""
    relative = posixpath.relpath(target, paths.url(context["path"]) or ".")
    return relative + "/" if target.endswith("/") and relative != "." else relative


# Every tab is a single page, so the left sidebar would stand empty beside the text;
# the phone's drawer still offers the tabs.
_HIDDEN = {"navigation"}


def page(template: str, path: str, meta: dict[str, Any], **context: Any) -> str:
    """Render ``template`` as the page at ``path``, with ``meta`` as its front matter."""
    template_ = _environment().get_template(template)
    body = template_.render(path=path, vocab=vocabulary(), **context)
    hidden = sorted({*meta.get("hide", []), *_HIDDEN})
    return front_matter({**meta, "hide": hidden}) + body


def front_matter(meta: dict[str, Any]) -> str:
    if not meta:
        return ""
    meta = {k: safehtml.attribute_text(v) if k in _PRINTED_RAW else v for k, v in meta.items()}
    dumped = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n\n"
