"""Link previews and share links: Open Graph and Twitter-card tags that fit each kind of
page, share images drawn once and cached, share links that load nothing from elsewhere."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import SITE_URL, in_fresh_python

from digest.cli import cli
from digest.common.errors import DigestError
from digest.site import share
from digest.site.pages.sharing import share_links, share_names

# One page of every kind, by its path in the site.
PAGES = {
    "home": "index.html",
    "latest issue": "this-month/index.html",
    "month": "2023/07/index.html",
    "year": "2023/index.html",
    "archive": "archive/index.html",
    "entry": "entries/2019-05-elliott-empathy-outcome/index.html",
    "topic": "topics/empathy/index.html",
    "topics": "topics/index.html",
    "research type": "types/meta-analysis/index.html",
    "evidence": "evidence/index.html",
    "glossary": "glossary/index.html",
    "about": "about/index.html",
}


def tags(site: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
    found = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    found |= {m["name"]: m["content"] for m in soup.select('meta[name^="twitter:"]')}
    found["canonical"] = soup.select_one('link[rel="canonical"]')["href"]
    return found


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_every_page_kind_has_link_preview_tags(demo_site: Path, page: str) -> None:
    found = tags(demo_site, page)
    assert found["og:site_name"] == "Psychotherapy Practice Research Digest"
    assert found["og:url"] == found["canonical"]
    assert found["og:url"].startswith(SITE_URL)
    assert found["og:title"] and found["og:title"] == found["twitter:title"]
    assert found["og:description"] and found["og:description"] == found["twitter:description"]
    assert found["twitter:card"] == "summary_large_image"
    image = found["og:image"]
    assert image.startswith(f"{SITE_URL}share/") and image == found["twitter:image"]
    assert (demo_site / image.removeprefix(SITE_URL)).is_file()


def test_previews_are_page_specific(demo_site: Path) -> None:
    entry, topic, month, home = (
        tags(demo_site, PAGES[k]) for k in ("entry", "topic", "month", "home")
    )
    assert entry["og:type"] == "article"
    assert entry["og:title"] == "Therapist Empathy and Client Outcome"
    assert entry["og:description"].startswith("Elliott and colleagues updated")
    assert entry["og:image"] == f"{SITE_URL}share/entry-2019-05-elliott-empathy-outcome.png"
    assert topic["og:title"] == "Empathy"
    assert topic["og:image"] == f"{SITE_URL}share/topic-empathy.png"
    assert month["og:description"].startswith("The July 2023 issue, 3 summaries: ")
    assert home["og:title"] == "Psychotherapy Practice Research Digest"
    assert home["og:image"] == f"{SITE_URL}share/site.png"
    descriptions = {t["og:description"] for t in (entry, topic, month, home)}
    assert len(descriptions) == 4


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_share_image_for_every_entry_and_topic(demo_site: Path) -> None:
    images = demo_site / "share"
    entries = sorted(p.parent.name for p in (demo_site / "entries").glob("*/index.html"))
    assert sorted(p.stem[6:] for p in images.glob("entry-*.png")) == entries
    assert len(list(images.glob("topic-*.png"))) == 36
    for image in images.glob("*.png"):
        assert png_size(image) == (1200, 630)
        assert image.stat().st_size < 80_000


def test_a_card_says_title_month_and_headline_effect(demo_site: Path) -> None:
    from digest.entries.load import Project, load_valid

    loaded = load_valid(Project(Path(__file__).parent.parent))
    [entry] = [e for e in loaded.entries if e.id == "2019-05-elliott-empathy-outcome"]
    svg = share.card_svg(share.entry_card(entry, "Digest"))
    for text in ("May 2019 · Meta-analysis", "Therapist Empathy and Client", "Outcome"):
        assert f">{text}</text>" in svg
    assert ">therapist empathy → client outcome</text>" in svg
    assert ">r = 0.28 [0.22, 0.33] · k = 82 · N = 6,138</text>" in svg


def test_long_titles_wrap_within_the_card() -> None:
    title = "An Extraordinarily Long Title " * 8
    lines = share.wrap(title, share.TITLE_SIZE, 1056, share.TITLE_LINES)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(share.text_width(line, share.TITLE_SIZE) <= 1056 for line in lines)
    [one] = share.wrap("W" * 80, 40, 1056, 1)
    assert share.text_width(one, 40) <= 1056 and one.endswith("…")


def test_share_images_are_drawn_once_then_read_from_the_cache(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["build", "--site-dir", "site", "--site-url", SITE_URL]
    assert CliRunner().invoke(cli, args).exit_code == 0
    cache = demo / "build" / "cache" / "share"
    assert len(list(cache.glob("*.png"))) == 48
    first = (demo / "site" / "share" / "site.png").read_bytes()

    def no_drawing(svg: str) -> bytes:
        raise AssertionError("drawn again")

    import vl_convert

    monkeypatch.setattr(vl_convert, "svg_to_png", no_drawing)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (demo / "site" / "share" / "site.png").read_bytes() == first


def test_share_links_are_plain_urls(demo_site: Path) -> None:
    soup = BeautifulSoup((demo_site / PAGES["entry"]).read_text("utf-8"), "html.parser")
    nav = soup.select_one("nav.digest-share")
    assert nav["aria-label"] == "Share this page"
    links = {a.get_text(): a["href"] for a in nav.select("a")}
    url = "https%3A%2F%2Fdigest.example.org%2Fentries%2F2019-05-elliott-empathy-outcome%2F"
    assert links["E-mail"].startswith("mailto:?subject=Therapist%20Empathy%20and%20Client")
    assert links["Bluesky"].startswith("https://bsky.app/intent/compose?text=Therapist")
    assert links["Bluesky"].endswith(url)
    assert links["LinkedIn"] == f"https://www.linkedin.com/sharing/share-offsite/?url={url}"
    button = nav.select_one("button.digest-copy")
    assert button["data-copy-text"] == f"{SITE_URL}entries/2019-05-elliott-empathy-outcome/"
    assert not soup.select("script[src^='http']")


def test_share_links_are_set_in_mkdocs_yml() -> None:
    assert share_names({}) == ("email", "copy", "bluesky", "linkedin")
    assert share_names({"share": []}) == ()
    assert [s.label for s in share_links(share_names({"share": ["x", "reddit"]}), "T", "u")] == [
        "X",
        "Reddit",
    ]
    assert share_links(("email",), "T", "") == []
    with pytest.raises(DigestError, match=r"extra\.share: 'myspace' is unknown; a list of email"):
        share_names({"share": ["myspace"]})
    with pytest.raises(DigestError, match=r"extra\.share: a list of email, copy"):
        share_names({"share": "email"})


def test_an_unknown_share_link_is_a_clean_error(demo: Path) -> None:
    config = demo / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  share: [email, myspace]\n")
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: mkdocs.yml: extra.share: 'myspace' is unknown")


# Run in a fresh interpreter: the drawing processes are forked only where no JavaScript
# runtime's threads run (digest/common/forked.py), which a test suite's process has.
POOL = """
import sys, time
from pathlib import Path
sys.path.insert(0, "tests")
from conftest import make_entry
from digest.site import share
from digest.site.pages import Catalogue, Context

