#!/usr/bin/env python3
"""Score `cleaner clean` on whole-page texts against the gold article bodies.

    python -m bench.page_text [--bench ../shared/bench]

Each text/ID.txt is the visible text of a whole page (menus, the article,
teasers, comments, footer). Runs the real command line over text/ into a
temporary folder, once as it is and once with rule debris/outside-article
switched off, then the benchmark's own scorer on both and, side by side, on
text/ as it is (keeping every line); prints each with the time the clean took.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .scoring import DEFAULT_BENCH, clean, score

WITHOUT_PAGE_CUT = "stage: strip_debris\nrules:\n  - id: debris/outside-article\n    enabled: false\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH, help="folder holding extraction/ and score_extraction.py"
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for cleaner (0: one per core)")
    args = parser.parse_args()
    extraction = args.bench / "extraction"
    pages = extraction / "text"
    count = len(list(pages.glob("*.txt")))
    with tempfile.TemporaryDirectory() as folder:
        switch_off = Path(folder) / "without-page-cut.yaml"
        switch_off.write_text(WITHOUT_PAGE_CUT, encoding="utf-8")
        runs = [("cleaner clean", []), ("cleaner clean, debris/outside-article off", ["--rules", str(switch_off)])]
        print(score(args.bench, pages, "keep every line"))
        for index, (name, extra) in enumerate(runs):
            out = Path(folder) / f"out{index}"
            seconds = clean(pages, out, args.jobs, extra)
            print(score(args.bench, out, name))
            print(
                f"{name}: {count} pages in {seconds:.2f}s "
                f"({count / seconds:.1f} pages/s, whole process, --jobs {args.jobs})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
