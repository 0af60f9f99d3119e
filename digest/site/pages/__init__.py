"""The Markdown pages of the docs tree, one module per kind of page."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from digest.site.pages import paths
from digest.site.pages.browse import browse_makers
from digest.site.pages.catalogue import Catalogue
from digest.site.pages.context import Context
from digest.site.pages.entry import entry_makers
from digest.site.pages.evidence import evidence_makers
from digest.site.pages.glossary import glossary_page
from digest.site.pages.home import home_page, search_page
from digest.site.pages.issues import issue_makers

__all__ = ["Catalogue", "Context", "page_makers", "site_pages"]


def page_makers(context: Context) -> dict[str, Callable[[], str]]:
    """Every generated page, by its path in the docs tree, as a function that writes it.

    A preview writes only the pages an edit touches; a build writes them all.
    """
    return {
        paths.HOME: partial(home_page, context),
        paths.SEARCH: partial(search_page, context),
        paths.GLOSSARY: glossary_page,
        **issue_makers(context),
        **browse_makers(context),
        **entry_makers(context),
        **evidence_makers(context),
    }


def site_pages(context: Context) -> dict[str, str]:
    """Every generated page, by its path in the docs tree."""
    return {path: make() for path, make in page_makers(context).items()}
