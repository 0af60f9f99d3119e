"""Prose lint in digest check, and digest extract: effect sizes in summaries that
effects: lacks are warnings with their line; --strict makes them errors."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import DEMO_NOTES, ENTRY, ENTRY_NAME, SITE_URL, tree_digest

from digest.cli import cli

ELLIOTT = "entries/2019/2019-05-elliott-empathy-outcome.yaml"
LAST_SENTENCE = "therapist's empathy and weakest when therapists rated their own."


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def add_to_summary(project: Path, words: str) -> None:
    path = project / ELLIOTT
    text = path.read_text("utf-8")
    assert LAST_SENTENCE in text
    path.write_text(text.replace(LAST_SENTENCE, LAST_SENTENCE + words), "utf-8")


def line_of(project: Path, words: str) -> int:
    lines = (project / ELLIOTT).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if words in line)


def test_demo_prose_is_covered_by_its_effects(demo: Path) -> None:
    """Elliott's "d = .58" is its r = .28 converted; Norcross's four d values are listed."""
    expected = (0, DEMO_NOTES, "11 entries checked: no errors, 2 notes.\n")
    assert run("check", "--strict") == expected


def test_an_effect_missing_from_effects_is_a_warning_with_its_line(demo: Path) -> None:
    add_to_summary(demo, "\n  Self-rated empathy was weaker\n  (r = .18, k = 20).")
    before = tree_digest(demo)
    code, out, err = run("check")
    assert code == 0
    assert out == (
        f"{ELLIOTT}:{line_of(demo, 'r = .18')}: summary: warning: the text gives 'r = .18', "
        "but no effect under effects has it (add it, or quote it in an effect's note; "
        "digest extract prints it as YAML)\n" + DEMO_NOTES
    )
    assert err == "11 entries checked: no errors, 1 warning, 2 notes.\n"
    code, out2, err = run("check", "--strict")
    assert (code, out2, err) == (1, out, "Found 1 warning (--strict fails on warnings).\n")
    assert tree_digest(demo) == before


def test_a_statistic_split_across_lines_is_found_at_its_first_line(demo: Path) -> None:
    add_to_summary(demo, " Another estimate was ICC =\n  .05.")
    code, out, _ = run("check")
    assert code == 0
    assert out.startswith(f"{ELLIOTT}:{line_of(demo, 'ICC =')}: summary: warning: ")
    assert "'ICC = .05'" in out


def test_listed_converted_or_noted_statistics_are_not_warned_about(demo: Path) -> None:
    path = demo / ELLIOTT
    data = yaml.safe_load(path.read_text("utf-8"))
    # The r of .28 converts to a d of .58; the note quotes "g = .51"; ".28" is listed.
    add_to_summary(demo, " It was r = .28 (d = .58), or g = .51 in another report.")
    text = path.read_text("utf-8").replace(
        data["effects"][0]["note"], data["effects"][0]["note"] + "; g = .51 elsewhere"
    )
    path.write_text(text, "utf-8")
    assert run("check", "--strict")[0] == 0


def test_a_lone_p_value_is_warned_about(demo: Path) -> None:
    add_to_summary(demo, " The difference was reliable, p < .001.")
    code, out, _ = run("check")
    assert code == 0
    assert "the text gives 'p < .001', but no effect under effects has that p value" in out


def test_a_md_link_in_prose_is_warned_about(demo: Path) -> None:
    add_to_summary(demo, " See [the topic](../topics/empathy.md).")
    code, out, _ = run("check")
    assert code == 0
    assert "summary: warning: the link to '../topics/empathy.md' is not checked" in out
    add_to_summary(demo, " See [a site](https://example.org/page.md).")
    assert out == run("check")[1]


def test_build_prints_prose_warnings_and_strict_build_refuses(demo: Path) -> None:
    add_to_summary(demo, " (d = .99)")
    code, _, err = run("build", "--strict", "--site-dir", "site", "--site-url", SITE_URL)
    assert code == 1
    assert "summary: warning: the text gives 'd = .99'" in err
    assert not (demo / "site").exists()


CHECK_THE_MARKS = (
    "Check each predictor and outcome marked 'check', then delete the mark:"
    " digest check --strict fails while one is left.\n"
)


def test_extract_prints_yaml_ready_to_paste(demo: Path) -> None:
    text = (
        "Across 82 samples with 6,138 clients, empathy was moderately related to outcome "
        "(r = .28, 95% CI [.22, .33]). The model gave b = 0.77, t = 1.98, df = 507, p = .048."
    )
    code, out, err = run("extract", "-", stdin=text)
    assert code == 0
    assert err == f"2 effect sizes found.\n{CHECK_THE_MARKS}"
    assert yaml.safe_load(out) == [
        {
            "predictor": "empathy",
            "outcome": "outcome",
            "measure": "r",
            "value": 0.28,
            "ci": [0.22, 0.33],
            "k": 82,
            "n": 6138,
        },
        {"predictor": None, "measure": "b", "value": 0.77, "t": 1.98, "df": 507, "p": 0.048},
    ]
    assert "# from 'r = .28': check" in out
    assert "does not say what it is of: write it" in out


def test_extract_reads_a_file_and_reports_damage(demo: Path) -> None:
    page = demo / "page.txt"
    page.write_text("Distress fell (r = .42, 95% CI [−.50, −.33]). Overall, p < .001.", "utf-8")
    code, out, err = run("extract", str(page))
    assert code == 0
    assert out.splitlines()[0] == "# the minus sign had been lost; restored from the CI"
    assert yaml.safe_load(out)[0]["value"] == -0.42
    assert out.splitlines()[-1] == "# 'p < .001' has no effect size beside it"
    assert err == f"1 effect size found.\n{CHECK_THE_MARKS}"


def test_extract_with_nothing_to_find(demo: Path) -> None:
    assert run("extract", "-", stdin="No numbers here, only 2019 and 95% of people.") == (
        0,
        "",
        "0 effect sizes found.\n",
    )


def test_extract_refuses_text_that_is_not_utf8(demo: Path) -> None:
    page = demo / "latin1.txt"
    page.write_bytes("Caf\xe9 r = .3".encode("latin-1"))
    code, out, err = run("extract", "latin1.txt")
    assert (code, out) == (1, "")
    assert err == "Error: latin1.txt: not UTF-8 text; save it as UTF-8\n"
    assert run("extract", "missing.txt")[0] == 2


def test_an_interval_the_effects_list_otherwise_is_a_warning_with_both_lines(demo: Path) -> None:
    add_to_summary(demo, "\n  The pooled r = .28, 95% CI [.20, .33], held up.")
    code, out, _ = run("check", str(demo / ELLIOTT))
    assert code == 0
    listed = line_of(demo, "ci: [0.22, 0.33]")
    assert out == (
        f"{ELLIOTT}:{line_of(demo, 'r = .28, 95% CI [.20')}: summary: warning: the text gives "
        f"'r = .28' with [0.2, 0.33], but effects[0] lists [0.22, 0.33] (line {listed}); "
        "which is right?\n"
    )


def test_an_interval_excluding_its_estimate_is_a_warning(demo: Path) -> None:
    add_to_summary(demo, "\n  One trial found d = .40, 95% CI [.50, .90].")
    code, out, _ = run("check", str(demo / ELLIOTT))
    assert code == 0
    assert (
        "summary: warning: the text gives 'd = .40' with [0.5, 0.9], an interval that "
        "excludes its own estimate\n"
    ) in out


def test_check_strict_fails_while_extract_marks_remain(project: Path) -> None:
    entry = project / "entries" / "2020" / ENTRY_NAME
    marked = ENTRY.replace(
        "  - predictor: alliance\n", "  - predictor: alliance  # from 'r = .28': check\n"
    )
    entry.write_text(marked, "utf-8")
    code, out, _ = run("check", "--strict")
    assert code == 1
    assert out == (
        f"entries/2020/{ENTRY_NAME}:10: effects[0].predictor: warning: extract's mark"
        " '# from 'r = .28': check' is still here: check the predictor and outcome against"
        " the study, then delete the comment\n"
    )
    assert run("check")[0] == 0
    entry.write_text(ENTRY, "utf-8")
    assert run("check", "--strict")[0] == 0


def test_extract_says_how_many_estimates_only_restate_another(demo: Path) -> None:
    code, out, err = run(
        "extract", "-", stdin="Empathy was related to outcome (r = .28), that is d = .58."
    )
    assert code == 0
    assert out.splitlines()[-1] == "# 'd = .58' is 'r = .28' converted: not listed again"
    assert err == f"1 effect size found; 1 more only restates one of them.\n{CHECK_THE_MARKS}"


def test_extract_of_a_new_entry_reads_its_summary_only(project: Path) -> None:
    """The template's comments ("such as 24 adults", "n: 6138") are no one's N."""
    code, path, _ = run("new", "smith2020alliance", "--issue", "2020-02")
    entry = project / path.strip()
    text = entry.read_text("utf-8").replace(
        "summary: |  #",
        "summary: |\n  Feedback had a small effect on symptoms (d = 0.15, 95% CI [0.10, 0.20]).\n#",
    )
    entry.write_text(text, "utf-8")
    code, out, _ = run("extract", str(entry))
    assert (code, yaml.safe_load(out)) == (
        0,
        [
            {
                "predictor": "feedback",
                "outcome": "symptoms",
                "measure": "d",
                "value": 0.15,
                "ci": [0.1, 0.2],
            }
        ],
    )
