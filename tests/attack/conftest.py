"""What every attack case shares: running cleaner as a whole process, with a time limit."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
STORY = "The council met on Tuesday and voted to close the old library, which has served the town for ninety years.\n"
TYPO = "The goverment said the plan  would go ahead on Monday, and the council agreed.\n"


class Run:
    """A finished `cleaner` process: exit code, output, and helpers for the promises checked."""

    def __init__(self, process: subprocess.CompletedProcess) -> None:
        self.code = process.returncode
        self.out = process.stdout
        self.err = process.stderr

    def lines(self, prefix: str = "error: ") -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith(prefix)]

    def one_line_about(self, name: str, words: str, prefix: str = "error: ") -> bool:
        """Exactly one line names the file and says why; no traceback anywhere."""
        hits = [line for line in self.lines(prefix) if name in line and words in line]
        return len(hits) == 1 and "Traceback" not in self.out + self.err


@pytest.fixture
def cleaner(tmp_path: Path):
    """`cleaner(*args, timeout=...)`: run the command line in `tmp_path` as a whole process."""

    def run(*args, timeout: float = 120, env: dict | None = None, cwd: Path | None = None) -> Run:
        process = subprocess.run(
            [sys.executable, "-m", "cleaner", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            timeout=timeout,
            env=env,
            errors="surrogateescape",
        )
        return Run(process)

    return run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
