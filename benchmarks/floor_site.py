"""The floor: what a plain MkDocs site of N pages costs to build and index.

The floor project is the real site's setup without digest: Material (no custom_dir
overrides), the same Markdown extensions, the theme's search plugin disabled, the N
pages under entries/ kept out of the nav by ``not_in_nav``, a nav of three small index
pages, and then the same Pagefind command `digest build` runs. Each page is plain
Markdown (a title, prose paragraphs, a five-row table) cut to the byte length given,
which the harness takes from the entry Markdown digest wrote for the same archive.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from make_archive import WORDS
from measured_run import Measured, run_measured

FLOOR_SEED = 7
CONFIG = """\
site_name: Floor
site_url: http://127.0.0.1:8000/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - navigation.footer
plugins:
  - search:
      enabled: false
nav:
  - Home: index.md
  - Archive: archive.md
  - About: about.md
not_in_nav: |
  /entries/
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
"""
INDEX_PAGES = ("index.md", "archive.md", "about.md")


def write_floor_project(root: Path, pages: int, page_bytes: int) -> None:
    """``root`` holding mkdocs.yml, three nav pages and ``pages`` pages of ``page_bytes``."""
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    (docs / "entries").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    rng = random.Random(FLOOR_SEED)
    for name in INDEX_PAGES:
        title = name.removesuffix(".md").title()
        (docs / name).write_text(f"# {title}\n\n{_prose(rng, 60)}\n", encoding="utf-8")
    for i in range(pages):
        page = docs / "entries" / f"page-{i:05d}.md"
        page.write_text(plain_page(rng, i, page_bytes), encoding="utf-8")


def plain_page(rng: random.Random, number: int, size: int) -> str:
    """A plain Markdown page of exactly ``size`` bytes (ASCII)."""
    head = f"# Page {number}\n\n## Summary\n\n"
    table = "\n\n## Effects\n\n| Predictor | Outcome | Estimate |\n| --- | --- | --- |\n"
    table += "".join(f"| {_words(rng, 2)} | {_words(rng, 2)} | 0.{10 + r} |\n" for r in range(5))
    tail = "\n## Implications\n\n"
    body_size = max(size - len(head) - len(table) - len(tail), 2)
    summary_size = body_size * 4 // 5
    summary = _prose(rng, body_size)[:summary_size]
    implications = _prose(rng, body_size)[: body_size - summary_size - 1] + "\n"
    return head + summary + table + tail + implications


def floor_command_mkdocs(root: Path) -> list[str]:
    config = str(root / "mkdocs.yml")
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", config]


def floor_command_pagefind(root: Path) -> list[str]:
    """The command digest.site.search.index_site runs, over the floor site."""
    import pagefind_bin

    executable = str(pagefind_bin.get_executable())
    site = str(root / "site")
    return [executable, "--site", site, "--exclude-selectors", ".headerlink", "--quiet"]


def build_floor(root: Path) -> Measured:
    """Build the floor site from scratch: MkDocs then Pagefind; their summed time and the
    larger of their peaks."""
    shutil.rmtree(root / "site", ignore_errors=True)
    mkdocs = run_measured(floor_command_mkdocs(root), cwd=root)
    pagefind = run_measured(floor_command_pagefind(root), cwd=root)
    return Measured(mkdocs.seconds + pagefind.seconds, max(mkdocs.peak_mib, pagefind.peak_mib))


def _prose(rng: random.Random, size: int) -> str:
    """Sentences of filler words, at least ``size`` characters long."""
    sentences: list[str] = []
    length = 0
    while length < size:
        sentence = _words(rng, rng.randint(8, 20)).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))
