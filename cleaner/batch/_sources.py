"""Inputs beyond a local folder: globs, list files, object-storage URLs (fsspec) and web archives.

Each yields `InputFile`s like a folder does. A web archive is opened once here
to find where its pages start: each page becomes an input of its own (the
archive's path and the record's offset), so workers read one record each by
seeking to it; records that are not pages are counted by why, never cleaned.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..core import CleanerError
from ..readers import WARC_SUFFIXES, WarcPage, import_fsspec, local_path, open_location, warc_records

LIST_PREFIX = "@"  # `@inputs.txt`: a file naming one input per line
_GLOB_CHARACTERS = frozenset("*?[")


def has_glob(given: str) -> bool:
    return any(character in _GLOB_CHARACTERS for character in given)


def list_file_entries(given: str) -> list[str]:
    """The inputs a list file names: one a line; blank lines and lines starting with # are left out."""
    path = Path(local_path(given[len(LIST_PREFIX) :]))
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise CleanerError(f"{path}: cannot read the list of inputs ({reason})") from None
    entries = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if any(entry.startswith(LIST_PREFIX) for entry in entries):
        raise CleanerError(f"{path}: a list of inputs names another list; give files, folders, globs or URLs")
    return entries


def local_glob(pattern: str) -> list[str]:
    matches = sorted(glob.glob(local_path(pattern), recursive=True))
    if not matches:
        raise CleanerError(f"{pattern}: no file matches")
    return matches


def remote_files(url: str, suffixes: tuple[str, ...]) -> list[tuple[str, PurePosixPath]]:
    """(URL, path below what was given) for each input an fsspec URL names: a file, a folder or a glob."""
    fsspec = import_fsspec()
    try:
        filesystem, root = fsspec.core.url_to_fs(url)
        protocol = url.split("://", 1)[0]
        if has_glob(root):
            base = root[: min(root.find(c) for c in _GLOB_CHARACTERS if c in root)].rsplit("/", 1)[0]
            names = sorted(filesystem.glob(root))
        elif filesystem.isdir(root):
            base = root.rstrip("/")
            names = sorted(name for name in filesystem.find(root) if name.lower().endswith(suffixes))
        elif filesystem.exists(root):
            base, names = root.rsplit("/", 1)[0] if "/" in root else "", [root]
        else:
            raise CleanerError(f"{url}: no such file or folder")
    except CleanerError:
        raise
    except Exception as error:  # each storage backend has its own errors
        raise CleanerError(f"{url}: cannot list it ({type(error).__name__}: {error})") from None
    if not names:
        raise CleanerError(f"{url}: no file matches")
    found = []
    for name in names:
        relative = PurePosixPath(name.removeprefix(base).lstrip("/") if base else name.lstrip("/"))
        found.append((f"{protocol}://{name.lstrip('/')}" if protocol == "memory" else f"{protocol}://{name}", relative))
    return found


class ArchiveScan:
    """One pass over an archive: where each page starts, and how many records were left out, by why."""

    def __init__(self, location: str, max_bytes: int, start: int = 0, stop: int | None = None) -> None:
        self.location, self.max_bytes = location, max_bytes
        self.start, self.stop = start, stop  # only the records that start in this range
        self.skipped: Counter[str] = Counter()
        self.broken: str | None = None  # why the archive could not be read to its end

    def pages(self) -> Iterator[WarcPage]:
        try:
            stream = open_location(self.location)
        except OSError as error:
            self.broken = f"cannot open it ({error.strerror or error})"
            return
        with stream:
            for found in warc_records(stream, self.max_bytes, self.start, self.stop):
                if isinstance(found, WarcPage):
                    yield found
                elif not found.record_id and not found.url:  # the archive itself is damaged from here on
                    self.broken = f"{found.why} (at byte {found.offset})"
                else:
                    self.skipped[_reason_kind(found.why)] += 1


def archive_note(shown: str, pages: int, skipped: Counter[str]) -> str:
    """`crawl.warc.gz: 998 pages; left out 2,004 records: 1,000 a request record, ...`"""
    line = f"{shown}: {pages:,} page{'s' * (pages != 1)}"
    if skipped:
        total = sum(skipped.values())
        reasons = ", ".join(
            f"{count:,} {why}" for why, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        line += f"; left out {total:,} record{'s' * (total != 1)}: {reasons}"
    return line


def _reason_kind(why: str) -> str:
    return why.split(" (", 1)[0] if why.startswith(("HTTP status", "larger than")) else why


def archive_stem(relative: PurePosixPath | Path) -> PurePosixPath:
    """`crawls/a.warc.gz` -> `crawls/a`: the folder an archive's pages are written to."""
    name = relative.name
    for suffix in sorted(WARC_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return PurePosixPath(relative.parent.as_posix()) / name
