#!/usr/bin/env python3
"""Score `cleaner clean` on the article-region texts against the gold article bodies.

    python -m bench.region [--bench ../shared/bench]

Runs the real command line over region/ into a temporary folder, then the
benchmark's own scorer on that folder and, side by side, on region/ as it is
(keeping every line), and prints both with the time the clean took.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .scoring import DEFAULT_BENCH, clean, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH, help="folder holding extraction/ and score_extraction.py"
    )
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for cleaner (0: one per core)")
    args = parser.parse_args()
    region = args.bench / "extraction" / "region"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        seconds = clean(region, out, args.jobs)
        pages = len(list(region.glob("*.txt")))
        print(score(args.bench, region, "keep every line"))
        print(score(args.bench, out, "cleaner clean"))
        print(f"cleaner clean: {pages} pages in {seconds:.2f}s ({pages / seconds:.0f} pages/s, whole process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
