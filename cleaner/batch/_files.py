"""Finding input files, naming output files, and writing them atomically.

What a folder yields is only what a user would call its articles: files with
a known suffix, not hidden ones (`.git`, `.venv`, `.cleaner_cache`), not what
`.gitignore` files or the config's `exclude:` globs leave out, not the output
folder itself, and not a symlink that leads out of the folder (unless
`--follow-symlinks`) or into the running system (`/proc`, `/sys`, `/dev`).
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pathspec

from ..core import CleanerError
from ..readers import DEFAULT_MAX_BYTES, SUFFIXES, SYSTEM_FOLDERS, WARC_SUFFIXES, is_url, is_warc, local_path
from ._sources import (
    LIST_PREFIX,
    ArchiveScan,
    archive_note,
    archive_stem,
    has_glob,
    list_file_entries,
    local_glob,
    remote_files,
)

# What a web archive named as input becomes: not an input ("no"), one input per page ("pages", the
# archive read once here), or one input for the whole archive ("whole": a cluster task reads it).
ArchiveMode = Literal["no", "pages", "whole"]


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it (for a URL, its path: used to name the output)
    relative: Path  # where it sits below the folder given on the command line
    record: int = -1  # a page of a web archive: where its record starts in the file
    url: str = ""  # read through fsspec (object storage) instead of from `path`

    @property
    def location(self) -> str:
        return self.url or str(self.path)

    @property
    def shown(self) -> str:
        return f"{self.location}#{self.record}" if self.record >= 0 else self.location

    @property
    def is_archive(self) -> bool:
        return self.record < 0 and is_warc(self.relative.name)


@dataclass(frozen=True)
class Selection:
    """Which files under a folder are inputs."""

    follow_symlinks: bool = False  # symlinks may lead out of the folder (never into the running system)
    exclude: tuple[str, ...] = ()  # .gitignore-style patterns, relative to each folder given
    gitignore: bool = True  # honour .gitignore files in the folder and above it, up to the repository root
    hidden: bool = False  # also files and folders whose names start with a dot
    outside: tuple[Path, ...] = ()  # folders never entered (the output folder)


@dataclass
class Inputs:
    files: list[InputFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) for files left out on purpose
    archives: list[str] = field(default_factory=list)  # a line for each web archive: its pages and what was left out
    broken: list[tuple[str, str]] = field(default_factory=list)  # (archive, why) for archives not read to their end


def collect_inputs(
    paths: Sequence[Path | str],
    suffixes: tuple[str, ...] = SUFFIXES,
    selection: Selection = Selection(),
    archives: ArchiveMode = "no",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Inputs:
    """Files named directly, every file with a known suffix under folders, the files a glob, a list
    file (`@list.txt`) or an fsspec URL names, and the pages of web archives (each input once)."""
    found = Inputs()
    seen: set[Path | str] = set()
    avoid = tuple(folder.resolve() for folder in selection.outside)
    if archives != "no":
        suffixes = SUFFIXES + WARC_SUFFIXES
    for given in _expand(paths):
        if is_url(given):
            candidates = [
                InputFile(Path(relative), Path(relative), url=url) for url, relative in remote_files(given, suffixes)
            ]
        else:
            path = Path(local_path(given))
            if not path.exists() and not path.is_symlink():
                raise CleanerError(f"{given}: no such file or folder")
            pairs = _walk(path, suffixes, selection, avoid, found) if path.is_dir() else [(path, Path(path.name))]
            candidates = [InputFile(file, relative) for file, relative in pairs]
        for item in candidates:
            key = item.url or item.path.resolve()
            if key in seen:
                continue
            seen.add(key)
            if archives == "pages" and item.is_archive:
                found.files.extend(_archive_pages(item, max_bytes, found))
            else:
                found.files.append(item)
    return found


def _expand(paths: Sequence[Path | str]) -> list[str]:
    """What was given, with list files read and local globs matched."""
    expanded = []
    for given in map(str, paths):
        entries = list_file_entries(given) if given.startswith(LIST_PREFIX) else [given]
        for entry in entries:
            local = not is_url(entry)
            if local and has_glob(entry) and not Path(local_path(entry)).exists():
                expanded.extend(local_glob(entry))
            else:
                expanded.append(entry)
    return expanded


def _archive_pages(archive: InputFile, max_bytes: int, found: Inputs) -> list[InputFile]:
    scan = ArchiveScan(archive.location, max_bytes)
    pages = [InputFile(archive.path, archive.relative, record=page.offset, url=archive.url) for page in scan.pages()]
    found.archives.append(archive_note(archive.shown, len(pages), scan.skipped))
    if scan.broken:
        found.broken.append((archive.shown, scan.broken))
    return pages


def _walk(
    folder: Path, suffixes: tuple[str, ...], selection: Selection, avoid: tuple[Path, ...], found: Inputs
) -> list[tuple[Path, Path]]:
    """Every matching file below `folder`, sorted; each real folder is entered once (no symlink loops)."""
    top = folder.resolve()
    ignored = _Ignores(folder, selection)
    results: list[tuple[Path, Path]] = []
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        here = Path(root)
        info = os.stat(here)
        if (info.st_dev, info.st_ino) in visited:
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        relative_root = here.relative_to(folder)
        ignored.read(here, relative_root)
        kept = []
        for name in sorted(dirs):
            path, relative = here / name, relative_root / name
            if (name.startswith(".") and not selection.hidden) or ignored.match(relative, folder=True):
                continue
            real = path.resolve()
            if any(real == avoided or avoided in real.parents for avoided in avoid):
                continue  # the output folder inside the input folder: never its own input
            reason = _leads_away(path, real, top, selection)
            if reason:
                found.skipped.append((str(path), reason))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if not name.lower().endswith(suffixes) or (name.startswith(".") and not selection.hidden):
                continue
            path, relative = here / name, relative_root / name
            if ignored.match(relative):
                continue
            reason = _leads_away(path, path.resolve(), top, selection)
            if reason:
                found.skipped.append((str(path), reason))
                continue
            results.append((path, relative))
    return results


def _leads_away(path: Path, real: Path, top: Path, selection: Selection) -> str | None:
    """Why a symlink must not be followed, or None."""
    if str(real).startswith(SYSTEM_FOLDERS) or str(real) + "/" in SYSTEM_FOLDERS:
        return f"links to {real}, a file of the running system; not read"
    if path.is_symlink() and not selection.follow_symlinks and real != top and top not in real.parents:
        return f"a symlink to {real}, outside the input folder; not followed (--follow-symlinks follows it)"
    return None


class _Ignores:
    """The config's `exclude` patterns and the .gitignore files that govern a folder, as pathspec matches."""

    def __init__(self, folder: Path, selection: Selection) -> None:
        self.enabled = selection.gitignore
        self.specs: list[tuple[Path, pathspec.PathSpec]] = []  # (folder relative to the top, its patterns)
        if selection.exclude:
            self.specs.append((Path("."), pathspec.GitIgnoreSpec.from_lines(selection.exclude)))
        if self.enabled:
            for above in _folders_up_to_repository(folder.resolve()):
                spec = _gitignore(above)
                if spec is not None:
                    self.specs.append((Path("."), _rooted(spec, folder.resolve().relative_to(above))))

    def read(self, here: Path, relative: Path) -> None:
        if self.enabled and relative != Path("."):
            spec = _gitignore(here)
            if spec is not None:
                self.specs.append((relative, spec))

    def match(self, relative: Path, folder: bool = False) -> bool:
        for base, spec in self.specs:
            if base != Path(".") and base not in relative.parents:
                continue
            inner = relative.relative_to(base).as_posix() + ("/" if folder else "")
            if spec.match_file(inner):
                return True
        return False


