"""The tools people would pick instead, on the same entries: Material's blog and Hugo.

Each entry becomes one post of plain Markdown: its title, summary, a table of its
effects (predictor, outcome, measure, value, CI, k, N) and implications, dated by its
issue month, with its topics and research type as taxonomies.

- **Material blog**: mkdocs-material's ``blog`` plugin (posts, archive by month,
  categories = topics, pagination as it comes) and ``tags`` plugin (tags = topics and
  type, on a tags page), the theme's own search plugin left on as a blog would have it;
  the same Markdown extensions as digest's site. Timed: ``mkdocs build`` from an empty
  site folder.
- **Hugo**: minimal templates (base, single, list, taxonomy and term lists, home), the
  taxonomies topics, types and issues (the month), RSS as Hugo makes it. Timed: ``hugo``
  from an empty ``public/`` and ``resources/``.

Hugo comes from the system (``apt-get install hugo``); without it, its column is empty.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from archive_project import entry_files
from measured_run import Measured, run_measured

BLOG_CONFIG = """\
site_name: Blog peer
site_url: http://127.0.0.1:8000/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
plugins:
  - search
  - blog
  - tags
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
"""
HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
title = "Hugo peer"
languageCode = "en"
[taxonomies]
  topic = "topics"
  type = "types"
  issue = "issues"
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}'
        '</title></head><body><nav><a href="{{ "/" | relURL }}">Home</a> '
        '<a href="{{ "/topics/" | relURL }}">Topics</a> '
        '<a href="{{ "/types/" | relURL }}">Types</a> '
        '<a href="{{ "/issues/" | relURL }}">Issues</a></nav>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}<p>'
        '{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> '
        "{{ end }}</p></article>{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li>'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01" }}</li>'
        "{{ end }}</ul>{{ end }}\n"
    ),
    "_default/terms.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>'
        "{{ end }}</ul>{{ end }}\n"
    ),
    "index.html": (
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>'
        '{{ range first 20 (where .Site.RegularPages "Section" "entries") }}<li>'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
}


def write_blog_project(archive: Path, root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BLOG_CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Blog peer\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (root / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    for path in entry_files(archive):
        entry = _entry(path)
        meta = {
            "date": _first_day(entry["issue"]),
            "categories": entry["topics"],
            "tags": [*entry["topics"], entry["type"]],
        }
        (posts / f"{entry['id']}.md").write_text(_page(entry, meta), encoding="utf-8")


def write_hugo_project(archive: Path, root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content" / "entries"
    content.mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        target = root / "layouts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path in entry_files(archive):
        entry = _entry(path)
        meta = {
            "title": entry["title"],
            "date": _first_day(entry["issue"]),
            "topics": entry["topics"],
            "types": [entry["type"]],
            "issues": [entry["issue"]],
        }
        (content / f"{entry['id']}.md").write_text(_page(entry, meta, heading=False), "utf-8")


def build_blog(root: Path) -> Measured:
    shutil.rmtree(root / "site", ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml")]
    return run_measured(command, cwd=root)


def hugo_command() -> str | None:
    return shutil.which("hugo")


def build_hugo(root: Path) -> Measured | None:
    hugo = hugo_command()
    if hugo is None:
        return None
    for name in ("public", "resources"):
        shutil.rmtree(root / name, ignore_errors=True)
    return run_measured([hugo, "--quiet", "--source", str(root)], cwd=root)


def _first_day(issue: str) -> date:
    return date(int(issue[:4]), int(issue[5:7]), 1)


def _entry(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _page(entry: dict[str, Any], meta: dict[str, Any], heading: bool = True) -> str:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    title = f"# {entry['title']}\n\n" if heading else ""
    rows = "".join(_row(effect) for effect in entry.get("effects") or [])
    table = (
        "## Effects\n\n| Predictor | Outcome | Measure | Value | 95% CI | k | N |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n" + rows + "\n"
        if rows
        else ""
    )
    return (
        f"---\n{front}---\n\n{title}{entry['summary'].strip()}\n\n<!-- more -->\n\n"
        f"{table}## Implications\n\n{entry['implications'].strip()}\n"
    )


def _row(effect: dict[str, Any]) -> str:
    ci = effect.get("ci")
    interval = f"[{ci[0]}, {ci[1]}]" if ci else ""
    cells = [
        effect.get("predictor", ""),
        effect.get("outcome", ""),
        effect.get("measure", ""),
        effect.get("value", ""),
        interval,
        effect.get("k", ""),
        effect.get("n", ""),
    ]
    return "| " + " | ".join(str(c) for c in cells) + " |\n"
