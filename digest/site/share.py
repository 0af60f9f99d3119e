"""Share images: the picture a link preview shows (Open Graph, Twitter cards).

One 1200 by 630 PNG per entry (title, issue month, research type and its headline
effect, the first it reports), per topic (its name and how many summaries it has) and
one for the site. Each is an SVG drawn here and turned into PNG by vl-convert (resvg,
about 15 ms), cached under build/cache/share/ by the hash of the SVG.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from html import escape
from pathlib import Path

from digest.common import cache as cache_file
from digest.common.forked import can_fork, cores
from digest.common.model import Entry
from digest.entries.vocab import vocabulary
from digest.evidence.format import effect_view, measure_symbol, month_name
from digest.site.pages import paths
from digest.site.pages.context import Context
from digest.site.pages.describe import summaries

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
# The site's primary under white text (AA, site/brand.py), as in its header; the effect
# on a white band. Teal 800 (6.6:1) unless mkdocs.yml chooses another.
BACKGROUND, INK, SOFT_INK = "#00695c", "#ffffff", "#e0f2f1"
TITLE_SIZE, TITLE_LINES = 60, 3
# Cards sent to a drawing process at a time: few enough that both cores finish together.
CHUNK = 16
# Fewer cards to draw than this are drawn here: starting the processes costs more.
POOL_FROM = 100
# Widths in em of Liberation Sans Bold, on the wide side so that a line never overflows.
_NARROW, _WIDE = set("iljtfrI.,;:'!|() "), set("mwMWQOGCDHNU@%")


@dataclass(frozen=True)
class Card:
    """What a share image says, on the site's primary colour."""

    title: str
    kicker: str
    site_name: str
    headline: tuple[str, ...] = ()
    background: str = BACKGROUND


def share_files(context: Context, cache: Path | None = None) -> dict[str, bytes]:
    """Every share image, by its path in the docs tree."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        drawing_shares(context, cache or Path(scratch)) as drawn,
    ):
        return {path: stored.read_bytes() for path, stored in drawn().items()}


@contextmanager
def drawing_shares(context: Context, cache: Path) -> Iterator[Callable[[], dict[str, Path]]]:
    """Start drawing the share images not yet in ``cache``, on every core; the block gets
    a function that waits for them and returns each image's file in ``cache`` by its
    path in the docs tree.

    A card takes some 30 ms of one core (resvg's drawing, then deflating it again), a
    thousand of them half a cold build at 1,000 entries; started before the pages are
    written, they use the core the single-threaded page writing leaves idle. Processes,
    not threads: vl-convert holds the GIL through much of its drawing. Forked, not
    spawned: a spawned process runs the parent's main script again, and imports
    digest anew. The images stay on disk, not in memory: at 5,000 entries they are
    230 MB.
    """
    primary = context.brand.primary
    svgs = {path: card_svg(replace(card, background=primary)) for path, card in cards(context)}
    files = {path: _cache_path(svg, cache) for path, svg in svgs.items()}
    missing = sorted({svg for svg in svgs.values() if _stored(svg, cache) is None})
    if len(missing) < POOL_FROM or not can_fork():
        for svg in missing:
            png(svg, cache)
        yield lambda: files
        return
    forked = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=cores(), mp_context=forked) as pool:
        pending = pool.map(partial(_draw, cache=cache), missing, chunksize=CHUNK)

        def finished() -> dict[str, Path]:
            for _ in pending:  # each drawn, or its error raised
                pass
            return files

        try:
            yield finished
        except BaseException:  # a failed build does not wait for its pictures
            pool.shutdown(cancel_futures=True)
            raise


def _draw(svg: str, cache: Path) -> None:
    png(svg, cache)


def cards(context: Context) -> Iterator[tuple[str, Card]]:
    site = context.site_name
    yield paths.share_image("site"), Card(site, "", "", ())
    for entry in context.catalogue.entries:
        yield paths.share_image(f"entry-{entry.id}"), entry_card(entry, site)
    for term in vocabulary().topics:
        count = summaries(len(context.catalogue.by_topic.get(term.id, [])))
        card = Card(term.label, f"Topic · {count}", site)
        yield paths.share_image(f"topic-{term.slug}"), card


def entry_card(entry: Entry, site_name: str) -> Card:
    kind = vocabulary().term("research_types", entry.research_type).label
    kicker = f"{month_name(entry.issue)} · {kind}"
    return Card(entry.title, kicker, site_name, headline(entry))


def headline(entry: Entry) -> tuple[str, ...]:
    """The entry's first effect as two lines: what it relates, and its size."""
    if not entry.effects:
        return ()
    view = effect_view(entry.effects[0])
    size = f"{measure_symbol(view.measure)} = {view.estimate}"
    details = [size + (f" {view.ci}" if view.ci else ""), f"k = {view.k}" if view.k else ""]
    details.append(f"N = {view.n}" if view.n else "")
    return view.subject, " · ".join(d for d in details if d)


def card_svg(card: Card) -> str:
    title_lines = wrap(card.title, TITLE_SIZE, WIDTH - 2 * MARGIN, TITLE_LINES)
    parts = [_rect(0, 0, WIDTH, HEIGHT, card.background)]
    y = 120
    if card.kicker:
        parts.append(_text(MARGIN, y, card.kicker, 34, SOFT_INK))
        y += 90
    for line in title_lines:
        parts.append(_text(MARGIN, y, line, TITLE_SIZE, INK, bold=True))
        y += 74
    if card.headline:
        parts += _headline(card.headline, card.background)
    if card.site_name:
        parts.append(_text(MARGIN, HEIGHT - 48, card.site_name, 30, SOFT_INK))
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">{body}</svg>'
    )