class _Rooted:
    """A parent folder's .gitignore, asked about paths below a subfolder of it."""

    def __init__(self, spec: pathspec.PathSpec, prefix: Path) -> None:
        self.spec, self.prefix = spec, prefix

    def match_file(self, path: str) -> bool:
        return self.spec.match_file((self.prefix / path).as_posix() + ("/" if path.endswith("/") else ""))


def _rooted(spec: pathspec.PathSpec, prefix: Path):
    return spec if prefix == Path(".") else _Rooted(spec, prefix)


def _gitignore(folder: Path) -> pathspec.PathSpec | None:
    path = folder / ".gitignore"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, encoding="utf-8", errors="replace") as stream:
            return pathspec.GitIgnoreSpec.from_lines(stream.read(1 << 20).splitlines())
    except OSError:
        return None


def _folders_up_to_repository(folder: Path) -> list[Path]:
    """`folder` and the folders above it up to the repository that holds it (none above when it is in none)."""
    chain = [folder]
    for parent in folder.parents:
        if (chain[-1] / ".git").exists():
            return chain
        chain.append(parent)
    return [folder]


def output_path(out_dir: Path, item: InputFile, suffix: str = ".md", keep_suffix: bool = False) -> Path:
    """`in/a/b.html` -> `OUT/a/b.md` (and `b.html.gz` too); with `keep_suffix`, `OUT/a/b.html.md`.

    A web archive's page is named by where its record starts: `crawl.warc.gz` -> `OUT/crawl/000000012345.md`.
    """
    if item.record >= 0:
        return out_dir / archive_stem(item.relative) / f"{item.record:012d}{suffix}"
    name = item.relative.name
    if not keep_suffix:
        for known in sorted(SUFFIXES, key=len, reverse=True):
            if name.lower().endswith(known):
                name = name[: -len(known)]
                break
    return out_dir / item.relative.parent / (name + suffix)


