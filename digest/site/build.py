"""Build the site: write the docs tree, render it with MkDocs, index it, swap it into place.

The finished site replaces the previous one only after everything has succeeded, so a
failed build leaves the old site untouched.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from digest.common import safehtml
from digest.common.errors import DigestError, display_path
from digest.common.forked import can_fork, give_back_memory, run_forked
from digest.common.model import Entry
from digest.common.progress import SILENT, Progress, mkdocs_counter
from digest.entries.intros import INTRO_FOLDERS
from digest.entries.load import Project
from digest.evidence.exports import FORMATS, cached_exports, file_name
from digest.site.brand import brand, brand_css
from digest.site.charts import chart_files, inline
from digest.site.cite import SummaryCitations, cite_files
from digest.site.feeds import feed_files
from digest.site.incremental import (
    THEME_DIR,
    page_hashes,
    pages_to_render,
    reuse_pages,
    stamp,
    store_stamp,
)
from digest.site.pages import Catalogue, Context, page_makers
from digest.site.pages.sharing import share_names
from digest.site.pages.signup import signup
from digest.site.parallel import can_share, render_shared
from digest.site.reproducible import source_date
from digest.site.search import index_site
from digest.site.share import drawing_shares
from digest.site.siteurl import require_published_url
from digest.site.wiring import wire

DOCS_DIR = Path("build/docs")
BUILD_LOCK = Path("build/.lock")
EXPORTS = [file_name(fmt) for fmt in FORMATS]
CHART_CACHE = Path("build/cache/charts")
EXPORT_CACHE = Path("build/cache/exports")
SUMMARY_CACHE = Path("build/cache/apa-summaries")
SHARE_CACHE = Path("build/cache/share")
BRAND_CSS = "assets/digest-brand.css"
PUBLISHING = "a strict build (for publication)"
#: A file of the docs tree: its bytes, or a file holding them (kept on disk, not in memory).
Content = bytes | Path
# Hand-written texts under site_src/ that pages include, rather than pages of their own.
INTRO_FILES = {"home.md"}


def docs_files(
    project: Project, entries: Sequence[Entry], config: Any, progress: Progress = SILENT
) -> dict[Path, Content]:
    """Every file of the docs tree (but the database), by path relative to the tree."""
    copied, intros = site_sources(project.root / "site_src")
    summaries = SummaryCitations(project.root / SUMMARY_CACHE)
    context = page_context(entries, config, intros, summaries)
    files: dict[Path, Content] = {**package_assets(), **copied}
    files[Path(BRAND_CSS)] = brand_css(context.brand).encode("utf-8")
    # The share images are drawn by other processes while this one writes the pages.
    with drawing_shares(context, project.root / SHARE_CACHE) as shared:
        progress.stage("Writing pages")
        makers = page_makers(context)
        # As UTF-8: a page's text with one "→" in it takes two bytes a character.
        pages = {path: make().encode("utf-8") for path, make in makers.items()}
        files.update({Path(p): content for p, content in feed_files(context).items()})
        files.update({Path(p): content for p, content in cite_files(context).items()})
        files.update(page_files(project, context, pages, progress))
        progress.stage("Drawing share images")
        files.update({Path(p): stored for p, stored in shared().items()})
    return files


def page_context(
    entries: Sequence[Entry],
    config: Any,
    intros: Mapping[str, str],
    summaries: SummaryCitations | None = None,
) -> Context:
    """What the pages need: the catalogue, the site's settings, and each entry's own
    reference (rendered in APA by ``summaries``, which may keep them)."""
    context = Context(
        catalogue=Catalogue.of(entries),
        site_name=config.site_name,
        site_url=config.site_url or "",
        sources=intros,
        share=share_names(config.extra),
        signup=signup(config.extra),
        brand=brand(config.extra),
    )
    citing = summaries or SummaryCitations()
    return dataclasses.replace(context, summaries=citing.of(entries, context))


def page_files(
    project: Project,
    context: Context,
    pages: Mapping[str, str | bytes],
    progress: Progress = SILENT,
) -> dict[Path, bytes]:
    """``pages`` and the charts they asked ``context`` for, the static ones put inline."""
    progress.stage("Drawing charts", total=len(context.charts))
    charts = chart_files(context.charts, project.root / CHART_CACHE, progress.advance)
    files = {Path(p): content for p, content in charts.items()}
    files.update({Path(p): inline(_utf8(text), charts) for p, text in pages.items()})
    return files


def _utf8(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def package_assets() -> dict[Path, bytes]:
    """The CSS and JavaScript shipped with digest, placed under assets/."""
    from importlib import resources

    folder = resources.files("digest.site").joinpath("assets")
    return {Path("assets", f.name): f.read_bytes() for f in folder.iterdir() if f.is_file()}


def site_sources(source: Path) -> tuple[dict[Path, bytes], dict[str, str]]:
    """site_src/ split into files copied as they are and introductions pages include."""
    if not source.is_dir():
        return {}, {}
    copied: dict[Path, bytes] = {}
    intros: dict[str, str] = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if _is_intro(relative):
            intros[relative.as_posix()] = path.read_text(encoding="utf-8")
        else:
            copied[relative] = path.read_bytes()
    return copied, intros


def _is_intro(relative: Path) -> bool:
    if relative.as_posix() in INTRO_FILES:
        return True
    return relative.suffix == ".md" and relative.parent.as_posix() in INTRO_FOLDERS


def sync_docs(files: Mapping[Path, Content], docs: Path, keep: Sequence[str] = ()) -> int:
    """Make ``docs`` hold exactly ``files`` (and ``keep``), writing only what changed.

    Unchanged files keep their timestamps, so a watching preview server is not woken.
    Returns the number of files written.
    """
    written = 0
    for relative, held in files.items():
        target = docs / relative
        content = held.read_bytes() if isinstance(held, Path) else held
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    wanted = {docs / r for r in files} | {docs / k for k in keep}
    for stale in [p for p in docs.rglob("*") if p.is_file() and p not in wanted]:
        stale.unlink()
    return written


def write_docs(
    project: Project, entries: Sequence[Entry], config: Any, progress: Progress = SILENT
) -> None:
    """Write the complete docs tree for ``entries``, the open-data files included."""
    docs = Path(config.docs_dir)
    sync_docs(docs_files(project, entries, config, progress), docs, keep=EXPORTS)
    progress.stage("Writing the evidence database")
    cached_exports(entries, docs, project.root / EXPORT_CACHE)


@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """Hold the project's build lock, or refuse at once when another build holds it.

    Two builds at once would write the same docs tree and caches. The lock is the
    operating system's, so a build that was killed holds it no longer.
    """
    from filelock import FileLock, Timeout

    path = project.root / BUILD_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        message = "another digest build of this project is running; wait for it to finish"
        raise DigestError(f"{display_path(path)}: {message}") from None
    try:
        yield
    finally:
        lock.release()


def load_config(
    project: Project, site_url: str | None = None, docs_dir: Path = DOCS_DIR, **overrides: Any
) -> Any:
    """The project's MkDocs configuration, its docs tree placed in ``docs_dir`` (build/docs)."""
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_file = project.root / "mkdocs.yml"
    if not config_file.exists():
        raise DigestError(f"{display_path(config_file)}: no MkDocs configuration found")
    if site_url:
        overrides["site_url"] = site_url
    docs = project.root / docs_dir
    docs.mkdir(parents=True, exist_ok=True)
    with mkdocs_messages() as errors:
        try:
            config = mkdocs_load_config(str(config_file), docs_dir=str(docs), **overrides)
        except (MkDocsException, Abort) as err:
            raise DigestError(f"{display_path(config_file)}: {'; '.join(errors) or err}") from None
    wire(config, display_path(config_file))
    add_digest_templates(config.theme)
    return config


