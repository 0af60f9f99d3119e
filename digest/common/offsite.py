"""Links and images in editors' HTML that point off the site, shown as what they are.

The site loads nothing from anywhere else (its pages carry a Content-Security-Policy
that allows only the site itself), so an image from another host would not even show,
and in a feed or an e-mail it would tell that host who read it. An outside image
therefore becomes a plain link naming its host, which a reader may follow or not. A
link to another host styled as one of the site's buttons loses the button style and
shows its host, and a link whose host is not plain ASCII (``paypal.com`` spelled
with Cyrillic letters) shows the host in the ASCII form browsers send (``xn--...``).

The input is nh3's output: well-formed HTML whose attributes are already safe.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

_BUTTON_CLASSES = {"md-button", "md-button--primary"}


def show_offsite(fragment: str) -> str:
    """``fragment`` with outside images made links and outside hosts made visible."""
    if "<a" not in fragment and "<img" not in fragment:
        return fragment
    rewriter = _Rewriter()
    rewriter.feed(fragment)
    rewriter.close()
    return "".join(rewriter.out)


def outside_host(url: str) -> str | None:
    """The ASCII host of a URL that leaves the site; None for the site's own URLs."""
    absolute = _as_browsers_read(url)
    if not _LEAVES_SITE.match(absolute):
        return None
    try:
        host = urlsplit(absolute).hostname
    except ValueError:
        host = None
    return ascii_host(host) if host else "invalid host"


def ascii_host(host: str) -> str:
    """A host as browsers send it: punycode (IDNA) for every label that is not ASCII."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return "invalid host"


# The only schemes nh3 lets through are http, https and mailto; mailto fetches nothing.
_LEAVES_SITE = re.compile(r"(?i)https?:|//")
_SCHEME_WITHOUT_SLASHES = re.compile(r"(?i)^(https?:)(?!//)")


def _as_browsers_read(url: str) -> str:
    """``url`` as a browser resolves it: tabs and newlines dropped, ``\\`` read as ``/``,
    and ``https:host`` (which leaves the site from a page served over http) given its
    slashes."""
    cleaned = url.translate(_DROPPED).strip(_STRIPPED).replace("\\", "/")
    return _SCHEME_WITHOUT_SLASHES.sub(r"\1//", cleaned)


_DROPPED = {ord("\t"): None, ord("\n"): None, ord("\r"): None}
_STRIPPED = "".join(chr(c) for c in range(0x21))


def _ascii_url(url: str) -> str:
    """``url`` as browsers read it, with a host that is not ASCII in punycode."""
    absolute = _as_browsers_read(url)
    parts = urlsplit(absolute)
    host = parts.hostname or ""
    if host.isascii():
        return absolute
    return urlunsplit(parts._replace(netloc=parts.netloc.lower().replace(host, ascii_host(host))))


class _Rewriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        # For each open <a>: the host to print after its text, if any.
        self._links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "img" and outside_host(named.get("src") or ""):
            self.out.append(_image_text(named) if self._links else _image_link(named))
            return
        if tag == "a":
            attrs = self._open_link(attrs)
        self.out.append(_tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            host = self._links.pop()
            if host:
                self.out.append(f' <span class="digest-host">({html.escape(host)})</span>')
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        """nh3 keeps no comments; any that arrive are dropped."""

    def _open_link(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        named = dict(attrs)
        href = named.get("href") or ""
        host = outside_host(href)
        shown: str | None = None
        if host:
            classes = (named.get("class") or "").split()
            plain = [c for c in classes if c not in _BUTTON_CLASSES]
            if len(plain) != len(classes) or host != urlsplit(_as_browsers_read(href)).hostname:
                shown = host
            named["class"] = " ".join(plain) or None
            named["href"] = _ascii_url(href)
        self._links.append(shown)
        return [(k, v) for k, v in named.items() if v is not None]


def _tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    rendered = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value)}"' for name, value in attrs
    )
    return f"<{tag}{rendered}>"


def _image_link(attrs: dict[str, str | None]) -> str:
    src = html.escape(_ascii_url(attrs.get("src") or ""))
    return f'<a href="{src}" rel="noopener noreferrer">{_image_text(attrs)}</a>'


def _image_text(attrs: dict[str, str | None]) -> str:
    """What an outside image shows instead of itself: its text and where it lives."""
    host = outside_host(attrs.get("src") or "") or ""
    alt = " ".join((attrs.get("alt") or "").split()) or "image"
    return (
        f'<span class="digest-offsite-image">{html.escape(alt)}'
        f' <span class="digest-host">(image on {html.escape(host)})</span></span>'
    )
