"""MkDocs' build held open: the files, navigation and templates prepared once, then only
the pages an edit changed rendered again.

A dirty ``mkdocs build`` still lists every file, compiles every template, builds the
navigation, the sitemap and the 404 page: two seconds at 1,000 entries, for a save that
changed two pages. The preview prepares all that once, after each whole render, and
then renders pages by the two steps MkDocs' own build takes for each (read and convert
the Markdown, then fill the theme's template). A page that is new or gone changes the
list of files, so it falls back to a dirty build (and prepares again).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from digest.common.errors import DigestError
from digest.site.build import mkdocs_messages, render


class OpenBuild:
    """The pages of the site at ``config.site_dir``, ready to render one at a time."""

    def __init__(self, config: Any) -> None:
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self.config = config
        self.files = get_files(config)
        self.env = config.theme.get_env()
        self.files.add_files_from_theme(self.env, config)
        set_exclusions(self.files, config)
        self.nav = get_navigation(self.files, config)
        for file in self.files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)

    def knows(self, sources: Iterable[str]) -> bool:
        """Whether every page of ``sources`` (docs-tree paths) is one this build has."""
        return all(self.files.get_file_from_path(s) is not None for s in sources)

    def render(self, sources: Iterable[str]) -> list[str]:
        """Render the pages of ``sources`` into the site; MkDocs' warnings."""
        from mkdocs.commands.build import _build_page, _populate_page

        with mkdocs_messages(logging.WARNING) as warnings:
            for source in sources:
                file = self.files.get_file_from_path(source)
                assert file is not None and file.page is not None, "knows() said so"
                try:
                    _populate_page(file.page, self.config, self.files)
                    _build_page(file.page, self.config, self.doc_files, self.nav, self.env)
                except Exception as err:
                    raise DigestError(f"MkDocs could not render {source}: {err}") from None
        return warnings


def render_whole(config: Any) -> tuple[OpenBuild, list[str]]:
    """A dirty build of the whole site, then the build held open for the next edits."""
    warnings = render(config, dirty=True)
    return OpenBuild(config), warnings
