"""MkDocs' page rendering on every core: a cold build's pages shared between processes.

MkDocs renders pages one after another: at 1,000 entries that was 52 s of an 80 s cold
build (pyinstrument), on one core of two. A page's HTML depends only on its own
Markdown, the list of files and the navigation (every page of digest carries all its
content in its Markdown). So once the files are listed and the navigation is built, a
forked process renders every other page by the two steps MkDocs' own build takes for
each (read and convert the Markdown, then fill the theme's template), while this one
renders the rest; then this one writes what spans pages (static files, sitemap, 404).
The navigation's own pages are read in both, so the menus are the same. Each page is
converted and written before the next is read (MkDocs converts them all, then writes
them all), and its Markdown and HTML let go: no process holds more than one page's.

Only cold, non-strict builds take this path. A dirty rebuild renders few pages, and a
``--strict`` build stays on MkDocs' own ``build``, which also checks links to anchors in
other pages (here each process knows only its own pages' anchors).
``tests/test_parallel_render.py`` holds the two paths to the same bytes.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from digest.common.errors import DigestError
from digest.common.forked import cores

#: Processes rendering pages: the parent and WORKERS - 1 forked children.
WORKERS = 2


def can_share() -> bool:
    return hasattr(os, "fork") and cores() > 1


def render_shared(
    config: Any, warnings: list[str], rendered: Callable[[], None] = lambda: None
) -> None:
    """Build the site at ``config.site_dir`` as ``mkdocs build`` does, pages rendered by
    ``WORKERS`` processes; MkDocs' warnings are appended to ``warnings``, and
    ``rendered`` is called twice for each page another process rendered."""
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
    shares = [doc_files[i::WORKERS] for i in range(WORKERS)]
    children = [_fork(share, config, files, nav, env, doc_files) for share in shares[1:]]
    try:
        _render(shares[0], config, files, nav, env, doc_files)
    except BaseException:
        for pid, pipe in children:  # this process's own error is the one to tell
            os.close(pipe)
            os.waitpid(pid, 0)
        raise
    for share, child in zip(shares[1:], children, strict=True):
        warnings.extend(_joined(*child))
        for _ in range(2 * len(share)):  # converted, then written: as MkDocs counts
            rendered()
    files.copy_static_files(inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        _build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)
    config.plugins.on_post_build(config=config)


def _render(
    share: Sequence[Any], config: Any, files: Any, nav: Any, env: Any, doc_files: Any
) -> None:
    from mkdocs.commands.build import _build_page, _populate_page

    mine = {id(file) for file in share}
    for page in nav.pages:  # the menus show their titles: read them everywhere
        if id(page.file) not in mine:
            page.read_source(config)
            page.render(config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    for file in share:  # one page at a time: 5,000 pages' HTML at once took 400 MB
        _populate_page(file.page, config, files)
        _build_page(file.page, config, doc_files, nav, env)
        file.page.content = file.page.markdown = None


def _fork(*args: Any) -> tuple[int, int]:
    """A child rendering ``args[0]``'s pages; its id and the pipe its warnings come by."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    _child(write, *args)
    raise AssertionError("unreachable")  # pragma: no cover


def _child(pipe: int, *args: Any) -> None:  # pragma: no cover - runs in the fork
    code = 1
    try:
        messages: list[str] = []
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
        logging.getLogger("mkdocs").addHandler(handler)
        failure = ""
        try:
            _render(*args)
        except Exception as err:  # told to the parent, whatever it is
            failure = f"{type(err).__name__}: {err}"
        with os.fdopen(pipe, "w", encoding="utf-8") as out:
            json.dump({"warnings": messages, "failure": failure}, out)
        code = 1 if failure else 0
    finally:  # never return into the parent's build
        os._exit(code)


def _joined(pid: int, pipe: int) -> list[str]:
    """The child's warnings, once it has finished; its failure raised."""
    with os.fdopen(pipe, encoding="utf-8") as answer:
        text = answer.read()
    _, status = os.waitpid(pid, 0)
    told = json.loads(text) if text else {"warnings": [], "failure": "no answer"}
    if status or told["failure"]:
        failure = told["failure"] or f"exit status {status}"
        raise DigestError(f"MkDocs could not build the site: {failure}")
    return [" ".join(str(w).split()) for w in told["warnings"]]
