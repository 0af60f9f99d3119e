"""`digest init`: a new, working digest project in an empty folder.

Like `mkdocs new` or `hugo new site`: the site's configuration with its name and
address, an example entry and its BibTeX record, the project's own vocabularies (a
copy of digest's), the editors' JSON Schema made from them and the editor setting
that uses it, the hand-written pages, the GitHub workflows, a .gitignore and a README
for editors. `digest build` then builds the whole site from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from digest import __version__
from digest.common.errors import DigestError, display_path
from digest.entries.schema import build_schema
from digest.entries.vocab import FILES, PROJECT_FOLDER, SHIPPED, read_vocabulary

STARTER = resources.files("digest.authoring").joinpath("starter")
EXAMPLE_YEAR = "2019"
EXAMPLE_NAME = "2019-05-elliott-empathy-outcome.yaml"
DEFAULT_NAME = "Research Digest"
DEFAULT_URL = "http://127.0.0.1:8000/"
DEFAULT_DESCRIPTION = (
    "Summaries of research for practitioners, with effect sizes and practice implications."
)
#: Starter files copied as they are: their place in the starter, then in the project.
COPIED = {
    "gitignore": ".gitignore",
    "vscode/settings.json": ".vscode/settings.json",
    "workflows/pages.yml": ".github/workflows/pages.yml",
    "workflows/check.yml": ".github/workflows/check.yml",
    "site_src/home.md": "site_src/home.md",
    "site_src/about.md": "site_src/about.md",
    "site_src/topics/empathy.md": "site_src/topics/empathy.md",
    "references.bib": "bib/references.bib",
    "example.yaml": f"entries/{EXAMPLE_YEAR}/{EXAMPLE_NAME}",
}


@dataclass(frozen=True)
class NewSite:
    """What `digest init` asks for."""

    name: str = DEFAULT_NAME
    url: str = DEFAULT_URL
    description: str = DEFAULT_DESCRIPTION


def init_project(target: Path, site: NewSite) -> list[Path]:
    """Write a new project into ``target`` (missing or empty); the files written."""
    _check(target, site)
    written = []
    for relative, content in starter_files(site).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def _check(target: Path, site: NewSite) -> None:
    shown = display_path(target)
    if target.exists() and not target.is_dir():
        raise DigestError(f"{shown}: is a file; digest init writes a project into a folder")
    if target.is_dir() and any(target.iterdir()):
        raise DigestError(
            f"{shown}: not empty; digest init writes a new project into an empty folder"
        )
    parts = urlsplit(site.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DigestError(
            f"--url: '{site.url}' is not an http(s) address such as https://example.org/digest/"
        )
    if not site.name.strip():
        raise DigestError("--name: the site needs a name")


def starter_files(site: NewSite) -> dict[str, bytes]:
    """Every file of a new project, by its path in the project."""
    files = {target: STARTER.joinpath(source).read_bytes() for source, target in COPIED.items()}
    values = {
        "name": json.dumps(site.name, ensure_ascii=False),
        "url": json.dumps(site.url.rstrip("/") + "/"),
        "description": json.dumps(site.description, ensure_ascii=False),
        "version": __version__,
        "example_year": EXAMPLE_YEAR,
        "example_name": EXAMPLE_NAME,
    }
    files["mkdocs.yml"] = _filled("mkdocs.yml.tmpl", values)
    files["README.md"] = _filled("README.md.tmpl", {**values, "name": site.name})
    files["requirements.txt"] = _filled("requirements.txt.tmpl", values)
    for name in FILES:
        files[f"{PROJECT_FOLDER}/{name}"] = SHIPPED.joinpath(name).read_bytes()
    schema = build_schema(read_vocabulary(SHIPPED))
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    files["schema/entry.schema.json"] = text.encode("utf-8")
    return files


def _filled(template: str, values: dict[str, str]) -> bytes:
    return STARTER.joinpath(template).read_text("utf-8").format(**values).encode("utf-8")
