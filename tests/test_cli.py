"""The digest command through click's CliRunner: exit codes and exact output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO_NOTES, ENTRY_NAME, REPO, copy_demo

from digest.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def demo_effect_count() -> int:
    files = REPO.glob("entries/**/*.yaml")
    return sum(len(yaml.safe_load(p.read_text("utf-8")).get("effects", [])) for p in files)


def test_check_demo_is_clean(demo: Path) -> None:
    assert run("check") == (0, DEMO_NOTES, "11 entries checked: no errors, 2 notes.\n")


def test_check_one_file(project: Path) -> None:
    code, out, err = run("check", f"entries/2020/{ENTRY_NAME}")
    assert (code, out, err) == (0, "", "1 entry checked: no errors.\n")


def test_check_one_bib_file_reports_only_its_problems(project: Path) -> None:
    (project / "bib" / "broken.bib").write_text("@article{x, title = {T}}\n", "utf-8")
    (project / "elsewhere.bib").write_text("@article{y, year = {2020}}\n", "utf-8")
    assert run("check", "bib/refs.bib") == (0, "", "0 entries checked: no errors.\n")
    code, out, err = run("check", "bib/broken.bib", "elsewhere.bib")
    assert code == 1
    assert out.splitlines() == [
        "bib/broken.bib:1: author: entry 'x' has no author",
        "bib/broken.bib:1: year: entry 'x' has no year",
        "elsewhere.bib:1: author: entry 'y' has no author",
        "elsewhere.bib:1: title: entry 'y' has no title",
    ]
    assert err == "Found 4 errors.\n"


def test_check_a_missing_path(project: Path) -> None:
    assert run("check", "entries/nope") == (
        1,
        "entries/nope:1: (file): no such file or folder\n",
        "Found 1 error.\n",
    )


def test_build_with_a_relative_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_demo(tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--project", "demo", "--site-dir", "out", "--quiet"])
    assert result.exit_code == 0, result.output
    # digest's own template is there (a wheel carries it; the demo has no overrides/).
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert (tmp_path / "demo" / "build" / "docs" / "index.md").is_file()


def test_query_json_returns_true_count(demo: Path) -> None:
    code, out, _ = run("query", "select count(*) as n from effects", "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"n": demo_effect_count()}]
    assert demo_effect_count() == 28


def test_query_csv_and_table(demo: Path) -> None:
    sql = "select id, year from entries where year < 2016 order by id"
    assert run("query", sql, "--format", "csv") == (
        0,
        "id,year\n2014-09-elliott-empathy-outcomes,2014\n",
        "",
    )
    code, out, _ = run("query", sql)
    assert code == 0
    assert out.splitlines()[0].split() == ["id", "year"]
    assert out.splitlines()[2].split() == ["2014-09-elliott-empathy-outcomes", "2014"]


def test_bad_sql_is_a_clean_error(demo: Path) -> None:
    code, out, err = run("query", "select * from nowhere")
    assert code == 1
    assert out == ""
    assert err.startswith(
        "Error: query failed: Catalog Error: Table with name nowhere does not exist"
    )


def test_query_refuses_on_invalid_entries(project: Path) -> None:
    path = project / "entries" / "2020" / ENTRY_NAME
    path.write_text(path.read_text("utf-8").replace("[Empathy]", "[Empthy]"), "utf-8")
    code, out, err = run("query", "select 1")
    assert (code, out) == (1, "")
    assert err == (
        f"entries/2020/{ENTRY_NAME}:6: topics[0]: unknown topic 'Empthy'; did you mean 'Empathy'?"
        " (digest topics lists them all)\n"
    )


def test_effects_filters(demo: Path) -> None:
    code, out, _ = run(
        "effects", "--topic", "empathy", "--measure", "r", "--min", "0.2", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["entry_id"], r["value"]) for r in rows] == [
        ("2021-04-cooper-mindfulness-empathy", -0.42),
        ("2021-04-cooper-mindfulness-empathy", 0.28),
        ("2019-05-elliott-empathy-outcome", 0.28),
        ("2014-09-elliott-empathy-outcomes", 0.31),
    ]
    assert (rows[-1]["d"], rows[-1]["r"], rows[-1]["magnitude"]) == (0.65, 0.31, "medium")


def test_effects_by_type_and_alias_topic(demo: Path) -> None:
    code, out, _ = run("effects", "--type", "review-of-meta-analyses", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 10
    code, out, _ = run("effects", "--topic", "Adherance", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_effects_unknown_terms(demo: Path) -> None:
    assert run("effects", "--topic", "Empthy") == (
        1,
        "",
        "Error: --topic: unknown topic 'Empthy'; did you mean 'Empathy'? (digest topics lists them all)\n",
    )
    code, _, err = run("effects", "--measure", "z")
    assert code == 1
    assert err == "Error: --measure: unknown measure 'z' (digest measures lists them all)\n"


def test_db_then_query_the_file(demo: Path) -> None:
    assert run("db", "out/evidence.duckdb") == (0, "", "Wrote 11 entries to out/evidence.duckdb\n")
    code, out, _ = run(
        "query",
        "select count(*) as n from effects",
        "--db",
        "out/evidence.duckdb",
        "--format",
        "csv",
    )
    assert (code, out) == (0, f"n\n{demo_effect_count()}\n")


def test_query_on_a_file_is_read_only(demo: Path) -> None:
    run("db", "evidence.duckdb")
    code, _, err = run("query", "delete from effects", "--db", "evidence.duckdb")
    assert code == 1
    assert "read-only" in err


def test_schema_command_prints_the_published_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert out == (REPO / "schema" / "entry.schema.json").read_text("utf-8")


def test_help_lists_every_command_and_readme_documents_them() -> None:
    code, out, _ = run("--help")
    assert code == 0
    readme = (REPO / "README.md").read_text("utf-8")
    for name in cli.commands:
        assert f"  {name} " in out
        assert re.search(rf"`digest {name}[` ]", readme), name


def test_effects_warns_when_min_is_above_max(demo: Path) -> None:
    code, _, err = run("effects", "--min", "1", "--max", "0.5")
    assert code == 0
    assert err == "warning: --min 1 is above --max 0.5: no effect can match\n"


def test_editors_droppings_are_not_entries(project: Path) -> None:
    folder = project / "entries" / "2020"
    (folder / f".#{ENTRY_NAME}").symlink_to("user@host.1234:1700000000")  # Emacs' lock
    (folder / f"._{ENTRY_NAME}").write_bytes(b"\x00\x05\x16\x07 macOS metadata")
    (project / "entries" / ".git").mkdir()
    (project / "entries" / ".git" / "stash.yaml").write_text("not: an entry\n", "utf-8")
    assert run("check") == (0, "", "1 entry checked: no errors.\n")


def test_an_entry_whose_extension_differs_in_case_is_reported(project: Path) -> None:
    entry = project / "entries" / "2020" / ENTRY_NAME
    entry.rename(entry.with_suffix(".YAML"))
    code, out, _ = run("check")
    assert code == 1
    assert out.splitlines() == [
        "entries:1: (file): no entry files (*.yaml) found",
        "entries/2020/2020-01-smith-alliance.YAML:1: (file): '.YAML' is not read; rename it "
        "to '.yaml' (digest reads .yaml and .yml)",
    ]
