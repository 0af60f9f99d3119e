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
nobody reported cannot fall back to matching an ordinary word; a token also ends with
"ǂ", so that ".5" is not a prefix of ".58" and ".581" cannot fall back to ".58" (Pagefind
matches a word's extensions, and failing those the longest indexed word it starts with).

Each entry page also carries what its result card shows: the short citation, the month
and its effects, each with the tokens that find it. The citation and effects are
metadata only to be shown, so they are written in symbols (``veiled``): Pagefind indexes
every word of a page's metadata, and a value without a letter or digit gives it none
(nor any character Markdown would act on). The citation is searched by ``source``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from digest.common.errors import DigestError
from digest.common.model import Effect, Entry
from digest.evidence.format import effect_view, measure_symbol, month_name, short_citation
from digest.site.reproducible import stabilise_search_index

PREFIX = "\u01c2"
END = PREFIX
# veiled() moves printable ASCII here: box-drawing symbols, neither letters nor digits.
_VEIL = 0x2500
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
_WORD = re.compile(r"[^\W_]+")
_DECIMAL = re.compile(r"(?<![\w.])[-\u2212\u2013]?(\d*\.\d+)(?!\d)")


def canonical_value(text: str) -> str:
    """``0.58`` and ``.580`` -> ``p58``; ``1.50`` -> ``1p5``; ``6,138`` -> ``6138``."""
    text = text.lstrip("-\u2212\u2013").replace(",", "")
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0")
    fraction = fraction.rstrip("0")
    return f"{whole}p{fraction}" if fraction else whole or "0"


def token(label: str, value: str) -> str:
    """``("d", "p58")`` -> ``ǂdp58ǂ``; ``("", "p58")`` -> ``ǂp58ǂ``."""
    return f"{PREFIX}{label}{value}{END}"


def text_tokens(text: str) -> Iterator[str]:
    """Tokens for the statistics written in a piece of prose."""
    for match in _STATISTIC.finditer(text):
        label, number = LABELS[match.group(1).lower()], match.group(2)
        if "." in number or label in WHOLE_NUMBER_LABELS:
            yield token(label, canonical_value(number))
    for match in _DECIMAL.finditer(text):
        yield token("", canonical_value(match.group(1)))


def effect_tokens(entry: Entry) -> Iterator[str]:
    """Tokens for the effects table: each estimate with and without its measure, CI bounds."""
    for f in entry.effects:
        yield from tokens_of(f)


def tokens_of(f: Effect) -> Iterator[str]:
    """One effect's tokens: its estimates with and without its measure, CI bounds, note."""
    label = LABELS.get(f.measure.lower())
    estimates = [f.value] if f.value is not None else list(f.value_range or ())
    for estimate in estimates:
        value = canonical_value(f"{estimate:.6f}")
        if label:
            yield token(label, value)
        yield token("", value)
    for bound in f.ci or ():
        yield token("", canonical_value(f"{bound:.6f}"))
    yield from text_tokens(f.note)


def search_tokens(entry: Entry) -> list[str]:
    """Every effect-size token of an entry, from its effects table and its prose."""
    prose = (token for text in (entry.summary, entry.implications) for token in text_tokens(text))
    return list(dict.fromkeys([*effect_tokens(entry), *prose]))


def search_terms(entry: Entry) -> str:
    """The HTML elements carrying an entry's effect-size tokens and its result card's
    citation, month and effects as Pagefind metadata."""
    fields = {
        "cite": veiled(short_citation(entry.citation, entry.year)),
        "source": citation_words(entry),
        "month": month_name(entry.issue),
        "fx": veiled("\n".join(effect_line(f) for f in entry.effects)),
        "es": " ".join(search_tokens(entry)),
    }
    return "".join(
        f'<span hidden data-pagefind-meta="{name}:{html.escape(value)}"></span>'
        for name, value in fields.items()
        if value
    )


def citation_words(entry: Entry) -> str:
    """What a reader may search a citation by, the shown one being left out of the index
    (its initials and DOI are no words): the words of every author's family name and of
    the journal. Only words: this sits in the page's Markdown, where markup would act."""
    c = entry.citation
    return " ".join(_WORD.findall(" ".join([*(p.family for p in c.authors), c.container])))


def effect_line(f: Effect) -> str:
    """``ǂrp28ǂ ǂp28ǂ …<TAB>therapist empathy → client outcome: r = .28 [.22, .33], d = .58,
    k 82``: an effect as its result card shows it, after the tokens that match it."""
    v = effect_view(f)
    symbol = measure_symbol(v.measure)
    stat = f"{v.estimate}%" if v.measure == "percent" else f"{symbol} = {v.estimate}"
    parts = [stat + (f" {v.ci}" if v.ci else "")]
    parts += [f"d = {v.d}"] if v.d and v.measure not in ("d", "g") else []
    parts += [f"r = {v.r}"] if v.r and v.measure != "r" else []
    parts += [f"k {v.k}"] if v.k else []
    parts += [f"N {v.n}"] if v.n and not v.k else []
    tokens = [*tokens_of(f), *_converted_tokens(v.d, v.r)]
    return " ".join(dict.fromkeys(tokens)) + "\t" + f"{v.subject}: " + ", ".join(parts)


def _converted_tokens(d: str, r: str) -> Iterator[str]:
    """A card shows the effect a query for its d or r names, though only reported values
    are searched for: a page matches what it reports, its card shows the conversion."""
    for label, value in (("d", d), ("r", r)):
        if value:
            yield token(label, canonical_value(value.replace("\u2212", "-")))


def veiled(text: str) -> str:
    """``text`` with no letter or digit left: percent-encoded, then each printable ASCII
    character moved to the box-drawing block (U+2500 on). digest-search.js unveils it."""
    quoted = urllib.parse.quote(text, safe="")
    return "".join(chr(_VEIL + ord(c) - 0x20) for c in quoted)


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
