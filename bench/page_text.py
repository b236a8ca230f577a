#!/usr/bin/env python3
"""Score `cleaner clean` on whole-page texts against the gold article bodies.

    python bench/page_text.py [--bench ../shared/bench]

Each text/ID.txt is the visible text of a whole page (menus, the article,
teasers, comments, footer). Runs the real command line over text/ into a
temporary folder, once as it is and once with rule debris/outside-article
switched off, then the benchmark's own scorer on both and, side by side, on
text/ as it is (keeping every line); prints each with the time the clean took.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_PAGE_CUT = "stage: strip_debris\nrules:\n  - id: debris/outside-article\n    enabled: false\n"


def score(scorer: Path, gold: Path, predictions: Path, name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(predictions), "--name", name],
        capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def clean(pages: Path, out: Path, jobs: int, extra: list[str]) -> float:
    """Seconds one whole `cleaner clean` process takes over `pages`."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(pages), "-o", str(out), "--jobs", str(jobs), *extra],
        check=True, cwd=ROOT, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench", help="folder holding extraction/ and score_extraction.py")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for cleaner (0: one per core)")
    args = parser.parse_args()
    extraction = args.bench / "extraction"
    scorer = args.bench / "score_extraction.py"
    gold = extraction / "ground-truth.json"
    pages = extraction / "text"
    count = len(list(pages.glob("*.txt")))
    with tempfile.TemporaryDirectory() as folder:
        switch_off = Path(folder) / "without-page-cut.yaml"
        switch_off.write_text(WITHOUT_PAGE_CUT, encoding="utf-8")
        runs = [("cleaner clean", []), ("cleaner clean, debris/outside-article off", ["--rules", str(switch_off)])]
        print(score(scorer, gold, pages, "keep every line"))
        for index, (name, extra) in enumerate(runs):
            out = Path(folder) / f"out{index}"
            seconds = clean(pages, out, args.jobs, extra)
            print(score(scorer, gold, out, name))
            print(f"{name}: {count} pages in {seconds:.2f}s ({count / seconds:.1f} pages/s, whole process, --jobs {args.jobs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