def add_digest_templates(theme: Any) -> None:
    """Put digest's own templates (feed links, scholarly metadata) under the theme's.

    A project's ``custom_dir`` still comes first, so it can override them.
    """
    theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))


@contextmanager
def mkdocs_messages(level: int = logging.ERROR) -> Iterator[list[str]]:
    """Collect what MkDocs logs at ``level`` or above, to report it in clean messages."""
    messages: list[str] = []
    handler = logging.Handler(level)
    handler.emit = lambda record: messages.append(_one_line(record))  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def _one_line(record: logging.LogRecord) -> str:
    return " ".join(record.getMessage().split())


def build_site(
    project: Project,
    entries: Sequence[Entry],
    site_dir: Path,
    site_url: str | None = None,
    strict: bool = False,
    progress: Progress = SILENT,
) -> list[str]:
    """Build the site for ``entries`` and move it to ``site_dir`` only if all went well.

    Returns MkDocs' warnings; with ``strict``, any warning fails the build instead.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(site_dir), dir=site_dir.parent))
    # mkdtemp makes it private (0700); a web server running as another user must read it.
    staging.chmod(0o777 & ~_umask())
    try:
        config = load_config(project, site_url, site_dir=str(staging), strict=strict)
        if strict:
            require_published_url(config.site_url or "", project.root / "mkdocs.yml", PUBLISHING)

        def pages_rendered(progress: Progress) -> tuple[list[str], str]:
            return _render_pages(project, entries, config, site_dir, progress)

        # In a child when the system can fork: its heap is gone before Pagefind starts.
        if can_fork():
            give_back_memory()  # what loading the entries freed, not copied into the child
            answer = run_forked(pages_rendered, progress)
        else:
            answer = pages_rendered(progress)
        warnings, current = answer
        progress.stage("Indexing for search (Pagefind)")
        index_site(staging)
        pages = page_hashes(staging, Path(config.docs_dir))
        _swap(staging, site_dir)
        store_stamp(project.root, site_dir, current, pages)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(warnings)


def _render_pages(
    project: Project, entries: Sequence[Entry], config: Any, site_dir: Path, progress: Progress
) -> tuple[list[str], str]:
    """Write the docs tree and render it into ``config.site_dir``; MkDocs' warnings, and
    the stamp the pages were rendered under."""
    write_docs(project, entries, config, progress)
    # The pages are on disk now, and MkDocs' second process forks from here.
    safehtml.prose_html.cache_clear()
    safehtml.plain_text.cache_clear()
    give_back_memory()
    docs, staging = Path(config.docs_dir), Path(config.site_dir)
    with source_date(entries):
        current = stamp(project.root, config)
        dirty = not config.strict and reuse_pages(project.root, site_dir, staging, docs, current)
        # MkDocs reports each page it renders twice: converted, then written.
        renders = 2 * len(pages_to_render(docs, staging))
        progress.stage("Rendering pages (MkDocs)", total=renders)
        config.plugins["digest-progress"] = mkdocs_counter(progress)
        warnings = _url_warnings(config) + _brand_notes(config)
        warnings += render(config, dirty, progress.advance)
    return warnings, current


def _url_warnings(config: Any) -> list[str]:
    if config.site_url:
        return []
    return [
        "site_url is not set in mkdocs.yml: the feeds are left out and pages have no "
        "canonical links; set it to the address the site is published at"
    ]


def _brand_notes(config: Any) -> list[str]:
    return [f"mkdocs.yml: extra.brand: {note}" for note in brand(config.extra).notes]


def render(
    config: Any, dirty: bool = False, rendered: Callable[[], None] = lambda: None
) -> list[str]:
    with mkdocs_messages(logging.WARNING) as warnings:
        _run_mkdocs(config, warnings, dirty, rendered)
    # MkDocs warns that a dirty build may leave navigation stale: digest's pages carry
    # all their content in their Markdown, and the stamp covers the navigation.
    return [w for w in warnings if not w.startswith("A 'dirty' build is being performed")]


def _run_mkdocs(
    config: Any, warnings: list[str], dirty: bool, rendered: Callable[[], None]
) -> None:
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        if dirty or config.strict or not can_share():
            build(config, dirty=dirty)
        else:
            render_shared(config, warnings, rendered)
    except Abort as err:
        if config.strict and warnings:
            lines = "\n".join(f"MkDocs: {w}" for w in warnings)
            raise DigestError(f"{lines}\nStrict mode: {len(warnings)} warning(s).") from None
        raise DigestError(f"MkDocs could not build the site: {err}") from None
    except MkDocsException as err:
        raise DigestError(f"MkDocs could not build the site: {err}") from None
    except jinja2.TemplateSyntaxError as err:
        where = f"{err.filename or err.name}:{err.lineno}"
        raise DigestError(f"MkDocs could not build the site: {where}: {err.message}") from None
    except jinja2.TemplateError as err:
        raise DigestError(f"MkDocs could not build the site: template error: {err}") from None


def _staging_prefix(site_dir: Path) -> str:
    return f".site-new-{site_dir.name}-"


def remove_leftovers(site_dir: Path) -> None:
    """Delete the staging folders that killed builds of ``site_dir`` left beside it.

    Safe only under the build lock: another build of the project would be using its own.
    """
    for leftover in site_dir.parent.glob(f"{_staging_prefix(site_dir)}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _old_copy(site_dir: Path) -> Path:
    return site_dir.with_name(f".site-old-{site_dir.name}")


def _recover(site_dir: Path) -> None:
    """Put back the previous site if a build was killed between the swap's two renames."""
    old = _old_copy(site_dir)
    if old.is_dir() and not site_dir.exists():
        old.rename(site_dir)


def _swap(new: Path, site_dir: Path) -> None:
    """Two renames; if the second fails or is interrupted, the old site goes back.

    Killed between them (no Python left to put it back), the next build does: ``_recover``,
    here too, since the old copy is deleted below.
    """
    old = _old_copy(site_dir)
    _recover(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    try:
        if site_dir.exists():
            site_dir.rename(old)
        new.rename(site_dir)
    except BaseException:
        if old.exists() and not site_dir.exists():
            old.rename(site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
