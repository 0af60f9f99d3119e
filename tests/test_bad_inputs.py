"""Each kind of bad entry gives one exact `path:line: field: message`, exit 1, no changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENTRY, ENTRY_NAME, tree_digest

from digest.cli import cli

FILE = f"entries/2020/{ENTRY_NAME}"

CASES = [
    (
        "malformed-yaml",
        ENTRY.replace("title: A Test Entry", "title: [unclosed"),
        "4: (file): invalid YAML: expected ',' or ']', but got ':'"
        " (while parsing a flow sequence at line 3)",
    ),
    (
        "list-instead-of-mapping",
        "- id: 2020-01-smith-alliance\n- issue: 2020-01\n",
        "1: (file): expected a mapping of fields, found a list",
    ),
    (
        "list-where-effect-mapping-belongs",
        ENTRY.split("effects:")[0] + "effects:\n  - [alliance, r, 0.28]\n",
        "10: effects[0]: expected a mapping of fields, got a list",
    ),
    (
        "unknown-key",
        ENTRY.replace("outcome: outcome", "outcme: outcome"),
        "11: effects[0].outcme: unknown field; did you mean 'outcome'?",
    ),
    (
        "unknown-topic",
        ENTRY.replace("[Empathy]", "[Empthy]"),
        "6: topics[0]: unknown topic 'Empthy'; did you mean 'Empathy'?",
    ),
    (
        "unknown-research-type",
        ENTRY.replace("type: meta-analysis", "type: meta analysis"),
        "5: type: unknown research type 'meta analysis'; did you mean 'meta-analysis'?",
    ),
    (
        "duplicate-field",
        ENTRY + "title: Again\n",
        "18: title: this field appears twice",
    ),
    (
        "id-not-file-name",
        ENTRY.replace("id: 2020-01-smith-alliance", "id: 2020-01-smith-alliances"),
        "1: id: id '2020-01-smith-alliances' does not match the file name '2020-01-smith-alliance'",
    ),
    (
        "month-not-yyyy-mm",
        ENTRY.replace("issue: 2020-01", "issue: 2020-13"),
        "2: issue: expected YYYY-MM, got '2020-13'",
    ),
    (
        "month-is-a-date",
        ENTRY.replace("issue: 2020-01", "issue: 2020-01-15"),
        "2: issue: expected YYYY-MM, got the date 2020-01-15 (quote it)",
    ),
    (
        "r-above-one",
        ENTRY.replace("value: 0.28", "value: 1.28").replace("    ci: [0.22, 0.33]\n", ""),
        "13: effects[0].value: 1.28 is outside the range of r (-1 to 1)",
    ),
    (
        "ci-outside-measure-range",
        ENTRY.replace("value: 0.28", "value: 0.9").replace("ci: [0.22, 0.33]", "ci: [0.8, 1.1]"),
        "14: effects[0].ci: [0.8, 1.1] is outside the range of r (-1 to 1)",
    ),
    (
        "icc-above-one",
        ENTRY.replace("measure: r", "measure: ICC")
        .replace("value: 0.28", "value: 11")
        .replace("    ci: [0.22, 0.33]\n", ""),
        "13: effects[0].value: 11 is outside the range of ICC (0 to 1)",
    ),
    (
        "ci-misses-estimate",
        ENTRY.replace("ci: [0.22, 0.33]", "ci: [0.30, 0.40]"),
        "14: effects[0].ci: CI [0.3, 0.4] does not contain the estimate 0.28",
    ),
    (
        "ci-low-above-high",
        ENTRY.replace("ci: [0.22, 0.33]", "ci: [0.33, 0.22]"),
        "14: effects[0].ci: CI low 0.33 is above CI high 0.22",
    ),
    (
        "negative-k",
        ENTRY.replace("k: 82", "k: -82"),
        '15: effects[0].k: expected a whole number of at least 1, or a lower bound such as "300+",'
        " got -82",
    ),
    (
        "negative-n",
        ENTRY.replace("n: 6138", "n: -5"),
        '16: effects[0].n: expected a whole number of at least 1, or a lower bound such as "300+",'
        " got -5",
    ),
    (
        "p-above-one",
        ENTRY.replace("p: 0.01", "p: 1.5"),
        '17: effects[0].p: expected a number between 0 and 1, or a bound such as "<.001", got 1.5',
    ),
    (
        "missing-required-field",
        ENTRY.replace("summary: Some text.\n", ""),
        "1: summary: required field is missing",
    ),
    (
        "missing-bib-key",
        ENTRY.replace("cite: smith2020alliance", "cite: smith2020aliance"),
        "4: cite: no BibTeX entry 'smith2020aliance' in bib/*.bib;"
        " did you mean 'smith2020alliance'?",
    ),
    (
        "unknown-measure",
        ENTRY.replace("measure: r", "measure: rr"),
        "12: effects[0].measure: unknown measure 'rr'; did you mean 'RR'?",
    ),
    (
        "sign-of-t-differs",
        ENTRY.replace("p: 0.01", "p: 0.01\n    t: -2.5\n    df: 80"),
        "18: effects[0].t: t = -2.5 and the estimate 0.28 differ in sign (a lost minus?)",
    ),
    (
        "value-and-range",
        ENTRY.replace("value: 0.28", "value: 0.28\n    range: [0.2, 0.3]"),
        "14: effects[0].range: give either value or range, not both",
    ),
    ("empty-file", "", "1: (file): the file is empty"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_entry_gives_one_exact_line(project: Path, text: str, expected: str) -> None:
    (project / FILE).write_text(text, encoding="utf-8")
    before = tree_digest(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{FILE}:{expected}"]
    assert result.stderr == "Found 1 error.\n"
    assert "Traceback" not in result.output
    assert tree_digest(project) == before


def test_non_utf8_file_names_the_line(project: Path) -> None:
    text = ENTRY.replace("Other text.", "Caf\xe9 au lait.")
    (project / FILE).write_bytes(text.encode("latin-1"))
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout == f"{FILE}:8: (file): the file is not UTF-8 text; save it as UTF-8\n"


def test_future_month(project: Path) -> None:
    name = "entries/2020/2099-01-smith-alliance.yaml"
    (project / FILE).unlink()
    text = ENTRY.replace("2020-01", "2099-01")
    (project / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout == f"{name}:2: issue: issue month 2099-01 is in the future\n"


def test_duplicate_id_names_both_files(project: Path) -> None:
    (project / "entries" / "other").mkdir()
    (project / "entries" / "other" / ENTRY_NAME).write_text(ENTRY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"entries/other/{ENTRY_NAME}:1: id: id '2020-01-smith-alliance' is also used by {FILE}:1\n"
    )


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
    assert result.stderr == "Found 3 errors.\n"


def test_an_entries_folder_with_no_entries(project: Path) -> None:
    (project / FILE).unlink()
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stdout == "entries:1: (file): no entry files (*.yaml) found\n"


def test_alias_bomb_is_refused_quickly(project: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (project / FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "more than 50,000 values (an alias bomb?)" in result.stdout
