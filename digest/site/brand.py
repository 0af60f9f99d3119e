"""The site's colours, from mkdocs.yml, kept readable (WCAG AA) wherever they are used:

    extra:
      brand:
        primary: "#1a4e8a"   # the header, buttons, links, chart points, share images
        accent: "#b3261e"    # links under the pointer

Text on the primary (the header's white) and links in either colour on the page need
4.5:1. A colour short of that is darkened (on white) or lightened (on the dark scheme's
slate) until it reaches it, and the build says so. Without extra.brand, digest's teal
and deep orange stand (digest.css).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from digest.common.errors import DigestError

WHITE, BLACK = "#ffffff", "#000000"
#: Material's slate background, hsl(232, 15%, 14%).
SLATE = "#1e2029"
AA = 4.5
#: The header's other tabs are white at this opacity (digest.css), on the primary.
TAB_TEXT = 0.85
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Brand:
    """The colours pages, charts, share images and the newsletter use."""

    primary: str = "#00695c"
    accent: str = "#bf360c"
    #: Links and chart points in the dark scheme.
    primary_on_dark: str = "#4db6ac"
    accent_on_dark: str = "#ff8a65"
    #: Light tints of the primary, for the newsletter's page and table headings.
    tint: str = "#eef3f2"
    tint_strong: str = "#e0f2f1"
    #: Whether mkdocs.yml chose them (else digest.css already holds them).
    chosen: bool = False
    #: What was changed to keep AA contrast, for the build to say.
    notes: tuple[str, ...] = ()


def brand(extra: Any) -> Brand:
    """The colours mkdocs.yml's ``extra.brand`` asks for, made AA where they fall short."""
    wanted = (extra or {}).get("brand")
    if wanted is None:
        return Brand()
    if not isinstance(wanted, dict):
        raise DigestError("mkdocs.yml: extra.brand: give primary and accent as #rrggbb")
    default = Brand()
    notes: list[str] = []
    primary = _readable(_colour(wanted, "primary", default.primary), WHITE, notes, TAB_TEXT)
    accent = _readable(_colour(wanted, "accent", default.accent), WHITE, notes)
    return Brand(
        primary=primary,
        accent=accent,
        primary_on_dark=_readable(primary, SLATE, []),
        accent_on_dark=_readable(accent, SLATE, []),
        tint=mix(primary, WHITE, 0.93),
        tint_strong=mix(primary, WHITE, 0.88),
        chosen=True,
        notes=tuple(notes),
    )


def _colour(wanted: dict[str, Any], key: str, default: str) -> str:
    value = wanted.get(key, default)
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        message = f"'{value}' is not a colour written #rrggbb (such as \"#1a4e8a\")"
        raise DigestError(f"mkdocs.yml: extra.brand.{key}: {message}")
    return value.lower()


def _readable(colour: str, against: str, notes: list[str], opacity: float = 1.0) -> str:
    """``colour``, or the nearest shade of it that has AA contrast with ``against`` drawn
    on it at ``opacity`` (the header's dimmed tabs)."""
    if _ratio(colour, against, opacity) >= AA:
        return colour
    towards = BLACK if against == WHITE else WHITE
    shade = colour
    for step in range(1, 41):
        shade = mix(colour, towards, step / 40)
        if _ratio(shade, against, opacity) >= AA:
            break
    ratio = _ratio(colour, against, opacity)
    seen = f"{against} at {opacity:.0%}" if opacity < 1 else against
    notes.append(
        f"{colour} is {ratio:.1f}:1 against {seen}, short of WCAG AA (4.5:1); "
        f"digest uses {shade} ({_ratio(shade, against, opacity):.1f}:1)"
    )
    return shade


def _ratio(colour: str, against: str, opacity: float) -> float:
    return contrast(colour, mix(colour, against, opacity))


def mix(colour: str, other: str, share: float) -> str:
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    channels = [c / 255 for c in _rgb(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def brand_css(b: Brand) -> str:
    """The stylesheet that puts the chosen colours in place of digest.css's; empty if none."""
    if not b.chosen:
        return "/* No extra.brand in mkdocs.yml: digest.css's colours stand. */\n"
    return f"""/* extra.brand in mkdocs.yml, each colour AA on its background (site/brand.py). */
:root > * {{
  --md-primary-fg-color: {b.primary};
  --md-primary-fg-color--light: {b.primary};
  --md-primary-fg-color--dark: {b.primary};
  --md-accent-fg-color: {b.accent};
  --md-accent-fg-color--transparent: {b.accent}1a;
}}
:root {{
  --digest-chart-point: {b.primary};
}}
[data-md-color-scheme="slate"] {{
  --digest-chart-point: {b.primary_on_dark};
}}
body[data-md-color-scheme="slate"] {{
  --md-typeset-a-color: {b.primary_on_dark};
  --md-accent-fg-color: {b.accent_on_dark};
  --md-accent-fg-color--transparent: {b.accent_on_dark}1a;
}}
body[data-md-color-scheme="slate"] .md-typeset .md-button:not(.md-button--primary) {{
  color: {b.primary_on_dark};
}}
"""