def _headline(lines: tuple[str, ...], ink: str) -> list[str]:
    top = HEIGHT - 230
    parts = [_rect(MARGIN - 24, top, WIDTH - 2 * MARGIN + 48, 130, INK, radius=12)]
    subject = wrap(lines[0], 32, WIDTH - 2 * MARGIN, 1)[0]
    parts.append(_text(MARGIN, top + 52, subject, 32, ink))
    size = wrap(lines[1], 40, WIDTH - 2 * MARGIN, 1)[0]
    parts.append(_text(MARGIN, top + 104, size, 40, ink, bold=True))
    return parts


def _rect(x: int, y: int, w: int, h: int, fill: str, radius: int = 0) -> str:
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{radius}" fill="{fill}"/>'


def _text(x: int, y: int, text: str, size: int, fill: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}"{weight} '
        f'fill="{fill}">{escape(text)}</text>'
    )


def text_width(text: str, size: float) -> float:
    """An upper estimate of how wide ``text`` is drawn at ``size`` px."""
    ems = sum(0.32 if c in _NARROW else 0.95 if c in _WIDE else 0.62 for c in text)
    return ems * size


def wrap(text: str, size: float, width: float, most: int) -> list[str]:
    """``text`` in lines no wider than ``width``, at most ``most``; an ellipsis ends a cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] += " …"
    return [_clip(line, size, width) for line in lines] or [""]


def _clip(line: str, size: float, width: float) -> str:
    while text_width(line, size) > width and len(line) > 1:
        line = line[:-2] + "…"
    return line


def png(svg: str, cache: Path | None = None) -> bytes:
    """The SVG as PNG, from ``cache`` when this exact SVG was drawn before."""
    import vl_convert

    stored = _stored(svg, cache)
    if stored is not None:
        return stored
    drawn = recompressed(bytes(vl_convert.svg_to_png(svg)))
    if cache:
        cache_file.write(_cache_path(svg, cache), drawn)
    return drawn


def _stored(svg: str, cache: Path | None) -> bytes | None:
    return cache_file.read(_cache_path(svg, cache)) if cache else None


def _cache_path(svg: str, cache: Path) -> Path:
    return cache / f"{hashlib.sha256(svg.encode('utf-8')).hexdigest()}.png"


def recompressed(png_data: bytes) -> bytes:
    """The PNG with its image data deflated again, at zlib's default level.

    resvg deflates quickly and loosely: a card is 130 KB as it comes, under 40 KB after
    (14 ms), the pixels unchanged.
    """
    chunks = list(_chunks(png_data))
    image = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    out = [png_data[:8]]
    for kind, data in chunks:
        if kind == b"IDAT":
            if image:
                out.append(_chunk(b"IDAT", zlib.compress(image, 6)))
                image = b""
        else:
            out.append(_chunk(kind, data))
    return b"".join(out)


def _chunks(png_data: bytes) -> Iterator[tuple[bytes, bytes]]:
    at = 8  # past the signature
    while at < len(png_data):
        (length,) = struct.unpack(">I", png_data[at : at + 4])
        yield png_data[at + 4 : at + 8], png_data[at + 8 : at + 8 + length]
        at += 12 + length


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
