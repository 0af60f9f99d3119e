"""What a preview edit reads, writes and renders: the changed file, and the pages that show it.

Counted in-process on the demo project (``PreviewSite`` is what `digest serve` runs). After
every kind of edit, the pages the preview holds are the pages a whole generation writes
for the same entries: the dependencies in site/preview/depends.py miss nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from digest.citations.apa import with_apa
from digest.common.errors import DigestError
from digest.common.model import Citation, Entry
from digest.entries.load import Project, load
from digest.entries.schedule import EVERYTHING, shown
from digest.site import cite
from digest.site.build import page_context, page_files, site_sources
from digest.site.pages import page_makers
from digest.site.pages.catalogue import Catalogue
from digest.site.preview.site import PreviewSite

TODAY = date(2026, 11, 30)
ELLIOTT = "entries/2019/2019-05-elliott-empathy-outcome.yaml"
ELLIOTT_MD = "entries/2019-05-elliott-empathy-outcome.md"
ELLIOTT_ID = "2019-05-elliott-empathy-outcome"
NISSEN = "entries/2023/2023-07-nissen-lie-therapist-factors.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def whole_generation(site: PreviewSite) -> dict[Path, bytes]:
    """The pages and charts a whole generation writes for the project's entries now."""
    project = site.project
    entries = shown(load(project, today=TODAY).entries, TODAY, EVERYTHING)
    intros = site_sources(project.root / "site_src")[1]
    context = page_context(entries, site.config, intros)
    pages = {path: make() for path, make in page_makers(context).items()}
    return page_files(project, context, pages)


def held(site: PreviewSite, wanted: dict[Path, bytes]) -> dict[Path, bytes]:
    return {p: site.files[p] for p in wanted if p in site.files}


@pytest.fixture
def site(demo: Path) -> PreviewSite:
    preview = PreviewSite(Project(demo), TODAY)
    first = preview.update()
    assert first.whole
    assert preview.live.reads == [11]
    return preview


def test_a_word_of_a_summary_reads_one_file_and_writes_two_pages(
    site: PreviewSite, demo: Path
) -> None:
    edit(demo / ELLIOTT, "moderately related", "clearly related")
    update = site.update()
    assert site.live.reads[-1] == 1
    assert update.files == [ELLIOTT]
    # The entry's page and its month's: nothing else shows the summary in full.
    assert update.pages == ["2019/05.md", ELLIOTT_MD]
    html = (site.site / "entries/2019-05-elliott-empathy-outcome/index.html").read_text("utf-8")
    assert "clearly related" in html


def test_a_word_of_a_summary_ranks_no_related_lists_again(
    site: PreviewSite, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked: list[str] = []
    related = Catalogue.related

    def counted(catalogue: Catalogue, entry: Entry) -> list[Entry]:
        ranked.append(entry.id)
        return related(catalogue, entry)

    monkeypatch.setattr(Catalogue, "related", counted)
    edit(demo / ELLIOTT, "moderately related", "clearly related")
    site.update()
    # Related lists rank by titles, months and topics, not summaries: only the entry the
    # edited one updates (whose page shows more of it) is compared, besides its own page.
    assert set(ranked) == {ELLIOTT_ID, "2014-09-elliott-empathy-outcomes"}
    ranked.clear()
    edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
    site.update()
    assert len(set(ranked)) > 2  # a new title may move it in its neighbours' lists


def test_a_save_without_change_reads_the_file_and_writes_nothing(
    site: PreviewSite, demo: Path
) -> None:
    path = demo / ELLIOTT
    path.write_text(path.read_text("utf-8"), "utf-8")
    update = site.update()
    assert site.live.reads[-1] == 0
    assert update.pages == []


def test_a_new_title_writes_the_pages_that_list_the_entry(site: PreviewSite, demo: Path) -> None:
    edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
    update = site.update()
    assert site.live.reads[-1] == 1
    assert set(update.pages) == {
        ELLIOTT_MD,
        "2019/05.md",
        "2019/index.md",
        "archive.md",
        "topics/empathy.md",
        "topics/alliance-and-therapeutic-relationship.md",
        "topics/common-factors.md",
        "types/meta-analysis.md",
        # Entries listing it as related, or updated by it:
        *{p for p in update.pages if p.startswith("entries/") and p != ELLIOTT_MD},
    }
    assert len(update.pages) < 25
    assert held(site, whole_generation(site)) == whole_generation(site)


def test_an_edit_renders_only_the_summary_references_it_changed(
    site: PreviewSite, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[list[str]] = []

    def counted(citations: Sequence[Citation], cache_dir: Path | None = None) -> list[Citation]:
        rendered.append([c.key for c in citations])
        return with_apa(citations, cache_dir)

    monkeypatch.setattr(cite, "with_apa", counted)
    edit(demo / ELLIOTT, "moderately related", "clearly related")
    site.update()
    assert rendered == []  # the summary's reference is its title, month and address
    edit(demo / ELLIOTT, "title: Therapist Empathy", "title: Edited Empathy")
    site.update()
    assert rendered == [[ELLIOTT_ID]]
    assert site.context is not None
    assert "Edited Empathy and Client Outcome" in site.context.summaries[ELLIOTT_ID].apa_text


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (ELLIOTT, "  - Common Factors\n", "  - Common Factors\n  - Training\n"),
        (ELLIOTT, "value: 0.28", "value: 0.31"),
        (ELLIOTT, "issue: 2019-05", "issue: 2019-06"),
        (NISSEN, "title: Therapist Factors", "title: A"),
        (ELLIOTT, "type: meta-analysis", "type: review-of-meta-analyses"),
    ],
)
def test_after_any_edit_the_pages_are_those_a_whole_generation_writes(
    site: PreviewSite, demo: Path, path: str, old: str, new: str
) -> None:
    edit(demo / path, old, new)
    if "issue:" in old:  # a month moved: the file is renamed with its id
        moved = demo / path
        text = moved.read_text("utf-8").replace("id: 2019-05-", "id: 2019-06-")
        moved.unlink()
        (demo / "entries/2019/2019-06-elliott-empathy-outcome.yaml").write_text(text, "utf-8")
        for other in (demo / "entries").rglob("*.yaml"):
            text = other.read_text("utf-8")
            other.write_text(text.replace("2019-05-elliott-empathy", "2019-06-elliott-empathy"))
    site.update()
    assert site.broken == {}
    whole = whole_generation(site)
    assert held(site, whole) == whole
    made = {p for p in whole if p.suffix == ".md"}
    assert {p for p in site.files if p.suffix == ".md" and p.as_posix()[0].isdigit()} <= made


