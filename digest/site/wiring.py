"""What a digest site needs from its MkDocs configuration, put in where mkdocs.yml leaves
it out, so that a minimal file (a site name and the Material theme) builds the whole
site: digest's stylesheets and scripts, the Markdown extensions its pages use, Pagefind
in place of the theme's search, and a navigation of index pages only.

What digest cannot put right (another theme) is refused with the line to write.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from digest.common.errors import DigestError
from digest.site.pages import paths

STYLESHEETS = ("assets/digest.css", "assets/digest-explorer.css", "assets/digest-brand.css")
SCRIPTS = (
    "assets/digest-search.js",
    "assets/digest-charts.js",
    "assets/digest-explorer.js",
    "assets/digest-tables.js",
    "assets/digest-share.js",
)
EXTENSIONS = ("tables", "attr_list", "md_in_html", "toc", "digest.site.held")
#: The navigation when mkdocs.yml has none: index pages only, never the entries.
NAV = [
    {"Home": paths.HOME},
    {"Latest issue": paths.THIS_MONTH},
    {"Archive": paths.ARCHIVE},
    {"Topics": paths.TOPICS},
    {"Research types": paths.TYPES},
    {"Instruments": paths.INSTRUMENTS},
    {"Evidence": paths.EVIDENCE},
    {"Search": paths.SEARCH},
]
NOT_IN_NAV = (
    "/glossary.md",
    "/entries/",
    "/topics/*.md",
    "/types/*.md",
    "/evidence/data.md",
    "/[0-9][0-9][0-9][0-9]/",
)
THEME_FIX = "write theme: {name: material} (digest's pages are made for Material for MkDocs)"


def wire(config: Any, config_file: str) -> None:
    """Complete ``config`` (loaded and validated by MkDocs) with what digest needs."""
    if config.theme.name != "material":
        raise DigestError(
            f"{config_file}: theme: '{config.theme.name}' cannot show digest's pages; {THEME_FIX}"
        )
    _add_missing(config.extra_css, STYLESHEETS)
    _add_missing(config.extra_javascript, SCRIPTS)
    _add_missing(config.markdown_extensions, EXTENSIONS)
    config.mdx_configs.setdefault("toc", {}).setdefault("permalink", True)
    # Pagefind indexes the site (digest build): the theme's own index would be downloaded
    # whole by every reader, 4.5 MB at 1,000 pages.
    for name, plugin in config.plugins.items():
        if name.endswith("search") and "enabled" in plugin.config:
            plugin.config.enabled = False
    signup = (config.extra or {}).get("signup")
    if isinstance(signup, dict) and isinstance(signup.get("action"), str):
        parts = urlsplit(signup["action"])
        config.extra["signup_origin"] = f"{parts.scheme}://{parts.netloc}"
    if config.nav is None:
        config.nav = NAV
    if config.not_in_nav is None:
        from pathspec.gitignore import GitIgnoreSpec

        config.not_in_nav = GitIgnoreSpec.from_lines(NOT_IN_NAV)


def _add_missing(listed: list[Any], wanted: tuple[str, ...]) -> None:
    present = {str(item) for item in listed}
    listed.extend(item for item in wanted if item not in present)