def plan_outputs(out_dir: Path, items: list[InputFile]) -> tuple[dict[InputFile, Path], list[str]]:
    """Each input's output file, and a line for each name clash settled.

    Inputs that would write the same file ("story.txt", "story.TXT" and
    "story.html" all become "story.md"; names that differ only in case clash on
    many file systems) each keep their whole name instead: "story.txt.md".
    Two inputs that clash even then (only on a case-insensitive disk) are
    given up by the caller with the reason.
    """
    plain = {item: output_path(out_dir, item) for item in items}
    groups: dict[str, list[InputFile]] = {}
    for item in items:
        groups.setdefault(str(plain[item]).casefold(), []).append(item)
    notes = []
    for clashing in (group for group in groups.values() if len(group) > 1):
        for item in clashing:
            plain[item] = output_path(out_dir, item, keep_suffix=True)
        notes.append(
            f"{', '.join(item.shown for item in clashing)} would all be written to "
            f"{output_path(out_dir, clashing[0])}; each keeps its own name instead ("
            f"{', '.join(plain[item].name for item in clashing)})"
        )
    return plain, notes


def write_output(out_dir: Path, target: Path, markdown: str, inputs: Set[Path] = frozenset()) -> str | None:
    """Write one output file inside `out_dir`; the reason it was not written, or None."""
    if target.resolve() in inputs:
        return f"output {target} would overwrite an input; not written"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not inside(out_dir, target):
            return f"output {target} leads out of {out_dir} through a symlink; not written"
        write_atomic(target, markdown)
    except OSError as error:
        return f"cannot write {target}: {error.strerror or error}"
    return None


def inside(folder: Path, target: Path) -> bool:
    """Would `target` be written inside `folder` (with every symlink on the way resolved)?"""
    real = target.parent.resolve()
    return real == folder or folder in real.parents


# A file name has at most 255 bytes on the usual file systems; a temporary name
# built from a long one must stay below that.
_TEMPORARY_NAME_ROOM = 100


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stem = path.name.encode("utf-8")[:_TEMPORARY_NAME_ROOM].decode("utf-8", "ignore")
    temporary = path.parent / f".{stem}.{secrets.token_hex(4)}.tmp"
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
