"""A site built from hostile entries carries no executable markup anywhere.

Every text an editor controls gets the same payload (scripts, event handlers,
``javascript:`` and ``data:`` links, frames, styles, attribute break-outs, Markdown
attribute lists), tagged with the field's name. The built site is then parsed file by
file: the tags must show as text, and never as markup that could run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import copy_demo, served

from digest.cli import cli

MARK = "XSS"
OUTSIDE = "evil.example"
ENTRY_ID = "2024-03-hostile-entry"
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster"}
DATA_TYPES = {"application/json", "application/ld+json"}


def payload(field: str) -> str:
    """One line of hostile text for ``field``; each trick names the field it came from."""
    m = f"{MARK}{field}"
    return " ".join(
        [
            f"visible-{m}",
            f'<script>alert("{m}")</script>',
            f"<img src=x onerror=\"alert('{m}')\">",
            f'[click](javascript:alert("{m}"))',
            f"![pic](data:image/svg+xml,{m})",
            f'<a href="data:text/html,{m}">data</a>',
            f'<iframe src="https://evil.example/{m}"></iframe>',
            f"<style>body{{--{m}:1}}</style>",
            f'"><svg onload=alert("{m}")>',
            f'</script><script>alert("{m}")</script>',
            f'<a href="JaVaScRiPt:alert(1)" title="{m}">x</a>',
            f'{{ onclick=alert("{m}") }}',
            f"![pixel-{m}](https://{OUTSIDE}/{m}.png)",
            f'<img src="//{OUTSIDE}/{m}-raw.png" alt="raw-{m}">',
            f'<img src="https:\\\\{OUTSIDE}/{m}-slash.png">',
            f"[Join-{m}](https://{OUTSIDE}/{m}){{ .md-button }}",
        ]
    )


def hostile_entry() -> dict[str, Any]:
    return {
        "id": ENTRY_ID,
        "issue": "2024-03",
        "title": payload("title"),
        "cite": "hostile2024",
        "type": "meta-analysis",
        "topics": ["Empathy"],
        "sample": payload("sample"),
        "summary": f"{payload('summary')}\n\nA second paragraph.\n",
        "effects": [
            {
                "predictor": payload("predictor"),
                "outcome": payload("outcome"),
                "measure": "r",
                "value": 0.3,
                "k": 10,
                "note": payload("note"),
            },
            {"predictor": "empathy", "outcome": "outcome", "measure": "d", "value": 0.5, "k": 4},
        ],
        "implications": f"{payload('implications')}\n",
    }


def bib_value(field: str) -> str:
    return payload(field).replace("\\", "")


HOSTILE_BIB = f"""
@article{{hostile2024,
  author  = {{{bib_value("author")} and Second, Author}},
  title   = {{{bib_value("citetitle")}}},
  journal = {{{bib_value("journal")}}},
  volume  = {{{bib_value("volume")}}},
  pages   = {{1--2}},
  year    = {{2024}},
  url     = {{javascript:alert("{MARK}url")}}
}}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("hostile"))
    entry = root / "entries" / "2024" / f"{ENTRY_ID}.yaml"
    entry.parent.mkdir()
    entry.write_text(yaml.safe_dump(hostile_entry(), allow_unicode=True), encoding="utf-8")
    with (root / "bib" / "hostile.bib").open("w", encoding="utf-8") as bib:
        bib.write(HOSTILE_BIB)
    (root / "site_src" / "topics" / "empathy.md").write_text(payload("topicintro"), "utf-8")
    (root / "site_src" / "types" / "meta-analysis.md").write_text(payload("typeintro"), "utf-8")
    (root / "site_src" / "home.md").write_text(payload("homeintro"), encoding="utf-8")
    args = ["build", "--project", str(root), "--site-dir", str(root / "site")]
    result = CliRunner().invoke(cli, [*args, "--site-url", "https://digest.example.org/"])
    assert result.exit_code == 0, result.output
    return root / "site"


def unsafe_markup(html: str) -> list[str]:
    """What in an HTML document could run: scripts, handlers, frames, unsafe URLs."""
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        found += _unsafe_tag(tag)
    return found


def _unsafe_tag(tag: Tag) -> list[str]:
    found = [f"<{tag.name}>"] if tag.name in FORBIDDEN_TAGS else []
    if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
        found.append("<meta http-equiv=refresh>")
    # The theme's own forms (the colour-scheme toggle) are fine; one an editor made, or
    # one that sends to another site, is not.
    if tag.name == "form" and (MARK in str(tag) or _leaves_site(str(tag.get("action", "")))):
        found.append("<form> from editor text or to another site")
    if tag.name == "style" and MARK in tag.get_text():
        found.append("<style> with editor text")
    if tag.name == "script":
        found += _unsafe_script(tag)
    for name, value in tag.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if name.lower().startswith("on"):
            found.append(f"<{tag.name} {name}>")
        if name.lower() == "style" and MARK in text:
            found.append(f"<{tag.name} style> with editor text")
        if name.lower() in URL_ATTRIBUTES and _unsafe_url(text):
            found.append(f"<{tag.name} {name}={text[:40]!r}>")
    return found


def _unsafe_script(tag: Tag) -> list[str]:
    kind = str(tag.get("type", "")).lower()
    if kind in DATA_TYPES:
        try:
            json.loads(tag.get_text())
        except ValueError:
            return [f"<script type={kind}> that is not JSON (broken out of?)"]
        return []
    source = str(tag.get("src", ""))
    if re.match(r"^([a-z][a-z0-9+.-]*:|//)", source, re.IGNORECASE):
        return [f"<script src={source!r}> from another site"]
    return [f"<script> with editor text: {tag.get_text()[:60]!r}"] if MARK in tag.get_text() else []


