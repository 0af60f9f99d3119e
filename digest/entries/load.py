"""Editors' files -> validated Entry objects, collecting every problem on the way.

Loading never stops at the first problem and never writes to the files it reads.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from digest.citations.bib import (
    BibRecord,
    citation_from_record,
    normalise_doi,
    read_bib_dir,
    read_bib_file,
    split_names,
)
from digest.common.errors import (
    WHOLE_FILE,
    InvalidInputError,
    Problem,
    display_path,
)
from digest.common.model import Citation, Entry
from digest.common.progress import SILENT, Progress
from digest.entries.intros import intro_problems
from digest.entries.read import Draft, drafts_read, start_reading
from digest.entries.validate import field_name
from digest.entries.vocab import closest, vocabulary

ENTRY_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Project:
    """Where a digest's files live: entries/, bib/, site_src/ and mkdocs.yml under one root."""

    root: Path = Path()

    @property
    def entries_dir(self) -> Path:
        return self.root / "entries"

    @property
    def bib_dir(self) -> Path:
        return self.root / "bib"


@dataclass
class Loaded:
    """The outcome of loading: entries that passed, and every problem found."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    def failing(self, strict: bool) -> list[Problem]:
        """What stops a check or a build: errors, and with ``strict`` warnings too."""
        return self.errors + self.warnings if strict else self.errors

    @property
    def citations(self) -> list[Citation]:
        unique = {e.citation.key: e.citation for e in self.entries}
        return [unique[k] for k in sorted(unique)]


# Citations rendered before, by the hash of their data (see digest/citations/apa.py).
APA_CACHE = Path("build/cache/apa")


def load(
    project: Project,
    paths: Sequence[Path] = (),
    today: date | None = None,
    cite: bool = True,
    progress: Progress = SILENT,
    bib: BibRead | None = None,
) -> Loaded:
    """Load and validate entries (all of the project's, or those under ``paths``).

    With ``cite`` false the citations are checked but not rendered in APA style, which
    only pages need (``digest check`` skips it). ``bib``, the project's .bib files as
    ``read_bib`` read them, saves reading them again (a preview keeps them).
    """
    with _no_cycle_collection():
        return _load(project, paths, today or date.today(), cite, progress, bib)


#: The records of a project's bib/*.bib files, and the problems found reading them.
BibRead = tuple[dict[str, BibRecord], list[Problem]]


def read_bib(project: Project) -> BibRead:
    return read_bib_dir(project.bib_dir, project.root)


def entry_paths(project: Project) -> list[Path]:
    """The project's entry files, as a load of the whole project reads them."""
    return _entry_files([project.entries_dir])[0] if project.entries_dir.is_dir() else []


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while loading.

    Loading builds many small objects that stay alive; the collector's passes over them
    took a tenth of ``digest check``. Cycles made meanwhile are collected afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    project: Project,
    paths: Sequence[Path],
    today: date,
    cite: bool,
    progress: Progress,
    bib: BibRead | None,
) -> Loaded:
    if not paths and not _exists(project.entries_dir):
        return Loaded(problems=[_not_a_project(project)])  # nothing else said would help
    entry_paths = [p for p in paths if p.suffix != ".bib"] if paths else [project.entries_dir]
    entry_files, miscased = _entry_files(entry_paths)
    progress.stage("Loading entries", total=len(entry_files))
    reading = start_reading(entry_files, project.root, today)  # on other cores, if many
    records, bib_problems = bib or read_bib(project)
    explicit_bibs = [p for p in paths if p.suffix == ".bib"]
    if paths:
        bib_problems = _problems_of(explicit_bibs, project, bib_problems)
    loaded = Loaded(problems=[*bib_problems, *map(_miscased, miscased)])
    if not paths:
        loaded.problems.extend(intro_problems(project.root / "site_src"))
    if not entry_files and not explicit_bibs:
        where = display_path(project.entries_dir)
        loaded.problems.append(Problem(where, 1, WHOLE_FILE, "no entry files (*.yaml) found"))
    drafts = drafts_read(reading, loaded.problems, progress)
    drafts = _unique_ids(drafts, loaded.problems)
    # Loading the whole project, its files name every id; a part of it, look at the rest.
    on_disk = None if paths else entry_files
    _check_references(drafts, lambda: _known_ids(project, drafts, on_disk), loaded.problems)
    entries = _resolve(drafts, records, loaded.problems)
    sources = _sources(project.root.resolve(), [e.source for e in entries])
    entries = [dataclasses.replace(e, source=s) for e, s in zip(entries, sources, strict=True)]
    loaded.entries = _render_citations(entries, project) if cite else entries
    loaded.problems.sort()
    return loaded


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _not_a_project(project: Project) -> Problem:
    message = (
        "no such folder: run digest in a project's folder (the one holding entries/, bib/"
        " and mkdocs.yml) or give --project DIR"
    )
    return Problem(display_path(project.entries_dir), 1, WHOLE_FILE, message)


