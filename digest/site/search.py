"""Site search with Pagefind: a chunked index built from the rendered HTML.

Entry pages mark their article with ``data-pagefind-body`` and their topic, research
type and year with ``data-pagefind-filter``. Pagefind alone splits "d = .58" into
words that also match "d = 1.58" or "r = .58", so each entry page also carries search
tokens for its effect sizes, and the search page rewrites a query the same way
(digest/assets/digest-search.js) before Pagefind sees it:

    "d = .58", "d = 0.58"  ->  ǂdp58   (this measure with this value)
    ".58", "0.58"          ->  ǂp58    (this value, any measure)

The tokens sit in page metadata, which Pagefind searches but neither splits into
sub-words nor shows in excerpts. "ǂ" is a letter no real word starts with, so a value
nobody reported cannot fall back to matching an ordinary word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from digest.common.errors import DigestError
from digest.common.model import Entry
from digest.site.reproducible import stabilise_search_index

PREFIX = "\u01c2"
# What editors write before a number -> the token's label. Mirrored in digest-search.js.
LABELS = {
    "r": "r",
    "d": "d",
    "g": "g",
    "b": "b",
    "β": "beta",
    "beta": "beta",
    "icc": "icc",
    "or": "or",
    "rr": "rr",
    "k": "k",
    "n": "n",
    "p": "p",
    "t": "t",
}
# Whole numbers only count after k and N; elsewhere they are years and page numbers.
WHOLE_NUMBER_LABELS = {"k", "n"}
_LABEL = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
_NUMBER = r"[-\u2212\u2013]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_STATISTIC = re.compile(
    rf"(?<![\w.])({_LABEL})(?:\s*\([\d.,\s]*\))?\s*[=:<>≤≥]?\s*({_NUMBER})(?!\w)", re.IGNORECASE
)
_DECIMAL = re.compile(r"(?<![\w.])[-\u2212\u2013]?(\d*\.\d+)(?!\d)")


def canonical_value(text: str) -> str:
    """``0.58`` and ``.580`` -> ``p58``; ``1.50`` -> ``1p5``; ``6,138`` -> ``6138``."""
    text = text.lstrip("-\u2212\u2013").replace(",", "")
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0")
    fraction = fraction.rstrip("0")
    return f"{whole}p{fraction}" if fraction else whole or "0"


def text_tokens(text: str) -> Iterator[str]:
    """Tokens for the statistics written in a piece of prose."""
    for match in _STATISTIC.finditer(text):
        label, number = LABELS[match.group(1).lower()], match.group(2)
        if "." in number or label in WHOLE_NUMBER_LABELS:
            yield f"{PREFIX}{label}{canonical_value(number)}"
    for match in _DECIMAL.finditer(text):
        yield f"{PREFIX}{canonical_value(match.group(1))}"


def effect_tokens(entry: Entry) -> Iterator[str]:
    """Tokens for the effects table: each estimate with and without its measure, CI bounds."""
    for f in entry.effects:
        label = LABELS.get(f.measure.lower())
        estimates = [f.value] if f.value is not None else list(f.value_range or ())
        for estimate in estimates:
            value = canonical_value(f"{estimate:.6f}")
            if label:
                yield f"{PREFIX}{label}{value}"
            yield f"{PREFIX}{value}"
        for bound in f.ci or ():
            yield f"{PREFIX}{canonical_value(f'{bound:.6f}')}"
        yield from text_tokens(f.note)


def search_tokens(entry: Entry) -> list[str]:
    """Every effect-size token of an entry, from its effects table and its prose."""
    prose = (token for text in (entry.summary, entry.implications) for token in text_tokens(text))
    return list(dict.fromkeys([*effect_tokens(entry), *prose]))


def search_terms(entry: Entry) -> str:
    """The HTML element carrying an entry's effect-size tokens as Pagefind metadata."""
    tokens = " ".join(search_tokens(entry))
    return f'<span hidden data-pagefind-meta="es:{tokens}"></span>' if tokens else ""


def index_site(site: Path) -> None:
    """Write the Pagefind index of the built site into ``site/pagefind``."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    result = subprocess.run(pagefind_command(site), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DigestError(f"Pagefind could not index the site: {result.stderr.strip()}")
    stabilise_search_index(site / "pagefind")


def pagefind_command(site: Path) -> list[str]:
    """The Pagefind command that indexes the entry pages of ``site``."""
    import pagefind_bin

    from digest.site.pages import paths

    return [
        str(pagefind_bin.get_executable()),
        "--site",
        str(site),
        # Only entry pages are indexed (data-pagefind-body): reading the others' HTML
        # cost Pagefind half its time and 240 MB at 5,000 entries, for nothing.
        "--glob",
        f"{paths.ENTRIES}/**/*.html",
        "--exclude-selectors",
        ".headerlink",
        "--quiet",
    ]
