"""Search as a reader uses it in Chromium: the header box, the search page, effect-size
queries, result cards, the filters and the address that follows them, and what a
query for a word the site lacks says.

The expected results come from the demo's entry files, read here: an entry matches a
word when its YAML mentions it, and "d = .58" when it reports that d in its prose or
its effects table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from playwright.sync_api import Page, expect

from digest.entries.vocab import vocabulary

RESULT_LINKS = ".digest-result__title a"
MESSAGE = ".digest-search__message"
D_58 = re.compile(r"(?<![\w.])d\s*=\s*0?\.58(?!\d)")


@dataclass(frozen=True)
class Demo:
    """What a reader can search for in one demo entry."""

    path: str
    text: str
    topics: frozenset[str]
    type: str
    effects: tuple[tuple[str, float | None], ...]

    def reports_d_58(self) -> bool:
        return bool(D_58.search(self.text)) or ("d", 0.58) in self.effects


def read_entry(file: Path) -> Demo:
    text = file.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    vocab = vocabulary()

    def label(kind: str, value: str) -> str:
        term_id = vocab.canonical(kind, value)
        assert term_id, f"{file.name}: unknown {kind} {value!r}"
        return vocab.term(kind, term_id).label

    return Demo(
        path=f"/entries/{data['id']}/",
        text=text,
        topics=frozenset(label("topics", t) for t in data["topics"]),
        type=label("research_types", data["type"]),
        effects=tuple((e["measure"].lower(), e.get("value")) for e in data.get("effects", [])),
    )


@pytest.fixture(scope="module")
def demo() -> list[Demo]:
    return [read_entry(file) for file in sorted((REPO / "entries").rglob("*.yaml"))]


def mentioning(entries: list[Demo], word: str) -> list[Demo]:
    return [e for e in entries if word in e.text.lower()]


def most_common_narrowing(counts: Counter[str], total: int) -> str:
    """The most common value that some of the total lack (ties go to the first by name)."""
    narrowing = [value for value, n in counts.items() if n < total]
    assert narrowing, "no filter value narrows these results"
    return min(narrowing, key=lambda value: (-counts[value], value))


def expect_results(page: Page, query: str, expected: list[Demo]) -> None:
    """The message counts the expected entries, and the results link to exactly them."""
    count = len(expected)
    expect(page.locator(MESSAGE)).to_have_text(
        f"{count} result{'' if count == 1 else 's'} for {query}"
    )
    links = page.locator(RESULT_LINKS)
    expect(links).to_have_count(count)
    assert set(links.evaluate_all("links => links.map(a => a.pathname)")) == {
        e.path for e in expected
    }


def open_search(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/")
    expect(page.get_by_label("Search the summaries")).to_be_focused()


def test_header_box_searches_for_a_word(page: Page, base_url: str, demo: list[Demo]) -> None:
    expected = mentioning(demo, "empathy")
    assert 0 < len(expected) < len(demo), "the demo no longer tests a word search"
    page.goto(base_url)

    page.get_by_role("searchbox", name="Search the digest").fill("empathy")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{base_url}/search/?q=empathy")
    expect(page.get_by_label("Search the summaries")).to_have_value("empathy")
    expect_results(page, "empathy", expected)


def test_an_effect_size_finds_the_entries_reporting_it(
    page: Page, base_url: str, demo: list[Demo]
) -> None:
    expected = [e for e in demo if e.reports_d_58()]
    other_58 = [e for e in demo if ".58" in e.text and not e.reports_d_58()]
    assert expected, "no demo entry reports d = .58 any more"
    assert other_58, "the demo no longer has a .58 that is not a d, to be left out"
    open_search(page, base_url)

    box = page.get_by_label("Search the summaries")
    box.fill("empathy")
    expect_results(page, "empathy", mentioning(demo, "empathy"))
    box.fill("d = .58")
    expect_results(page, "d = .58", expected)


def test_topic_then_type_filters_narrow_the_results(
    page: Page, base_url: str, demo: list[Demo]
) -> None:
    found = mentioning(demo, "empathy")
    topic = most_common_narrowing(Counter(t for e in found for t in e.topics), len(found))
    in_topic = [e for e in found if topic in e.topics]
    kind = most_common_narrowing(Counter(e.type for e in in_topic), len(in_topic))
    both = [e for e in in_topic if e.type == kind]
    assert 0 < len(both) < len(in_topic) < len(found), "the demo no longer tests narrowing"
    open_search(page, base_url)

    page.get_by_label("Search the summaries").fill("empathy")
    expect_results(page, "empathy", found)
    page.locator(f'input[name="topic"][value="{topic}"]').check()
    expect_results(page, "empathy", in_topic)
    page.locator(f'input[name="type"][value="{kind}"]').check()
    expect_results(page, "empathy", both)


def test_each_card_shows_author_year_month_type_and_the_matched_effect(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/search/?q=r%20%3D%20.28")
    expect(page.locator(MESSAGE)).to_have_text("2 results for r = .28")
    card = page.locator(".digest-result").filter(has_text="Therapist Empathy and Client Outcome")
    expect(card.locator(".digest-result__facts")).to_have_text(
        "Elliott et al. (2018) · May 2019 · Meta-analysis"
    )
    expect(card.locator(".digest-result__topics")).to_contain_text("Empathy")
    expect(card.locator(".digest-result__effects")).to_have_text(
        "therapist empathy → client outcome: r = 0.28 [0.22, 0.33], d = 0.58, k 82"
    )


def test_word_cards_show_a_highlighted_snippet_not_the_title_again(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/search/?q=mindfulness")
    card = page.locator(".digest-result")
    expect(card).to_have_count(1)
    expect(card.locator(".digest-result__excerpt mark").first).to_have_text(
        re.compile("mindful", re.IGNORECASE)
    )
    titles = card.locator(".digest-result__sections a").all_inner_texts()
    assert all("Mindfulness" not in t for t in titles)


def test_a_word_nowhere_on_the_site_finds_nothing_and_names_its_topic(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/search/?q=placebo")
    expect(page.locator(MESSAGE)).to_have_text("No results for placebo — no summary has “placebo”")
    expect(page.locator(RESULT_LINKS)).to_have_count(0)
    term = page.locator(".digest-search__term")
    expect(term).to_have_text("Topic: Placebo Effect: no summaries yet — follow this topic")
    expect(term.get_by_role("link")).to_have_attribute(
        "href", re.compile(r"/topics/placebo-effect/$")
    )


def test_a_synonym_points_to_its_term(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=CBT")
    expect(page.locator(MESSAGE)).to_have_text("No results for CBT — no summary has “CBT”")
    expect(page.locator(".digest-search__term")).to_contain_text("Cognitive-Behavioural Therapy")


def test_the_address_follows_the_filters_and_back_undoes_them(
    page: Page, base_url: str, demo: list[Demo]
) -> None:
    found = mentioning(demo, "empathy")
    meta = [e for e in found if e.type == "Meta-analysis"]
    assert 0 < len(meta) < len(found), "the demo no longer tests the type filter"
    page.goto(f"{base_url}/search/?q=empathy")
    expect_results(page, "empathy", found)

    page.locator('input[name="type"][value="Meta-analysis"]').check()
    expect(page).to_have_url(f"{base_url}/search/?q=empathy&type=Meta-analysis")
    expect_results(page, "empathy", meta)
    chip = page.get_by_role("button", name="Remove filter Research type: Meta-analysis")
    expect(chip).to_be_visible()
    # A type no empathy summary has stays on the list, greyed and not to be chosen.
    empty = page.locator('input[name="type"][value="Qualitative study"]')
    expect(empty).to_be_disabled()

    page.go_back()
    expect(page).to_have_url(f"{base_url}/search/?q=empathy")
    expect_results(page, "empathy", found)
    page.go_forward()
    expect_results(page, "empathy", meta)
    chip.click()
    expect(page).to_have_url(f"{base_url}/search/?q=empathy")
    expect_results(page, "empathy", found)


def test_a_type_named_in_the_query_can_become_the_filter(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=empathy%20meta-analysis")
    page.get_by_role("button", name="Show only these").click()
    expect(page).to_have_url(f"{base_url}/search/?q=empathy&type=Meta-analysis")
    expect(page.get_by_label("Search the summaries")).to_have_value("empathy")
