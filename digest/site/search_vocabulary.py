"""What the search page knows of the vocabularies, so that it can answer a query that
names a term: "Placebo Effect: no summaries yet" rather than results that merely look
like it, or "Randomised controlled trial: 4 summaries" as a filter to apply.

Every topic, research type and instrument, with the words that name it (its id, label
and spellings, and the words in ``synonyms.yml`` that point to it, folded as
``vocab.fold`` folds them; digest-search.js folds a query alike), the page that lists
it, and how many published summaries it has.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from digest.common.model import Entry
from digest.entries.vocab import Term, Vocabulary, fold
from digest.site.pages import paths
from digest.site.pages.catalogue import Catalogue


def search_vocabulary(catalogue: Catalogue, vocab: Vocabulary) -> list[dict[str, Any]]:
    """One row per term: kind, label, url (from the site root), count and words."""
    kinds: list[tuple[str, str, dict[str, list[Entry]], Callable[[Term], str]]] = [
        ("topic", "topics", catalogue.by_topic, _topic_url),
        ("type", "research_types", catalogue.by_type, _type_url),
        ("instrument", "instruments", catalogue.by_instrument, _instrument_url),
    ]
    return [
        {
            "kind": kind,
            "label": term.label,
            "url": url(term),
            "count": len(entries.get(term.id, [])),
            "words": sorted(_words(term, vocab.synonyms.get(vocabulary, {}))),
        }
        for kind, vocabulary, entries, url in kinds
        for term in getattr(vocab, vocabulary)
    ]


def vocabulary_json(catalogue: Catalogue, vocab: Vocabulary) -> str:
    """The rows as JSON safe inside a ``<script type="application/json">``."""
    text = json.dumps(search_vocabulary(catalogue, vocab), ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace("&", "\\u0026")


def _words(term: Term, synonyms: dict[str, tuple[str, ...]]) -> Iterator[str]:
    yield from {fold(spelling) for spelling in (term.id, term.label, *term.aliases)}
    yield from (word for word, ids in synonyms.items() if term.id in ids)


def _topic_url(term: Term) -> str:
    return paths.url(paths.topic(term.slug))


def _type_url(term: Term) -> str:
    return paths.url(paths.research_type(term.id))


def _instrument_url(term: Term) -> str:
    return f"{paths.url(paths.INSTRUMENTS)}#{term.slug}"
