"""The address a site is published at: canonical links, feeds, the sitemap and the
newsletter are written with it, so a publication must not carry a local one.

``digest serve`` and plain builds keep working with the localhost default.
"""

from __future__ import annotations

import re
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from digest.common.errors import DigestError, display_path

_LOCAL_NAMES = {"localhost", "localhost.localdomain", ""}
_SITE_URL_LINE = re.compile(r"^site_url\s*:", re.MULTILINE)
HOW_TO_SET = (
    "set site_url in {config} to the address the site is published at (such as "
    "https://example.org/digest/), or give --site-url or DIGEST_SITE_URL"
)


def local_reason(url: str) -> str:
    """Why ``url`` cannot be where a site is published, or "" when it can be."""
    if not url:
        return "is not set"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"'{url}' is not an absolute http(s) address"
    if _is_local(parts.hostname):
        return f"'{url}' is this computer, not where readers find the site"
    return ""


def _is_local(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_private


def require_published_url(url: str, config_file: Path, doing: str) -> None:
    """Refuse a missing or local site URL for ``doing`` (a publication), with where to fix it."""
    reason = local_reason(url)
    if reason:
        shown = display_path(config_file)
        where = f"{shown}:{_line(config_file)}: site_url"
        how = HOW_TO_SET.format(config=shown)
        raise DigestError(f"{where}: {reason}; {doing} needs the public address: {how}")


def _line(config_file: Path) -> int:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError:
        return 1
    found = _SITE_URL_LINE.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
