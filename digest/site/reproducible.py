"""What makes two builds of the same inputs byte-identical.

- MkDocs dates sitemap.xml (and the header of sitemap.xml.gz) with the build day unless
  SOURCE_DATE_EPOCH is set (https://reproducible-builds.org/specs/source-date-epoch/).
  digest sets it, when the caller has not, to the first day of the newest issue month:
  the date the site's content last changed, as far as its inputs can tell.
- Pagefind writes each filter's values from a hash map, in an order that changes from
  run to run (Pagefind issue #638), and names the files by their content. The filter
  files are rewritten with their values sorted, renamed by their new content, and the
  index metadata that names them follows.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cbor2

from digest.common.errors import DigestError
from digest.common.model import Entry

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# Pagefind's index files: gzip of this signature followed by CBOR.
_SIGNATURE = b"pagefind_dcd"
_META_FILTERS = 3


@contextmanager
def source_date(entries: Sequence[Entry]) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set for the duration, unless the caller set it already."""
    if os.environ.get(SOURCE_DATE_EPOCH) or not entries:
        yield
        return
    os.environ[SOURCE_DATE_EPOCH] = str(newest_issue_epoch(entries))
    try:
        yield
    finally:
        os.environ.pop(SOURCE_DATE_EPOCH, None)


def newest_issue_epoch(entries: Sequence[Entry]) -> int:
    newest = max(e.issue for e in entries)  # YYYY-MM sorts as it reads
    return int(datetime.strptime(newest, "%Y-%m").replace(tzinfo=UTC).timestamp())


def stabilise_search_index(pagefind: Path) -> None:
    """Rewrite Pagefind's filter indexes in a fixed order, and rename what names them."""
    try:
        _stabilise(pagefind)
    except (OSError, ValueError, KeyError, TypeError) as err:
        message = f"{pagefind}: Pagefind's index is not in the format digest knows: {err!r}"
        raise DigestError(message) from None


def _stabilise(pagefind: Path) -> None:
    entry_file = pagefind / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_file = pagefind / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_file)
        meta_file.unlink()
        meta[_META_FILTERS] = sorted(
            [name, _stable_filter(pagefind / "filter", language, short)]
            for name, short in meta[_META_FILTERS]
        )
        about["hash"] = _write(pagefind, "pagefind.{}.pf_meta", language, meta, length=10)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_file.write_text(text, encoding="utf-8")


def _stable_filter(folder: Path, language: str, short: str) -> str:
    path = folder / f"{short}.pf_filter"
    name, values = _read(path)
    path.unlink()
    return _write(folder, "{}.pf_filter", language, [name, sorted(values)], length=7)


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind index file")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, pattern: str, language: str, data: Any, length: int) -> str:
    encoded = cbor2.dumps(data)
    short = f"{language}_{hashlib.sha256(encoded).hexdigest()[:length]}"
    compressed = gzip.compress(_SIGNATURE + encoded, mtime=0)
    (folder / pattern.format(short)).write_bytes(compressed)
    return short
