"""What every page generator needs: the catalogue, the site's name and URL, the
hand-written texts from site_src/."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from digest.common.model import Citation
from digest.site.brand import Brand
from digest.site.pages import paths
from digest.site.pages.catalogue import Catalogue
from digest.site.pages.signup import Signup


@dataclass(frozen=True)
class Context:
    catalogue: Catalogue
    site_name: str
    site_url: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)
    # Each entry's summary as a reference of its own (site/cite.py), by entry id.
    summaries: Mapping[str, Citation] = field(default_factory=dict)
    # The share links pages offer (pages/sharing.py), from mkdocs.yml's extra.share.
    share: tuple[str, ...] = ()
    # The e-mail sign-up box (pages/signup.py), from mkdocs.yml's extra.signup.
    signup: Signup | None = None
    # The site's colours (site/brand.py), from mkdocs.yml's extra.brand.
    brand: Brand = field(default_factory=Brand)
    # Filled while pages are written: each chart a page shows, by its path sans suffix,
    # with whether it needs a static SVG or is drawn in the browser only.
    charts: dict[str, tuple[dict[str, Any], bool]] = field(default_factory=dict)

    def chart(self, path: str, spec: dict[str, Any], static: bool = True) -> str:
        """Ask for the chart ``spec`` at ``path``: a .vl.json, and a .svg if ``static``."""
        self.charts[path] = (spec, static)
        return path

    def absolute(self, path: str) -> str:
        """The full URL of a docs-tree path, or "" when the site URL is not known."""
        if not self.site_url:
            return ""
        return self.site_url.rstrip("/") + "/" + paths.url(path)

    def intro(self, path: str) -> str:
        """The hand-written introduction kept at ``path`` under site_src/, if any."""
        return self.sources.get(path, "").strip()
