"""Finding input files, naming output files, and writing them atomically."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CleanerError
from .readers import SUFFIXES


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it
    relative: Path  # where it sits below the folder given on the command line

    @property
    def shown(self) -> str:
        return str(self.path)


def collect_inputs(paths: list[Path], suffixes: tuple[str, ...] = SUFFIXES) -> list[InputFile]:
    """Files named directly, plus every file with a known suffix under folders (each file once)."""
    found: list[InputFile] = []
    seen: set[Path] = set()
    for given in paths:
        if not given.exists():
            raise CleanerError(f"{given}: no such file or folder")
        if given.is_file():
            candidates = [(given, Path(given.name))]
        else:
            candidates = [(path, path.relative_to(given)) for path in _walk(given, suffixes)]
        for path, relative in candidates:
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                found.append(InputFile(path, relative))
    return found


def _walk(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Every matching file below `folder`, sorted; each real folder is entered once (no symlink loops)."""
    results: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        stat = os.stat(root)
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            dirs[:] = []
            continue
        visited.add(key)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(suffixes):
                results.append(Path(root) / name)
    return results


def output_path(out_dir: Path, item: InputFile, suffix: str = ".md") -> Path:
    """`in/a/b.html` -> `OUT/a/b.md` (and `b.html.gz` too)."""
    name = item.relative.name
    for known in sorted(SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(known):
            name = name[: -len(known)]
            break
    return out_dir / item.relative.parent / (name + suffix)


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
