"""Where each page lives in the docs tree, and links between pages.

Pages link to each other by relative ``.md`` paths, so MkDocs (and Zensical) check
every internal link and turn it into the right URL wherever the site is hosted.
"""

from __future__ import annotations

import posixpath

ENTRIES = "entries"


def entry(entry_id: str) -> str:
    return f"{ENTRIES}/{entry_id}.md"


def cite_file(entry_id: str, which: str, suffix: str) -> str:
    """A reference file beside an entry's page: ``which`` is "study" or "summary"."""
    return f"{ENTRIES}/{entry_id}/{which}.{suffix}"


def share_image(name: str) -> str:
    """A link-preview image (site/share.py), by its name: site, entry-<id>, topic-<slug>."""
    return f"share/{name}.png"


def month(issue: str) -> str:
    return f"{issue[:4]}/{issue[5:7]}.md"


def year(year: int) -> str:
    return f"{year}/index.md"


def topic(slug: str) -> str:
    return f"topics/{slug}.md"


def research_type(type_id: str) -> str:
    return f"types/{type_id}.md"


# Feeds sit at the site root: Material fetches "sitemap.xml" next to every
# <link rel="alternate"> it finds, and only the root has one.
def topic_feed(slug: str, kind: str) -> str:
    return f"topic-{slug}.{kind}.xml"


def site_feed(kind: str) -> str:
    return f"{kind}.xml"


HOME = "index.md"
THIS_MONTH = "this-month.md"
ARCHIVE = "archive.md"
TOPICS = "topics/index.md"
TYPES = "types/index.md"
INSTRUMENTS = "instruments.md"
SEARCH = "search.md"
GLOSSARY = "glossary.md"


def relative(source: str, target: str) -> str:
    """The link from the page at ``source`` to the file at ``target``."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def url(path: str) -> str:
    """The URL of a page relative to the site root, as MkDocs writes it (directory URLs)."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


EVIDENCE = "evidence/index.md"
DATA_DICTIONARY = "evidence/data.md"
EXPLORER_DATA = "evidence/effects.json"
