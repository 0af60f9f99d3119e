"""The wheel carries what a project needs: installed outside the repo, it builds the demo.

Built with the pinned uv (`make` installs it in .uv/) and installed, mostly from uv's
cache, with the locked versions, in a fresh virtual environment outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_demo

# The Makefile's pinned uv, or (the weekly run against the newest releases) the one on PATH.
UV = REPO / ".uv" / "bin" / "uv" if (REPO / ".uv").is_dir() else Path(shutil.which("uv") or "uv")


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**env, "UV_PYTHON_DOWNLOADS": "never"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert UV.exists(), "uv is missing; run `make test`, which installs the pinned one"
    out = tmp_path_factory.mktemp("dist")
    run(UV, "build", "--wheel", "--out-dir", out, cwd=REPO)
    (found,) = out.glob("research_digest-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel and the locked dependencies."""
    place = tmp_path_factory.mktemp("elsewhere")
    locked = place / "locked.txt"
    run(
        UV,
        "export",
        "--locked",
        "--no-dev",
        "--no-hashes",
        "--no-emit-project",
        "-o",
        locked,
        cwd=REPO,
    )
    run(UV, "venv", "--python", sys.executable, place / "venv", cwd=place)
    python = place / "venv" / "bin" / "python"
    run(UV, "pip", "install", "--python", python, "-c", locked, wheel, cwd=place)
    return place / "venv" / "bin"


def test_the_wheel_holds_the_templates_data_and_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "digest/site/theme/main.html",
        "digest/citations/apa.csl",
        "digest/entries/vocabularies/topics.yml",
        "digest/site/templates/entry.md.j2",
        "digest/site/assets/digest.css",
    } <= names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert any(n.endswith("licenses/digest/citations/apa.csl.NOTICE") for n in names)


def test_the_installed_wheel_builds_a_copy_of_the_demo(installed: Path, tmp_path: Path) -> None:
    project = copy_demo(tmp_path / "my-digest")
    run(installed / "digest", "check", cwd=project)
    run(installed / "digest", "build", "--quiet", "--site-dir", "site", cwd=project)
    home = (project / "site" / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home  # digest's template
    entry = project / "site" / "entries" / "2019-05-elliott-empathy-outcome" / "index.html"
    assert '<meta name="citation_title"' in entry.read_text("utf-8")
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()


def test_the_installed_wheel_prints_the_published_schema(installed: Path, tmp_path: Path) -> None:
    printed = run(installed / "digest", "schema", cwd=tmp_path).stdout
    published = (REPO / "schema" / "entry.schema.json").read_text("utf-8")
    assert json.loads(printed) == json.loads(published)
    assert shutil.which("digest", path=str(installed))


def test_init_then_build_with_only_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    from test_init import URL, assert_whole_site

    empty = tmp_path / "empty"
    empty.mkdir()
    digest = installed / "digest"
    run(digest, "init", "new-digest", "--name", "Counselling Notes", "--url", URL, cwd=empty)
    project = empty / "new-digest"
    run(digest, "check", "--strict", cwd=project)
    run(digest, "build", "--strict", "--quiet", cwd=project)
    assert_whole_site(project / "site")
    printed = run(digest, "schema", cwd=project).stdout
    assert json.loads(printed) == json.loads((project / "schema/entry.schema.json").read_text())
