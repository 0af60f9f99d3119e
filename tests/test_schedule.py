"""Drafts and issues of months to come: checked, left out of the site, feeds and downloads
unless asked for, marked on their pages where they are shown, and sent as a newsletter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import SITE_URL, make_entry

from digest.cli import cli
from digest.common.model import Effect
from digest.entries.schedule import EVERYTHING, PUBLISHED, Showing, months_ahead, shown

SOURCE = "entries/2019/2019-05-elliott-empathy-outcome.yaml"
TODAY = date.today()


def next_month(today: date = TODAY) -> str:
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def this_month(today: date = TODAY) -> str:
    return today.strftime("%Y-%m")


def add_entry(root: Path, issue: str, slug: str, extra: str = "") -> str:
    """A copy of a demo entry under another id and issue month; its id."""
    entry_id = f"{issue}-{slug}"
    text = (root / SOURCE).read_text("utf-8")
    text = text.replace("id: 2019-05-elliott-empathy-outcome", f"id: {entry_id}")
    text = text.replace("issue: 2019-05", f"issue: {issue}") + extra
    folder = root / "entries" / issue[:4]
    folder.mkdir(exist_ok=True)
    (folder / f"{entry_id}.yaml").write_text(text, "utf-8")
    return entry_id


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("issue", "today", "ahead"),
    [
        ("2026-12", date(2026, 11, 30), 1),
        ("2027-01", date(2026, 12, 1), 1),
        ("2026-11", date(2026, 11, 1), 0),
    ],
)
def test_months_ahead(issue: str, today: date, ahead: int) -> None:
    assert months_ahead(issue, today) == ahead


def test_shown_leaves_out_drafts_and_months_to_come_and_links_to_them() -> None:
    today = date(2026, 11, 30)
    published = make_entry(id="2026-11-a", issue="2026-11")
    draft = make_entry(id="2026-11-b", issue="2026-11", draft=True)
    effect = Effect(predictor="x", measure="r", value=0.2, same_data_as="2026-11-b")
    coming = make_entry(id="2026-12-c", issue="2026-12", updates=("2026-11-b",), effects=(effect,))
    entries = [published, draft, coming]
    assert [e.id for e in shown(entries, today)] == ["2026-11-a"]
    assert [e.id for e in shown(entries, today, Showing(drafts=True))] == ["2026-11-a", "2026-11-b"]
    only_future = shown(entries, today, Showing(future=True))
    assert [(e.id, e.scheduled, e.updates) for e in only_future] == [
        ("2026-11-a", False, ()),
        ("2026-12-c", True, ()),
    ]
    assert only_future[1].effects[0].same_data_as == ""
    assert shown(entries, today, EVERYTHING)[2].updates == ("2026-11-b",)
    assert shown(entries, today, PUBLISHED) == [published]


def test_check_notes_a_month_to_come_and_refuses_one_years_away(demo: Path) -> None:
    coming = add_entry(demo, next_month(), "coming")
    code, out, _ = run("check", "--strict")
    assert code == 0, out
    path = f"entries/{coming[:4]}/{coming}.yaml"
    line = (demo / path).read_text("utf-8").splitlines().index(f"issue: {next_month()}") + 1
    assert (
        f"{path}:{line}: issue: note: issue month {next_month()} is still"
        " to come: build, feeds and downloads leave this entry out until then"
        " (digest build --future includes it)"
    ) in out.splitlines()
    far = f"{TODAY.year + 2}-{TODAY.month:02d}"
    add_entry(demo, far, "far")
    code, out, _ = run("check")
    assert code == 1
    assert f"issue: issue month {far} is more than 12 months ahead; check the year" in out


def test_build_leaves_out_drafts_and_months_to_come_unless_asked(demo: Path) -> None:
    coming = add_entry(demo, next_month(), "coming")
    draft = add_entry(demo, this_month(), "draft", "draft: true\n")
    code, _, err = run("build", "-q", "--site-dir", "site", "--site-url", SITE_URL)
    assert code == 0, err
    assert err.splitlines()[-2:] == [
        "Left out 1 draft entry (--drafts includes them).",
        "Left out 1 scheduled entry (--future includes them).",
    ]
    published = demo / "site"
    for entry_id in (coming, draft):
        assert not (published / "entries" / entry_id).exists()
        for feed in ("atom.xml", "rss.xml", "topic-empathy.atom.xml"):
            assert entry_id not in (published / feed).read_text("utf-8")
        assert entry_id not in (published / "evidence.csv").read_text("utf-8")
    args = ("build", "-q", "--site-dir", "preview", "--drafts", "--future")
    assert run(*args, "--site-url", SITE_URL)[0] == 0
    banners = {
        entry_id: BeautifulSoup(
            (demo / "preview" / "entries" / entry_id / "index.html").read_text("utf-8"),
            "html.parser",
        ).select_one(".digest-unpublished")
        for entry_id in (coming, draft)
    }
    assert banners[draft] is not None and banners[draft].strong.text == "Draft"
    assert banners[coming] is not None and banners[coming].strong.text == "Scheduled"
    assert coming in (demo / "preview" / "atom.xml").read_text("utf-8")


def test_newsletter_of_the_coming_month_leaves_drafts_out(demo: Path) -> None:
    coming = add_entry(demo, next_month(), "coming")
    add_entry(demo, next_month(), "draft", "draft: true\n")
    code, _, err = run("newsletter", next_month(), "--out", "mail", "--site-url", SITE_URL)
    assert code == 0, err
    text = (demo / "mail" / f"newsletter-{next_month()}.txt").read_text("utf-8")
    assert f"entries/{coming}/" in text
    assert "-draft/" not in text
