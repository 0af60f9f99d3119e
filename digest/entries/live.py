"""A project loaded once and kept in memory: a refresh re-reads only the files that changed.

``digest serve`` holds one. Each entry file is known by its size and time of change; a
refresh reads again only files whose size or time moved (and keeps an entry whose bytes
turn out the same), new files, and none of the others. A file that has become broken
keeps its last good entry for the other pages, and its problems say why its own page
cannot show it. A change to a .bib file re-reads the .bib files and every entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from digest.common.errors import Problem, display_path
from digest.common.model import Entry
from digest.entries.load import BibRead, Loaded, Project, entry_paths, load, read_bib

#: What tells a file has changed without reading it.
Stamp = tuple[int, int]


@dataclass
class _File:
    stamp: Stamp
    text: bytes
    entry: Entry | None
    problems: list[Problem]


@dataclass(frozen=True)
class Refresh:
    """What a refresh found: the files read again, and the entries that differ now."""

    files: list[str] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)


@dataclass
class LiveProject:
    """The project's entries, kept; ``refresh`` brings them up to date with the files."""

    project: Project
    today: date
    _files: dict[Path, _File] = field(default_factory=dict)
    _bib: BibRead = field(default_factory=lambda: ({}, []))
    _bib_stamps: dict[Path, Stamp] | None = None
    #: Problems of no one entry file (.bib files, site_src/), from the last whole load.
    _shared: list[Problem] = field(default_factory=list)
    #: How many files each refresh read (the preview's tests count them).
    reads: list[int] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        """Every entry that loaded, a broken file's last good one included."""
        return [f.entry for f in self._files.values() if f.entry is not None]

    @property
    def problems(self) -> list[Problem]:
        found = [p for f in self._files.values() for p in f.problems]
        return sorted([*self._shared, *found])

    def broken(self) -> dict[str, list[Problem]]:
        """The errors of each file that does not load now, by its file name's stem."""
        return {
            path.stem: errors
            for path, f in self._files.items()
            if (errors := [p for p in f.problems if p.severity == "error"])
        }

    def refresh(self) -> Refresh:
        """Re-read what changed on disk since the last refresh (everything, the first time)."""
        bib_stamps = _stamps(self._bib_paths())
        if bib_stamps != self._bib_stamps:
            self._bib_stamps, self._bib = bib_stamps, read_bib(self.project)
            return self._read_all()
        stamps = _stamps(entry_paths(self.project))
        changed = [
            p for p, s in stamps.items() if p not in self._files or self._files[p].stamp != s
        ]
        gone = [p for p in self._files if p not in stamps]
        refresh = self._read(changed)
        for path in gone:
            old = self._files.pop(path).entry
            refresh.files.append(display_path(path))
            if old is not None:
                refresh.changed.add(old.id)
        return refresh

    def _bib_paths(self) -> list[Path]:
        folder = self.project.bib_dir
        return sorted(folder.glob("*.bib")) if folder.is_dir() else []

    def _read_all(self) -> Refresh:
        """Every file read again, in one load (as ``digest check`` reads them)."""
        paths = entry_paths(self.project)
        loaded = load(self.project, today=self.today, bib=self._bib)
        root = self.project.root.resolve()
        entries = {(root / e.source).resolve(): e for e in loaded.entries}
        shown = {display_path(p): p for p in paths}
        problems: dict[Path, list[Problem]] = {p: [] for p in paths}
        self._shared = []
        for problem in loaded.problems:
            owner = shown.get(problem.path)
            (problems[owner] if owner else self._shared).append(problem)
        refresh = Refresh(files=list(shown))
        old_files, self._files = self._files, {}
        for path in paths:
            old = old_files.get(path)
            entry = entries.get(path.resolve())
            if entry is None and old is not None:
                entry = old.entry
            self._files[path] = _File(_stamp(path), _bytes(path), entry, problems[path])
            if old is None or old.entry != entry:
                refresh.changed.update(e.id for e in (old and old.entry, entry) if e)
        for path in old_files.keys() - self._files.keys():
            refresh.changed.update(e.id for e in [old_files[path].entry] if e)
        self.reads.append(len(paths))
        return refresh

    def _read(self, paths: Iterable[Path]) -> Refresh:
        refresh = Refresh()
        read = 0
        for path in paths:
            old = self._files.get(path)
            text = _bytes(path)
            if old is not None and old.text == text:
                old.stamp = _stamp(path)
                continue
            read += 1
            self._files[path] = self._file(path, text, old)
            refresh.files.append(display_path(path))
            new = self._files[path].entry
            if old is None or old.entry != new:
                refresh.changed.update(e.id for e in (old and old.entry, new) if e)
        self.reads.append(read)
        return refresh

    def _file(self, path: Path, text: bytes, old: _File | None) -> _File:
        loaded = self._load([path])
        entry = loaded.entries[0] if loaded.entries and not loaded.errors else None
        kept = entry if entry is not None else (old.entry if old else None)
        return _File(_stamp(path), text, kept, loaded.problems)

    def _load(self, paths: list[Path]) -> Loaded:
        return load(self.project, paths, today=self.today, bib=self._bib)


def _stamps(paths: Iterable[Path]) -> dict[Path, Stamp]:
    stamps = {}
    for path in paths:
        try:
            stamps[path] = _stamp(path)
        except OSError:  # gone between listing and looking
            continue
    return stamps


def _stamp(path: Path) -> Stamp:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
