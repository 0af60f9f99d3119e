"""Share links: plain URLs that open a network's own share form, an e-mail, and a copy
button. No script or image from another host: nothing is loaded until a reader clicks.

Which ones a page offers is set by ``extra.share`` in mkdocs.yml (a list of the names
below; ``[]`` for none).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from digest.common.errors import DigestError

DEFAULT = ("email", "copy", "bluesky", "linkedin")
# Each network's share form, filled with the page's title and URL.
_Fields = Callable[[str, str], dict[str, str]]
_FORMS: dict[str, tuple[str, str, _Fields]] = {
    "bluesky": ("Bluesky", "https://bsky.app/intent/compose", lambda t, u: {"text": f"{t} {u}"}),
    "linkedin": (
        "LinkedIn",
        "https://www.linkedin.com/sharing/share-offsite/",
        lambda t, u: {"url": u},
    ),
    "x": ("X", "https://x.com/intent/post", lambda t, u: {"text": t, "url": u}),
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php", lambda t, u: {"u": u}),
    "reddit": ("Reddit", "https://www.reddit.com/submit", lambda t, u: {"url": u, "title": t}),
}
NAMES = ("email", "copy", *_FORMS)


@dataclass(frozen=True)
class ShareLink:
    label: str
    href: str = ""
    #: Set for the copy button, which has no link: the text it copies.
    copy: str = ""


def share_names(extra: Any) -> tuple[str, ...]:
    """The share links mkdocs.yml's ``extra.share`` asks for, checked."""
    wanted = (extra or {}).get("share", DEFAULT)
    if not isinstance(wanted, list | tuple) or not all(isinstance(n, str) for n in wanted):
        raise DigestError(f"mkdocs.yml: extra.share: {_expected()}, or [] for none")
    unknown = [n for n in wanted if n not in NAMES]
    if unknown:
        raise DigestError(f"mkdocs.yml: extra.share: '{unknown[0]}' is unknown; {_expected()}")
    return tuple(wanted)


def _expected() -> str:
    return "a list of " + ", ".join(NAMES)


def share_links(names: Sequence[str], title: str, url: str) -> list[ShareLink]:
    """The page's share links; none without its absolute URL."""
    if not url:
        return []
    return [_link(name, title, url) for name in names]


def _link(name: str, title: str, url: str) -> ShareLink:
    if name == "email":
        body = urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote)
        return ShareLink("E-mail", f"mailto:?{body}")
    if name == "copy":
        return ShareLink("Copy link", copy=url)
    label, form, fields = _FORMS[name]
    return ShareLink(label, f"{form}?{urlencode(fields(title, url), quote_via=quote)}")
