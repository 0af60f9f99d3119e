"""A month's issue as an e-mail: HTML with its CSS inlined, wrapped plain text, and a
multipart .eml of both, ready for a mailing tool.

The e-mail has no images and no charts. Gmail and Outlook do not display SVG, and many
clients block remote images until the reader allows them; so every effect size is in a
table, and each title links to its entry page, where the charts are.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import css_inline
import jinja2
import nh3
from markupsafe import Markup

from digest.common.errors import DigestError
from digest.common.model import Effect, Entry
from digest.common.safehtml import plain_text, prose_html
from digest.entries.load import Project
from digest.entries.schema import MONTH_PATTERN
from digest.entries.vocab import vocabulary
from digest.evidence.format import estimate, interval, month_name, p_text
from digest.site.brand import brand
from digest.site.pages import Catalogue, Context, paths
from digest.site.siteurl import require_published_url

TEXT_WIDTH = 72
NEAREST_SHOWN = 3
# Everything nh3 lets through on the site but <img>, the one tag that fetches a resource.
_EMAIL_TAGS = nh3.ALLOWED_TAGS - {"img"}
_BLANK_LINE = re.compile(r"\n\s*\n")
# textwrap breaks lines at ASCII whitespace only: a no-break space holds words together.
_NO_BREAK = "\u00a0"
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Link:
    """A labelled absolute URL."""

    label: str
    url: str


@dataclass(frozen=True)
class EffectRow:
    """One effect as the e-mail shows it, each number written as the site writes it."""

    label: str
    measure: str
    estimate: str
    ci: str
    k: str
    n: str
    p: str
    note: str

    def reported(self) -> list[str]:
        """The estimate, its interval and p, as the site's effect lists group them."""
        stats = [f"{self.measure} = {self.estimate}"]
        stats += [f"95% CI {self.ci}"] if self.ci else []
        stats += [f"p {self.p}" if self.p[0] in "<>" else f"p = {self.p}"] if self.p else []
        return stats

    def studies(self) -> list[str]:
        """k and N, the second group of the site's effect lists."""
        return [f"{name} = {value}" for name, value in (("k", self.k), ("N", self.n)) if value]

    def line(self) -> str:
        """The effect on one line of the plain-text part."""
        # Wrapping may break the line between two statistics, never inside one ("N =").
        parts = [s.replace(" ", _NO_BREAK) for s in [*self.reported(), *self.studies()]]
        parts += [self.note] if self.note else []
        return f"{self.label}: {', '.join(parts)}"


@dataclass(frozen=True)
class Item:
    """One entry of the issue with everything the templates print, links made absolute."""

    entry: Entry
    url: str
    type_label: str
    topics: tuple[Link, ...]
    effects: tuple[EffectRow, ...]
    citation_html: Markup
    summary_html: Markup
    implications_html: Markup


@dataclass(frozen=True)
class Newsletter:
    """One issue's e-mail: its subject, its HTML (CSS inlined) and its plain text."""

    issue: str
    subject: str
    html: str
    text: str

    def message(self) -> EmailMessage:
        """A multipart/alternative message: the plain text first, then the HTML.

        From and To are left to the mailing tool.
        """
        message = EmailMessage()
        message["Subject"] = self.subject
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        # A boundary from the content, not a random one: the same issue writes the same file.
        digest = hashlib.sha256((self.text + self.html).encode("utf-8")).hexdigest()
        message.set_boundary(f"digest-{digest[:32]}")
        return message

    def write(self, out: Path) -> list[Path]:
        """Write newsletter-ISSUE.html, .txt and .eml into ``out``; the paths written."""
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"newsletter-{self.issue}"
        contents = {
            stem.with_suffix(".html"): self.html.encode("utf-8"),
            stem.with_suffix(".txt"): self.text.encode("utf-8"),
            stem.with_suffix(".eml"): self.message().as_bytes(),
        }
        for path, content in contents.items():
            path.write_bytes(content)
        return list(contents)


def is_issue_month(text: str) -> bool:
    """Whether ``text`` names an issue month as entries do: YYYY-MM."""
    return re.fullmatch(MONTH_PATTERN, text) is not None


def write_newsletter(
    project: Project, entries: Sequence[Entry], issue: str, out: Path, site_url: str | None
) -> list[Path]:
    """Write the newsletter of ``issue`` into ``out``; the paths written.

    The site's name and URL come from mkdocs.yml; ``site_url`` overrides the URL.
    """
    from digest.site.build import load_config

    catalogue = Catalogue.of(entries)
    _check_has_entries(catalogue, issue)
    config = load_config(project, site_url)
    require_published_url(config.site_url or "", project.root / "mkdocs.yml", "the newsletter")
    context = Context(
        catalogue=catalogue,
        site_name=config.site_name,
        site_url=config.site_url,
        brand=brand(config.extra),
    )
    return compose(context, issue).write(out)


