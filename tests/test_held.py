"""Finished HTML travels past Markdown whole, and every page gets it back."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from conftest import make_entry

from digest.common.model import Effect
from digest.site.held import hold, release
from digest.site.pages import Catalogue, Context
from digest.site.pages.entry import entry_page

WRITTEN = '<p data-pagefind-ignore title="a --> b">ß & <abbr title="x">d</abbr></p>'


def test_a_held_block_comes_back_exactly_as_written() -> None:
    text = f"Before\n\n{hold(WRITTEN)}\n\nAfter"
    assert release(text) == f"Before\n\n{WRITTEN}\n\nAfter"


def test_markdown_passes_a_held_block_through_as_it_is() -> None:
    converted = markdown.markdown(
        f"# Title\n\n{hold(WRITTEN)}\n\n*after*", extensions=["md_in_html"]
    )
    assert WRITTEN in release(converted)
    assert "<p><!--digest-held" not in converted  # a block of its own, not in a paragraph


def test_text_without_held_blocks_is_returned_unchanged() -> None:
    assert release("<p>plain</p>") == "<p>plain</p>"


def test_templates_hold_effect_lists_prose_and_citations() -> None:
    entry = make_entry(
        effects=(Effect(predictor="Empathy", outcome="Outcome", measure="r", value=0.28),)
    )
    context = Context(catalogue=Catalogue.of([entry]), site_name="Test")
    written = entry_page(entry, context)
    for finished in ('class="digest-effects-table"', "digest-prose", 'class="digest-cite"'):
        assert finished not in written
        assert finished in release(written)
    assert "## Cite this summary" in written  # Markdown stays Markdown


def test_no_built_page_keeps_a_held_block(demo_site: Path) -> None:
    pages = list(demo_site.rglob("*.html"))
    assert pages
    for html in pages:
        assert "digest-held:" not in html.read_text(encoding="utf-8"), html


def test_a_built_entry_shows_its_effects_as_the_template_wrote_them(demo_site: Path) -> None:
    entry = next((demo_site / "entries").glob("*/index.html"))
    soup = BeautifulSoup(entry.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.digest-effects-table")
    assert table is not None
    assert table.select("tbody tr.digest-effect")
    # Written by the template, not re-serialised by Markdown (which wrote ="...").
    assert re.search(r"<thead data-pagefind-ignore>", str(entry.read_text(encoding="utf-8")))