def _leaves_site(url: str) -> bool:
    return re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE) is not None


def _unsafe_url(url: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def test_the_checker_finds_live_markup() -> None:
    live = payload("probe")
    assert len(unsafe_markup(f"<p>{live}</p>")) >= 6
    assert unsafe_markup('<script type="application/ld+json">{"a": "</script>') != []
    assert unsafe_markup('<p>&lt;script&gt;alert("XSSx")&lt;/script&gt;</p>') == []
    assert unsafe_markup('<form action="https://evil.example/"></form>') != []
    assert unsafe_markup('<form data-md-component="palette"></form>') == []


def test_no_page_of_the_hostile_site_holds_executable_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    problems = {
        p.relative_to(hostile_site).as_posix(): found
        for p in pages
        if (found := unsafe_markup(p.read_text(encoding="utf-8")))
    }
    assert problems == {}


FIELDS_ON_THE_ENTRY_PAGE = [
    "title",
    "sample",
    "summary",
    "implications",
    "predictor",
    "outcome",
    "note",
    "author",
    "citetitle",
    "journal",
]


def test_the_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    html = (hostile_site / "entries" / ENTRY_ID / "index.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, "html.parser").get_text()
    for field in FIELDS_ON_THE_ENTRY_PAGE:
        # APA style sets a journal's name in title case.
        assert f"visible-{MARK}{field}".lower() in text.lower(), field
    assert f'<script>alert("{MARK}title")</script>' in text
    topic = (hostile_site / "topics" / "empathy" / "index.html").read_text(encoding="utf-8")
    assert f"visible-{MARK}topicintro" in BeautifulSoup(topic, "html.parser").get_text()


def test_links_in_editor_text_keep_safe_urls_and_get_noopener(hostile_site: Path) -> None:
    html = (hostile_site / "entries" / ENTRY_ID / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    prose = soup.select(".digest-prose a")
    assert prose, "the payload's links are kept, without their unsafe URLs"
    assert all("noopener" in (a.get("rel") or []) for a in prose)
    kept = [str(a["href"]) for a in prose if a.get("href")]
    assert kept, "the links to another host keep their address"
    assert all(href.startswith(("https://", "//")) and OUTSIDE in href for href in kept)


def test_the_feeds_carry_only_clean_html(hostile_site: Path) -> None:
    feeds = [hostile_site / "atom.xml", hostile_site / "rss.xml"]
    feeds += sorted((hostile_site / "topics").glob("*/atom.xml"))
    for feed in feeds:
        texts = [e.text or "" for e in ElementTree.parse(feed).iter() if _holds_html(e)]
        assert any(f"visible-{MARK}summary" in t for t in texts), feed
        assert [f for t in texts if (f := unsafe_markup(t))] == [], feed


def _holds_html(element: ElementTree.Element) -> bool:
    """Atom elements typed html, and RSS descriptions, which readers render as HTML."""
    return element.get("type") == "html" or element.tag == "description"


def test_the_explorer_data_is_json_with_the_text_as_data(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "evidence" / "effects.json").read_text(encoding="utf-8"))
    assert f"visible-{MARK}predictor" in json.dumps(data)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served(hostile_site) as url:
        yield url


HOSTILE_PAGES = [
    "",
    f"entries/{ENTRY_ID}/",
    "topics/empathy/",
    "types/meta-analysis/",
    "2024/03/",
    "archive/",
    f"evidence/?q={MARK}",
    "search/?q=visible",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_a_browser_asks_nothing_of_another_host(page: Any, hostile_url: str, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{hostile_url}/{path}", wait_until="networkidle")
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(300)
    assert requested, "the page itself is a request"
    assert [u for u in requested if not u.startswith((hostile_url, "data:", "blob:"))] == []


def test_the_policy_stops_what_the_sanitiser_might_miss(page: Any, hostile_url: str) -> None:
    page.goto(f"{hostile_url}/entries/{ENTRY_ID}/", wait_until="networkidle")
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.blockedURI));
            const image = new Image();
            image.src = "https://evil.example/slipped-through.png";
            document.body.append(image);
        })"""
    )
    assert blocked == "https://evil.example/slipped-through.png"


def test_outside_images_become_links_that_name_their_host(hostile_site: Path) -> None:
    html = (hostile_site / "entries" / ENTRY_ID / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert [img["src"] for img in soup.select("img") if OUTSIDE in str(img.get("src"))] == []
    shown = [a.get_text(" ", strip=True) for a in soup.select(".digest-prose a")]
    assert f"pixel-{MARK}summary (image on {OUTSIDE})" in shown
    assert f"raw-{MARK}summary (image on {OUTSIDE})" in shown
    assert f"Join-{MARK}summary ({OUTSIDE})" in shown
    assert not soup.select(f'.digest-prose a.md-button[href*="{OUTSIDE}"]')


def test_every_page_allows_loading_from_the_site_only(hostile_site: Path) -> None:
    for path in [hostile_site / "index.html", hostile_site / "entries" / ENTRY_ID / "index.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert policy is not None, path
        directives = dict(d.strip().split(" ", 1) for d in str(policy["content"]).split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["img-src"] == "'self' data:"
        assert directives["connect-src"] == "'self'"
        head = str(soup.head)
        assert head.index("Content-Security-Policy") < head.index('rel="stylesheet"'), path


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_a_browser_runs_nothing_from_the_hostile_entry(
    page: Any, hostile_url: str, path: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/{path}", wait_until="networkidle")
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(300)
    assert MARK in page.inner_text("body")
    assert dialogs == []