def _sources(root: Path, shown: Iterable[str]) -> list[str]:
    """Files' paths relative to the project's resolved ``root``: the same in every
    checkout, wherever it is. Each folder is resolved once; a file that is a link, whole."""
    folders: dict[Path, Path] = {}
    sources = []
    for name in shown:
        path = Path(name)
        if path.is_symlink():
            resolved = path.resolve()
        else:
            if path.parent not in folders:
                folders[path.parent] = path.parent.resolve()
            resolved = folders[path.parent] / path.name
        try:
            sources.append(resolved.relative_to(root).as_posix())
        except ValueError:
            sources.append(name)
    return sources


def _problems_of(bibs: list[Path], project: Project, known: list[Problem]) -> list[Problem]:
    """Problems of the given .bib files: already known for those in bib/, read for others."""
    bib_dir = project.bib_dir.resolve()
    inside = {display_path(p) for p in bibs if p.parent.resolve() == bib_dir}
    outside = [p for p in bibs if display_path(p) not in inside]
    return [q for q in known if q.path in inside] + [
        q for p in outside for q in read_bib_file(p, project.root)[1]
    ]


def load_valid(
    project: Project,
    today: date | None = None,
    strict: bool = False,
    progress: Progress = SILENT,
) -> Loaded:
    """Load the whole project, raising InvalidInputError if anything is wrong.

    With ``strict``, warnings count as errors. Citations are rendered (and cached) only
    once everything is valid, so a refused build writes nothing.
    """
    loaded = load(project, today=today, cite=False, progress=progress)
    failing = loaded.failing(strict)
    if failing:
        raise InvalidInputError(failing)
    progress.stage("Rendering citations (APA)")
    loaded.entries = _render_citations(loaded.entries, project)
    return loaded


def _entry_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Entry files given, and those in folders given (not hidden, nor in hidden folders);
    and, from those folders, files whose extension differs from .yaml/.yml only in case."""
    files: list[Path] = []
    miscased: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(_visible_files(path)):
            if found.suffix in ENTRY_SUFFIXES:
                files.append(found)
            elif found.suffix.lower() in ENTRY_SUFFIXES:
                miscased.append(found)
    return files, miscased


def _visible_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` but editors' droppings: ``.#lock`` links, macOS ``._x``,
    anything in ``.git/`` or another hidden folder."""
    for path in folder.rglob("*"):
        if not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def _miscased(path: Path) -> Problem:
    """An entry whose extension differs only in case: reported, not silently skipped."""
    advice = f"rename it to '{path.suffix.lower()}' (digest reads .yaml and .yml)"
    return Problem(display_path(path), 1, WHOLE_FILE, f"'{path.suffix}' is not read; {advice}")


def _unique_ids(drafts: list[Draft], problems: list[Problem]) -> list[Draft]:
    first_seen: dict[str, Draft] = {}
    unique = []
    for draft in drafts:
        entry_id = draft.doc.data["id"]
        first = first_seen.setdefault(entry_id, draft)
        if first is draft:
            unique.append(draft)
            continue
        line = draft.doc.line_of(("id",))
        where = f"{first.shown}:{first.doc.line_of(('id',))}"
        problems.append(
            Problem(draft.shown, line, "id", f"id '{entry_id}' is also used by {where}")
        )
    return unique


def _known_ids(project: Project, drafts: list[Draft], on_disk: list[Path] | None) -> set[str]:
    """Every entry id in the project: its files are named by their ids."""
    if on_disk is None:
        folder = project.entries_dir
        on_disk = _entry_files([folder])[0] if folder.is_dir() else []
    return {p.stem for p in on_disk} | {d.doc.data["id"] for d in drafts}


