"""Hand-written introductions: ``site_src/topics/<slug>.md`` and ``site_src/types/<id>.md``.

A page includes the introduction named after its topic or research type; any other name
is never shown. Such files are reported instead of silently left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from digest.common.errors import WHOLE_FILE, Problem, display_path
from digest.entries.vocab import LISTING_COMMAND, Term, vocabulary

#: The folders of introductions, and the vocabulary whose terms name their files.
INTRO_FOLDERS = {"topics": "topics", "types": "research_types"}
#: Text that was meant as an introduction but is not read as one: only ``.md`` is.
_TEXT_SUFFIXES = frozenset(
    {".markdown", ".mdown", ".mkd", ".txt", ".text", ".rtf", ".doc", ".docx"}
)


def intro_problems(site_src: Path) -> list[Problem]:
    """A warning for each file in the introductions' folders that no page will show."""
    return [
        problem
        for folder, name in INTRO_FOLDERS.items()
        if (site_src / folder).is_dir()
        for problem in _folder_problems(site_src / folder, name)
    ]


def _folder_problems(folder: Path, vocabulary_name: str) -> Iterator[Problem]:
    names = {_file_stem(term, vocabulary_name): term for term in _terms(vocabulary_name)}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        message = _unread(path, folder, names, vocabulary_name)
        if message:
            yield Problem(display_path(path), 1, WHOLE_FILE, message, "warning")


def _unread(path: Path, folder: Path, names: dict[str, Term], vocabulary_name: str) -> str | None:
    """Why no page shows ``path`` as an introduction, or None when one does (or it is not
    text, such as a picture an introduction shows)."""
    is_text = path.suffix == ".md" or path.suffix.lower() in _TEXT_SUFFIXES | {".md"}
    if not is_text:
        return None
    if path.parent != folder:
        return (
            f"introductions are read from {folder.name}/ itself, not from a folder in it; "
            "this file would be published as a page of its own"
        )
    if path.suffix == ".md" and path.stem in names:
        return None
    listing = LISTING_COMMAND[vocabulary_name]
    hint = _closest_name(path.stem, names, vocabulary_name)
    rename = f"; rename it to {hint}.md" if hint else ""
    if path.suffix != ".md":
        return (
            f"only .md files are read as introductions{rename}; as it is, it is published as"
            f" a file of the site ({listing} lists the names)"
        )
    return f"no page shows this introduction: '{path.stem}' names no {_kind(vocabulary_name)}" + (
        f"{rename} ({listing} lists the names)"
    )


def _closest_name(stem: str, names: dict[str, Term], vocabulary_name: str) -> str | None:
    vocab = vocabulary()
    if stem in names:
        return stem
    term_id = vocab.canonical(vocabulary_name, stem)
    suggested = [term_id] if term_id else vocab.suggestions(vocabulary_name, stem)
    by_id = {term.id: name for name, term in names.items()}
    return by_id.get(suggested[0]) if suggested else None


def _terms(vocabulary_name: str) -> tuple[Term, ...]:
    terms: tuple[Term, ...] = getattr(vocabulary(), vocabulary_name)
    return terms


def _file_stem(term: Term, vocabulary_name: str) -> str:
    """A topic's introduction is named after its slug, a research type's after its id."""
    return term.slug if vocabulary_name == "topics" else term.id


def _kind(vocabulary_name: str) -> str:
    return "topic" if vocabulary_name == "topics" else "research type"