def test_a_deleted_entry_takes_its_page_away(site: PreviewSite, demo: Path) -> None:
    (demo / NISSEN).unlink()
    site.update()
    assert not (site.docs / "entries/2023-07-nissen-lie-therapist-factors.md").exists()
    whole = whole_generation(site)
    assert held(site, whole) == whole


def test_a_broken_entry_keeps_its_last_good_version_elsewhere(
    site: PreviewSite, demo: Path
) -> None:
    edit(demo / ELLIOTT, "type: meta-analysis", "type: meta-analysys")
    update = site.update()
    assert update.pages == [ELLIOTT_MD]
    assert list(site.broken) == ["2019-05-elliott-empathy-outcome"]
    page = site.files[Path(ELLIOTT_MD)].decode()
    assert f"{ELLIOTT}:6: type: unknown research type 'meta-analysys'" in page
    edit(demo / ELLIOTT, "type: meta-analysys", "type: meta-analysis")
    assert site.update().pages == [ELLIOTT_MD]
    assert site.broken == {}
    whole = whole_generation(site)
    assert held(site, whole) == whole


def test_a_broken_configuration_stays_an_error_until_it_is_fixed(
    site: PreviewSite, demo: Path
) -> None:
    config = demo / "mkdocs.yml"
    good = config.read_text("utf-8")
    config.write_text(good.replace("name: material", "name: materiel"), "utf-8")
    with pytest.raises(DigestError, match=r"mkdocs\.yml"):
        site.update()
    edit(demo / ELLIOTT, "moderately related", "clearly related")
    with pytest.raises(DigestError, match=r"mkdocs\.yml"):  # still broken: still said
        site.update()
    config.write_text(good, "utf-8")
    update = site.update()
    assert update.whole
    assert "2019/05.md" in update.pages


def test_a_first_preview_after_a_build_renders_only_what_the_build_did_not(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner
    from mkdocs.structure.pages import Page

    from digest.cli import cli

    assert CliRunner().invoke(cli, ["build"]).exit_code == 0
    edit(demo / ELLIOTT, "moderately related", "clearly related")
    rendered: list[str] = []
    render = Page.render

    def counted(page: Page, *args: object) -> None:
        rendered.append(page.file.src_uri)
        render(page, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "render", counted)
    preview = PreviewSite(Project(demo), TODAY)
    assert preview.update().whole
    assert sorted(rendered) == ["2019/05.md", ELLIOTT_MD]
    page = (preview.site / "entries/2019-05-elliott-empathy-outcome/index.html").read_text()
    assert "clearly related" in page
