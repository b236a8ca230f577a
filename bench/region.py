#!/usr/bin/env python3
"""Score `cleaner clean` on the article-region texts against the gold article bodies.

    python bench/region.py [--bench ../shared/bench]

Runs the real command line over region/ into a temporary folder, then the
benchmark's own scorer on that folder and, side by side, on region/ as it is
(keeping every line), and prints both with the time the clean took.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score(scorer: Path, gold: Path, predictions: Path, name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(predictions), "--name", name],
        capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench", help="folder holding extraction/ and score_extraction.py")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for cleaner (0: one per core)")
    args = parser.parse_args()
    extraction = args.bench / "extraction"
    scorer = args.bench / "score_extraction.py"
    gold = extraction / "ground-truth.json"
    region = extraction / "region"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cleaner", "clean", str(region), "-o", str(out), "--jobs", str(args.jobs)],
            check=True, cwd=ROOT, stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        pages = len(list(region.glob("*.txt")))
        print(score(scorer, gold, region, "keep every line"))
        print(score(scorer, gold, out, "cleaner clean"))
        print(f"cleaner clean: {pages} pages in {seconds:.2f}s ({pages / seconds:.0f} pages/s, whole process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
