"""Every bad input in tests/bad_inputs/ gives exact `path:line: field: message` lines, exit 1.

bad_inputs/expected.yml lists the cases: a file of that folder, or a recipe for what cannot
be a small committed file (a 10 MB field, a folder, a link, a pipe); where it goes in a
fresh project (the `project` fixture: one valid entry and bib/refs.bib); and the exact
lines `digest check` prints. A .yaml case replaces the valid entry and a .bib case joins
bib/, unless `at` says where.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import ENTRY, ENTRY_NAME, tree_digest

from digest.cli import cli

CORPUS = Path(__file__).parent / "bad_inputs"
MANIFEST = CORPUS / "expected.yml"
FILE = f"entries/2020/{ENTRY_NAME}"
PROBLEM_LINE = re.compile(r"^[^:]+:[1-9][0-9]*: [^ :]+: \S.*$")
SECRET = "password: hunter2\n"
MEMORY_LIMIT = 600 * 2**20


@dataclass(frozen=True)
class Case:
    name: str
    at: str
    expect: list[str]
    make: str | None = None
    frame: tuple[str, ...] = ()


def read_cases() -> list[Case]:
    manifest = yaml.safe_load(MANIFEST.read_text("utf-8"))
    return [
        Case(
            name,
            spec.get("at") or _default_place(name),
            spec["expect"],
            spec.get("make"),
            tuple(spec.get("frame", ())),
        )
        for name, spec in manifest.items()
    ]


def _default_place(name: str) -> str:
    return f"bib/{name}" if name.endswith(".bib") else FILE


CASES = read_cases()
BY_NAME = {case.name: case for case in CASES}


def _remove(target: Path, outside: Path) -> None:
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()


def _link_outside(target: Path, outside: Path) -> None:
    (outside / target.name).write_text(SECRET, encoding="utf-8")
    target.symlink_to(outside / target.name)


RECIPES: dict[str, Callable[[Path, Path], object]] = {
    "folder": lambda target, outside: target.mkdir(),
    "remove": _remove,
    "link-outside": _link_outside,
    "link-loop": lambda target, outside: target.symlink_to(target.name),
    "link-missing": lambda target, outside: target.symlink_to("missing" + target.suffix),
    "pipe": lambda target, outside: os.mkfifo(target),
    "huge-field": lambda target, outside: target.write_text(
        ENTRY.replace("Some text.", "x" * 10_000_000), encoding="utf-8"
    ),
    "nesting-bomb": lambda target, outside: target.write_text(
        "topics: " + "[" * 400_000 + "]" * 400_000 + "\n", encoding="utf-8"
    ),
    "huge-bib": lambda target, outside: target.write_text(
        "@article{huge2020,\n  title = {" + "x" * 10_000_000 + "}\n}\n", encoding="utf-8"
    ),
    "long-bib-field": lambda target, outside: target.write_text(
        "@article{jones2021,\n  author = {Jones, Ann},\n  title = {A title},\n"
        "  year = {2021},\n  abstract = {" + "x" * 25_000 + "}\n}\n",
        encoding="utf-8",
    ),
}


def place(case: Case, project: Path, outside: Path) -> None:
    """Put the case into the project: its file copied to `at`, or its recipe made there."""
    target = project / case.at
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.make:
        RECIPES[case.make](target, outside)
    else:
        target.write_bytes((CORPUS / case.name).read_bytes())


def found(count: int) -> str:
    return f"Found {count} error{'' if count == 1 else 's'}.\n"


def assert_clean_exit(result: Result) -> None:
    """Exit 1 through SystemExit: no exception escaped from the command."""
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    assert "hunter2" not in result.stdout + result.stderr


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project, for links to point into."""
    return tmp_path_factory.mktemp("outside")


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.iterdir()} - {MANIFEST.name}
    assert files == {case.name for case in CASES if case.make is None}
    assert {case.make for case in CASES if case.make} <= set(RECIPES)
    assert len(CASES) >= 40
    for case in CASES:
        assert case.expect, case.name
        assert all(PROBLEM_LINE.match(line) for line in case.expect), case.name


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_gives_exact_lines(case: Case, project: Path, outside: Path) -> None:
    place(case, project, outside)
    before = tree_digest(project)
    result = CliRunner().invoke(cli, ["check"])
    assert_clean_exit(result)
    assert result.stdout.splitlines() == case.expect
    assert result.stderr == "".join(f"{line}\n" for line in case.frame) + found(len(case.expect))
    assert tree_digest(project) == before


BUILD_CASES = [
    "malformed-yaml-unclosed-bracket.yaml",
    "broken-bibtex.bib",
    "folder-named-like-an-entry",
    "link-outside-the-project",
]


@pytest.mark.parametrize("name", BUILD_CASES)
def test_build_refuses_without_writing(name: str, project: Path, outside: Path) -> None:
    case = BY_NAME[name]
    place(case, project, outside)
    before = tree_digest(project)
    result = CliRunner().invoke(cli, ["build", "--site-dir", "site"])
    assert_clean_exit(result)
    assert result.stderr.splitlines() == [*case.expect, *case.frame]
    assert not (project / "site").exists()
    assert tree_digest(project) == before


