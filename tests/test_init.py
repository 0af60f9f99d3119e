"""`digest init`: a new project from nothing builds a whole site; its vocabularies are
its own; a minimal mkdocs.yml gets digest's wiring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from conftest import copy_demo

from digest.cli import cli
from digest.entries.vocab import SHIPPED, use_project

URL = "https://notes.example.org/"
LEARNING = Path(__file__).parent / "vocabularies" / "learning"


@pytest.fixture(autouse=True)
def shipped_vocabulary_after() -> object:
    """Each command opens its project's vocabulary: put digest's own back afterwards."""
    yield
    use_project(Path("/nonexistent"))


def run(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def init(folder: Path) -> Path:
    result = run("init", folder, "--name", "Counselling Notes", "--url", URL)
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_a_project_that_checks_and_builds(tmp_path: Path) -> None:
    root = init(tmp_path / "notes")
    assert {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} >= {
        "mkdocs.yml",
        "README.md",
        ".gitignore",
        "requirements.txt",
        ".vscode/settings.json",
        ".github/workflows/pages.yml",
        ".github/workflows/check.yml",
        "bib/references.bib",
        "entries/2019/2019-05-elliott-empathy-outcome.yaml",
        "schema/entry.schema.json",
        "site_src/home.md",
        "site_src/about.md",
        "vocabulary/topics.yml",
    }
    assert 'site_name: "Counselling Notes"\n' in (root / "mkdocs.yml").read_text("utf-8")
    assert {"build/", "site/", "mail/"} <= set((root / ".gitignore").read_text().split())
    assert run("check", "--strict", "--project", root).exit_code == 0
    result = run("build", "--strict", "--project", root, "--site-dir", root / "site")
    assert result.exit_code == 0, result.output
    assert_whole_site(root / "site")


def assert_whole_site(site: Path) -> None:
    """The page kinds and furniture a digest has: the checks the demo passes too."""
    entry = site / "entries" / "2019-05-elliott-empathy-outcome" / "index.html"
    soup = BeautifulSoup(entry.read_text("utf-8"), "html.parser")
    assert soup.select_one('meta[name="citation_title"]')["content"].startswith("Therapist")
    assert soup.select_one('meta[property="og:image"]')["content"].startswith(URL + "share/")
    assert soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert soup.select_one("h2#cite") and (entry.parent / "study.bib").is_file()
    assert "digest-search.js" in entry.read_text("utf-8")
    for page in (
        "index.html",
        "topics/empathy/index.html",
        "2019/05/index.html",
        "archive/index.html",
        "evidence/index.html",
        "about/index.html",
    ):
        assert (site / page).is_file(), page
    topic = BeautifulSoup((site / "topics/empathy/index.html").read_text("utf-8"), "html.parser")
    assert topic.select_one("figure.digest-chart svg")
    assert (site / "atom.xml").is_file() and (site / "evidence.duckdb").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "share" / "site.png").is_file()


def test_init_asks_for_the_name_and_address(tmp_path: Path) -> None:
    result = run("init", tmp_path / "asked", input="Teaching Digest\nhttps://t.example.org\n")
    assert result.exit_code == 0, result.output
    config = (tmp_path / "asked" / "mkdocs.yml").read_text("utf-8")
    assert 'site_name: "Teaching Digest"' in config
    assert 'site_url: "https://t.example.org/"' in config


def test_init_refuses_a_folder_in_use_and_a_bad_address(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    result = run("init", tmp_path / "used", "--name", "X", "--url", URL)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "used: not empty; digest init writes a new project into an empty folder\n"
    )
    assert not (tmp_path / "used" / "mkdocs.yml").exists()
    result = run("init", tmp_path / "new", "--name", "X", "--url", "notes.example.org")
    assert result.exit_code == 1
    assert "--url: 'notes.example.org' is not an http(s) address" in result.stderr


def learning_project(tmp_path: Path) -> Path:
    """A new project whose vocabulary is a small one about how practitioners learn."""
    root = init(tmp_path / "learning")
    for name in ("topics.yml", "research_types.yml", "instruments.yml"):
        shutil.copy(LEARNING / name, root / "vocabulary" / name)
    (root / "vocabulary" / "synonyms.yml").unlink()
    (root / "site_src" / "topics" / "empathy.md").unlink()
    return root


def test_a_project_vocabulary_replaces_the_shipped_one(tmp_path: Path) -> None:
    root = learning_project(tmp_path)
    listed = run("topics", "--project", root, "--format", "csv").output
    assert "Performance Feedback" in listed and "Empathy" not in listed
    schema = json.loads(run("schema", "--project", root).output)
    assert "Deliberate Practice" in json.dumps(schema)
    assert "Empathy" not in json.dumps(schema)
    # The example entry's topics are psychotherapy's: here they are unknown.
    result = run("check", "--project", root)
    assert result.exit_code == 1
    assert "topics[0]: unknown topic 'Empathy'" in result.output


def test_a_project_with_its_own_vocabulary_builds(tmp_path: Path) -> None:
    root = learning_project(tmp_path)
    (root / "entries" / "2019" / "2019-05-elliott-empathy-outcome.yaml").unlink()
    (root / "entries" / "2022").mkdir()
    shutil.copy(LEARNING / "entry.yaml", root / "entries/2022/2022-10-delgadillo-feedback-gap.yaml")
    shutil.copy(LEARNING / "references.bib", root / "bib" / "references.bib")
    result = run("build", "--strict", "--project", root, "--site-dir", root / "site")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / "topics" / "performance-feedback" / "index.html").is_file()
    assert (site / "types" / "cluster-trial" / "index.html").is_file()
    assert (site / "entries" / "2022-10-delgadillo-feedback-gap" / "index.html").is_file()
    assert not (site / "topics" / "empathy").exists()
    listing = (site / "topics" / "index.html").read_text("utf-8")
    assert "Supervision and Mentoring" in listing
    assert SHIPPED.joinpath("topics.yml").is_file()


def test_a_minimal_mkdocs_yml_gets_digests_wiring(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "minimal")
    (root / "mkdocs.yml").write_text("site_name: Minimal\ntheme:\n  name: material\n")
    result = run("build", "--project", root, "--site-dir", root / "site", "--site-url", URL)
    assert result.exit_code == 0, result.output
    assert_whole_site(root / "site")
    home = (root / "site" / "index.html").read_text("utf-8")
    assert "entries/2019-05" not in BeautifulSoup(home, "html.parser").select_one("nav").text
    assert not (root / "site" / "search" / "search_index.json").exists()


def test_another_theme_is_refused_with_the_line_to_write(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "other")
    (root / "mkdocs.yml").write_text("site_name: Other\ntheme:\n  name: readthedocs\n")
    result = run("build", "--project", root, "--site-dir", root / "site")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "mkdocs.yml: theme: 'readthedocs' cannot show digest's pages; write theme: "
        "{name: material} (digest's pages are made for Material for MkDocs)\n"
    )