def _check_has_entries(catalogue: Catalogue, issue: str) -> None:
    if issue in catalogue.by_month:
        return
    nearest = sorted(catalogue.months, key=lambda m: (abs(_months_apart(m, issue)), m))
    shown = ", ".join(nearest[:NEAREST_SHOWN]) or "none"
    raise DigestError(
        f"no entries in {issue} ({month_name(issue)}); nearest issues with entries: {shown}"
    )


def _months_apart(a: str, b: str) -> int:
    return (int(a[:4]) - int(b[:4])) * 12 + int(a[5:7]) - int(b[5:7])


def compose(context: Context, issue: str) -> Newsletter:
    """The newsletter of ``issue``, whose entries must be in the context's catalogue."""
    items = [_item(e, context) for e in context.catalogue.by_month[issue]]
    subject = f"{context.site_name} — {month_name(issue)}"
    values = {
        "subject": subject,
        "site_name": context.site_name,
        "issue": issue,
        "items": items,
        "home_url": context.absolute(paths.HOME),
        "month_url": context.absolute(paths.month(issue)),
        "archive_url": context.absolute(paths.ARCHIVE),
        "atom_url": context.absolute(paths.site_feed("atom")),
        "rss_url": context.absolute(paths.site_feed("rss")),
        "brand": context.brand,
    }
    html = _render("newsletter.html.j2", values)
    text = _render("newsletter.txt.j2", values)
    return Newsletter(issue, subject, _with_css_inlined(html), text)


def _item(entry: Entry, context: Context) -> Item:
    url = context.absolute(paths.entry(entry.id))
    vocab = vocabulary()
    topics = (vocab.term("topics", t) for t in entry.topics)
    effects = tuple(_effect_row(f) for f in entry.effects)
    return Item(
        entry=entry,
        url=url,
        type_label=vocab.term("research_types", entry.research_type).label,
        topics=tuple(Link(t.label, context.absolute(paths.topic(t.slug))) for t in topics),
        effects=effects,
        citation_html=_email_html(entry.citation.apa_html, url),
        summary_html=_email_html(prose_html(entry.summary), url),
        implications_html=_email_html(prose_html(entry.implications), url),
    )


def _effect_row(f: Effect) -> EffectRow:
    """Only what the entry reports: no converted d or r, no interval derived from a p."""
    return EffectRow(
        label=f"{f.predictor} → {f.outcome}" if f.outcome else f.predictor,
        measure=f.measure,
        estimate=estimate(f),
        ci=interval(f),
        k=str(f.k or ""),
        n=str(f.n or ""),
        p=p_text(f),
        note=f.note,
    )


def _email_html(fragment: str, base_url: str) -> Markup:
    """Clean HTML without images, its links made absolute against ``base_url``.

    In an e-mail a relative link leads nowhere; it resolves as it does on the entry page.
    """

    def absolute(tag: str, attribute: str, value: str) -> str:
        return urljoin(base_url, value) if attribute == "href" else value

    return Markup(nh3.clean(fragment, tags=_EMAIL_TAGS, attribute_filter=absolute))


def _with_css_inlined(html: str) -> str:
    """The <style> block moved into style attributes: many clients ignore <style>."""
    inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
    return inliner.inline(html).rstrip("\n") + "\n"


def _render(template: str, values: Mapping[str, object]) -> str:
    return _environment().get_template(template).render(values)


@cache
def _environment() -> jinja2.Environment:
    """Templates of their own: the pages' environment writes Markdown, unescaped.

    Here the HTML template is autoescaped, so an editor's title is always text.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digest.site", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(month=month_name, wrap=wrapped, paragraphs=plain_paragraphs)
    return env


def wrapped(text: str, hanging: str = "") -> str:
    """``text`` on lines of at most 72 characters, every line but the first indented by
    ``hanging``; a URL or a long word is never broken."""
    lines = textwrap.fill(
        _ASCII_SPACES.sub(" ", text).strip(),
        TEXT_WIDTH,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines.replace(_NO_BREAK, " ")


def plain_paragraphs(markdown: str) -> str:
    """Markdown prose as wrapped plain text, its paragraphs kept apart by blank lines."""
    blocks = (plain_text(block) for block in _BLANK_LINE.split(markdown))
    return "\n\n".join(wrapped(block) for block in blocks if block)