def _check_within_limits(project: Path, seconds: int) -> subprocess.CompletedProcess[str]:
    """`digest check` in a process with MEMORY_LIMIT of address space and ``seconds``."""
    return subprocess.run(
        [sys.executable, "-m", "digest", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=_limit_memory,
        check=False,
    )


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_bombs_and_huge_files_within_limits(project: Path, outside: Path) -> None:
    """Checked in a process with 600 MB of address space and 30 s: the limits are the test.

    Two sparse files of 2 GB show that size is judged before a file is read.
    """
    cases = [BY_NAME[n] for n in ("billion-laughs.yaml", "nesting-bomb", "ten-megabyte-field")]
    cases.append(BY_NAME["huge-bib"])
    for case in cases:
        place(case, project, outside)
    for name in ("entries/2020/2020-05-sparse.yaml", "bib/sparse.bib"):
        with (project / name).open("wb") as sparse:
            sparse.truncate(2_000_000_000)
    result = _check_within_limits(project, seconds=30)
    expected = [line for case in cases for line in case.expect] + [
        "entries/2020/2020-05-sparse.yaml:1: (file): the file is 2,000.0 MB;"
        " an entry file may be at most 1 MB",
        "bib/sparse.bib:1: (file): the file is 2,000.0 MB; a BibTeX file may be at most 5 MB",
    ]
    assert (result.returncode, result.stderr) == (1, found(len(expected)))
    assert sorted(result.stdout.splitlines()) == sorted(expected)


def test_a_bom_at_the_start_is_accepted(project: Path) -> None:
    """Notepad and other Windows editors start UTF-8 files with one; YAML allows it there."""
    (project / FILE).write_bytes(b"\xef\xbb\xbf" + ENTRY.encode())
    bib = project / "bib" / "refs.bib"
    bib.write_bytes(b"\xef\xbb\xbf" + bib.read_bytes())
    result = CliRunner().invoke(cli, ["check"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_link_inside_the_project_is_read(project: Path) -> None:
    (project / "drafts").mkdir()
    (project / FILE).rename(project / "drafts" / ENTRY_NAME)
    (project / FILE).symlink_to(Path("../../drafts") / ENTRY_NAME)
    result = CliRunner().invoke(cli, ["check"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_every_problem_is_reported_at_once(project: Path) -> None:
    text = ENTRY.replace("[Empathy]", "[Empthy]").replace("p: 0.01", "p: 2")
    (project / FILE).write_text(text, encoding="utf-8")
    second = project / "entries" / "2020" / "2020-02-other.yaml"
    second.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        f"{FILE}:6",
        f"{FILE}:17",
        "entries/2020/2020-02-other.yaml:1",
    ]
    assert result.stderr == found(3)


SLOW_SHAPES = {  # each took 100 s to over 600 s to check when prose was scanned quadratically
    "2020-01-numbers": "r = .11, " * 20_000,
    "2020-02-intervals": "95% CI [.1, " * 20_000,
    "2020-03-brackets": "[(" * 40_000,
    "2020-04-links": "[x](y.md) " * 90_000,
    # 24 s when each part's estimate was sought among all of them (6 s at half the size).
    "2020-05-sentences": "Some words here. r = .5 (k = 5). " * 10_000,
}


def test_prose_shapes_that_were_slow_are_checked_within_the_limit(project: Path) -> None:
    """Five summaries of 80-900 KB, checked in one process given 20 s and 600 MB."""
    for stem, summary in SLOW_SHAPES.items():
        text = ENTRY.replace("2020-01-smith-alliance", stem).replace(
            "issue: 2020-01", f"issue: {stem[:7]}"
        )
        text = text.replace("summary: Some text.\n", f"summary: |\n  {summary}\n")
        (project / "entries" / "2020" / f"{stem}.yaml").write_text(text, "utf-8")
    result = _check_within_limits(project, seconds=20)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Twenty warnings a field, then one line counting the rest.
    assert "summary: warning: and 19,980 more like these in summary (not listed)" in "\n".join(
        lines
    )
    assert any("and 89,980 more like these in summary (not listed)" in line for line in lines)
    assert any("and 9,980 more like these in summary (not listed)" in line for line in lines)
    assert len(lines) == 3 * 21


def test_statistics_against_many_effects_are_checked_within_the_limit(project: Path) -> None:
    """20,000 statistics none of 2,000 effects gives: 32 s when each was compared with
    every effect, given 20 s here."""
    effects = "".join(
        f"  - predictor: p{i}\n    measure: r\n    value: 0.{i % 89 + 10}\n" for i in range(2000)
    )
    text = ENTRY.replace("summary: Some text.\n", f"summary: |\n  {'r = .05, ' * 20_000}\n")
    text = text[: text.index("effects:")] + f"effects:\n{effects}"
    (project / FILE).write_text(text, "utf-8")
    result = _check_within_limits(project, seconds=20)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 21
    assert any(
        line.endswith("and 19,980 more like these in summary (not listed)") for line in lines
    )