def _check_references(
    drafts: list[Draft], known_ids: Callable[[], set[str]], problems: list[Problem]
) -> None:
    """``updates`` and ``same_data_as`` must name another entry of the project.

    The ids are gathered only when some entry refers to another (few do).
    """
    known: set[str] | None = None
    for draft in drafts:
        data = draft.doc.data
        fields: list[tuple[tuple[str | int, ...], str]] = [
            (("updates", i), ref) for i, ref in enumerate(data.get("updates", []))
        ]
        fields += [
            (("effects", i, "same_data_as"), effect["same_data_as"])
            for i, effect in enumerate(data.get("effects", []))
            if "same_data_as" in effect
        ]
        for path, ref in fields:
            known = known_ids() if known is None else known
            message = _reference_problem(ref, data["id"], known)
            if message:
                line = draft.doc.line_of(path)
                problems.append(Problem(draft.shown, line, field_name(path), message))


def _reference_problem(ref: str, own: str, known: set[str]) -> str | None:
    if ref == own:
        return f"'{ref}' is this entry itself; name another entry"
    if ref in known:
        return None
    hint = closest(ref, known)
    return f"no entry has the id '{ref}'" + (f" (did you mean '{hint}'?)" if hint else "")


def _resolve(
    drafts: list[Draft], records: dict[str, BibRecord], problems: list[Problem]
) -> list[Entry]:
    entries = []
    for draft in drafts:
        record = _citation_record(draft, records, problems)
        if record is not None:
            entries.append(_entry(draft, citation_from_record(record)))
    return entries


def _citation_record(
    draft: Draft, records: dict[str, BibRecord], problems: list[Problem]
) -> BibRecord | None:
    data = draft.doc.data
    if "citation" in data:
        return _inline_record(draft, problems)
    key = data["cite"]
    if key in records:
        return records[key]
    hint = closest(key, records)
    message = f"no BibTeX entry '{key}' in bib/*.bib" + (
        f"; did you mean '{hint}'?" if hint else ""
    )
    problems.append(Problem(draft.shown, draft.doc.line_of(("cite",)), "cite", message))
    return None


def _inline_record(draft: Draft, problems: list[Problem]) -> BibRecord | None:
    given: dict[str, Any] = draft.doc.data["citation"]
    doi = str(given.get("doi", ""))
    if doi and normalise_doi(doi) is None:
        line = draft.doc.line_of(("citation", "doi"))
        problems.append(
            Problem(
                draft.shown, line, "citation.doi", f"'{doi}' is not a DOI (expected 10.NNNN/suffix)"
            )
        )
        return None
    names = {k: split_names(" and ".join(given[k])) for k in ("author", "editor") if k in given}
    return BibRecord(
        key=draft.doc.data["id"],
        kind=given["type"],
        fields={k: str(v) for k, v in given.items() if k not in names and k != "type"},
        names={k: people for k, (people, _) in names.items()},
        more_names=frozenset(k for k, (_, more) in names.items() if more),
        path=draft.shown,
        line=draft.doc.line_of(("citation",)),
    )


def _entry(draft: Draft, citation: Citation) -> Entry:
    data = draft.doc.data
    vocab = vocabulary()
    return Entry(
        id=data["id"],
        issue=data["issue"],
        title=data["title"].strip(),
        citation=citation,
        research_type=data["type"],
        topics=tuple(str(vocab.canonical("topics", t)) for t in data["topics"]),
        instruments=tuple(
            str(vocab.canonical("instruments", i)) for i in data.get("instruments", [])
        ),
        summary=data["summary"].strip(),
        implications=data["implications"].strip(),
        sample=data.get("sample", "").strip(),
        effects=draft.effects,
        source=draft.shown,
        updates=tuple(data.get("updates", ())),
        draft=data.get("draft", False),
    )


def _render_citations(entries: list[Entry], project: Project) -> list[Entry]:
    # Imported here: digest check never renders citations, and this costs a tenth of it.
    from digest.citations.apa import with_apa

    unique = {e.citation.key: e.citation for e in entries}
    cache = project.root / APA_CACHE
    rendered = dict(zip(unique, with_apa(list(unique.values()), cache), strict=True))
    return [dataclasses.replace(e, citation=rendered[e.citation.key]) for e in entries]
