"""What the extraction benchmarks share: where the dev set is, running cleaner, scoring a folder."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"  # holds extraction/ and score_extraction.py


def score(bench: Path, predictions: Path, name: str) -> str:
    """The benchmark's own scorer on a folder of predictions, as it prints it."""
    result = subprocess.run(
        [
            sys.executable,
            str(bench / "score_extraction.py"),
            "--gold",
            str(bench / "extraction" / "ground-truth.json"),
            "--pred",
            str(predictions),
            "--name",
            name,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def clean(pages: Path, out: Path, jobs: int, extra: list[str] = ()) -> float:
    """Seconds one whole `cleaner clean` process takes over `pages`."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(pages), "-o", str(out), "--jobs", str(jobs), *extra],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started
