"""The generated docs tree also builds with Zensical, Material for MkDocs' successor.

Material reaches end of life on 2027-05-05; the docs tree is plain Markdown so that
another renderer reading mkdocs.yml can take over.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO

from digest.site.incremental import THEME_DIR

KEY_PAGES = [
    "index.html",
    "this-month/index.html",
    "archive/index.html",
    "2023/07/index.html",
    "topics/index.html",
    "topics/empathy/index.html",
    "types/meta-analysis/index.html",
    "instruments/index.html",
    "search/index.html",
    "entries/2019-05-elliott-empathy-outcome/index.html",
    "atom.xml",
    "topic-empathy.rss.xml",
    "evidence.duckdb",
]


@pytest.fixture(scope="module")
def zensical_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's docs tree rendered by `zensical build --strict`."""
    out = tmp_path_factory.mktemp("zensical")
    shutil.copytree(demo_site.parent / "build" / "docs", out / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    # Zensical has no --site-dir, and wants both folders beside its config file.
    config.update(docs_dir="docs", site_dir="site")
    config["theme"]["custom_dir"] = str(THEME_DIR)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"]
    done = subprocess.run(command, cwd=out, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    return out / "site"


@pytest.mark.parametrize("page", KEY_PAGES)
def test_key_page_exists(zensical_site: Path, page: str) -> None:
    assert (zensical_site / page).is_file()


def test_entry_page_keeps_its_content_and_metadata(zensical_site: Path) -> None:
    html = (zensical_site / KEY_PAGES[-4]).read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    article = page.select_one("article.digest-entry")
    assert article is not None and article.h1 is not None
    assert article.h1.get_text(strip=True).startswith("Therapist Empathy and Client Outcome")
    assert page.select_one("meta[name=citation_title]") is not None
    assert article.select("a[data-pagefind-filter=topic]")


def test_finished_html_held_past_markdown_is_put_back(zensical_site: Path) -> None:
    """Effect lists, prose and citations travel as comments (digest/site/held.py): the
    Markdown extension that puts them back works in Zensical too."""
    for page in zensical_site.rglob("*.html"):
        assert "digest-held:" not in page.read_text("utf-8"), page
    page = BeautifulSoup((zensical_site / KEY_PAGES[-4]).read_text("utf-8"), "html.parser")
    assert page.select("table.digest-effects-table tr.digest-effect")
    assert page.select_one(".digest-prose") is not None
    assert page.select_one(".digest-cite") is not None
