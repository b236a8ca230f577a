"""What a `clean -o` run has finished, kept beside its outputs, so that `--resume` skips it.

One JSON line per finished file (its output, its input's size and modification
time, its batch-learning summary), appended and flushed as soon as its output is
written: a run killed at any moment leaves a journal that lists no output it did
not write. The first line names the rules and code that made them; a run with
other rules or code starts afresh, and a resumed run learns from the summaries of
the files it skips.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

JOURNAL_NAME = ".cleaner-run.jsonl"  # hidden: a later run over the output folder does not read it


class Journal:
    def __init__(self, out_dir: Path, fingerprint: str, resume: bool) -> None:
        self.path = out_dir / JOURNAL_NAME
        self.done: dict[str, tuple[str, Any]] = {}  # output relative to out_dir -> (input signature, observed)
        self.problem: str | None = None  # why no journal is kept (an unwritable folder): outputs are still written
        self._stream: TextIO | None = None
        if resume and self.path.is_file() and not self.path.is_symlink():  # never a FIFO or a planted link
            self.done = _read(self.path, fingerprint)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            if not self.done and (self.path.is_symlink() or self.path.exists()):
                self.path.unlink()  # a fresh journal; never written through a link planted in the folder
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW
            self._stream = os.fdopen(os.open(self.path, flags, 0o644), "a", encoding="utf-8")
            if not self.done:
                self._write({"fingerprint": fingerprint})
        except OSError as error:
            self.problem = (
                f"cannot keep {self.path.name} in {out_dir} ({error.strerror or error}); --resume will not skip"
            )
            self.done, self._stream = {}, None

    def finished(self, output: str, signature: str, observed: Any) -> None:
        self.done[output] = (signature, observed)
        self._write({"output": output, "input": signature, "observed": observed})

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def _write(self, entry: dict[str, Any]) -> None:
        if self._stream is None:
            return
        # Flushed to the kernel: a killed process loses nothing it wrote. (No fsync: after a power cut the
        # last lines may be missing, and those files are simply cleaned again.)
        try:
            self._stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._stream.flush()
        except OSError as error:  # a full disk: the outputs matter more than the journal
            self.problem, self._stream = f"stopped keeping {self.path.name}: {error.strerror or error}", None


def _read(path: Path, fingerprint: str) -> dict[str, tuple[str, Any]]:
    """The files an earlier run with the same fingerprint finished; nothing if it differs or is unreadable."""
    done: dict[str, tuple[str, Any]] = {}
    try:
        with path.open(encoding="utf-8") as stream:
            header = json.loads(stream.readline() or "{}")
            if not isinstance(header, dict) or header.get("fingerprint") != fingerprint:
                return {}
            for line in stream:
                try:
                    entry = json.loads(line)
                    done[str(entry["output"])] = (str(entry["input"]), entry.get("observed"))
                except (ValueError, KeyError, TypeError):
                    break  # a line cut by a kill: what follows it is not trusted
    except (OSError, ValueError):
        return {}
    return done