def context(cards):
    entries = [make_entry(id=f"2020-01-study-{i}", title=f"Study {i}") for i in range(cards)]
    return Context(catalogue=Catalogue.of(entries), site_name="Test")

here_dir, pool_dir, failed_dir = (Path(p) for p in sys.argv[1:4])
share.POOL_FROM = 10_000
here = share.share_files(context(3), here_dir)
share.POOL_FROM = 1
with share.drawing_shares(context(3), pool_dir) as drawn:
    pool = {path: stored.read_bytes() for path, stored in drawn().items()}
assert list(pool) == list(here), "every card, in the same order"
assert pool == here, "the same images"
try:
    with share.drawing_shares(context(400), failed_dir) as _:
        raise RuntimeError("the pages failed")
except RuntimeError:
    pass
print(len(list(failed_dir.glob("*.png"))))
"""


def test_images_drawn_by_other_processes_are_those_drawn_here_and_not_awaited_on_failure(
    tmp_path: Path,
) -> None:
    folders = [tmp_path / name for name in ("here", "pool", "failed")]
    for folder in folders:
        folder.mkdir()
    printed = in_fresh_python(POOL, *map(str, folders))
    assert len(list((tmp_path / "pool").glob("*.png"))) == 40  # kept on disk, not in memory
    assert int(printed.split()[-1]) < 400  # the failed build did not wait for them
