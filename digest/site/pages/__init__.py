"""The Markdown pages of the docs tree, one module per kind of page."""

from __future__ import annotations

from digest.site.pages import paths
from digest.site.pages.browse import browse_pages
from digest.site.pages.catalogue import Catalogue
from digest.site.pages.context import Context
from digest.site.pages.entry import entry_pages
from digest.site.pages.evidence import evidence_pages
from digest.site.pages.glossary import glossary_page
from digest.site.pages.home import home_page, search_page
from digest.site.pages.issues import issue_pages

__all__ = ["Catalogue", "Context", "site_pages"]


def site_pages(context: Context) -> dict[str, str]:
    """Every generated page, by its path in the docs tree."""
    return {
        paths.HOME: home_page(context),
        paths.SEARCH: search_page(context),
        paths.GLOSSARY: glossary_page(),
        **issue_pages(context),
        **browse_pages(context),
        **entry_pages(context),
        **evidence_pages(context),
    }
