"""The Markdown pages of the docs tree, one module per kind of page."""

from __future__ import annotations

from digest.pages import paths
from digest.pages.browse import browse_pages
from digest.pages.catalogue import Catalogue
from digest.pages.context import Context
from digest.pages.entry import entry_pages
from digest.pages.evidence import evidence_pages
from digest.pages.home import home_page, search_page
from digest.pages.issues import issue_pages

__all__ = ["Catalogue", "Context", "site_pages"]


def site_pages(context: Context) -> dict[str, str]:
    """Every generated page, by its path in the docs tree."""
    return {
        paths.HOME: home_page(context),
        paths.SEARCH: search_page(context),
        **issue_pages(context),
        **browse_pages(context),
        **entry_pages(context),
        **evidence_pages(context),
    }
