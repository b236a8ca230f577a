#!/usr/bin/env python3
"""The review page's costs: writing it beside cleaning, and its first render in headless Chromium.

    pip install -e '.[bench,scale]'   # and Debian's chromium
    python -m bench.review [--bench ../shared/bench] [--pages 1000] [--runs 2] [--screenshot docs/review.png]

1. The same `--pages` dev pages (as in bench.scale) cleaned with `cleaner clean -o` and with
   `cleaner clean -o --report`, whole processes, round after round; the report's share of the
   clean time is the difference over the plain run (target at most 10%).
2. A page for ten times as many files, made from those files' parts taken ten times over, opened
   in headless Chromium: the time from the start of loading to the index shown, as the page
   itself measures it (target at most 1 s for 10,000 files), and the page's size.
`--screenshot` also writes a picture of the overview of the seeds' and test pages' report.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scale import build
from .scoring import DEFAULT_BENCH, ROOT

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - started


def first_render(page: Path, profile: Path) -> int:
    """Milliseconds from the start of loading to the index shown, as the page records it."""
    dom = subprocess.run(
        ["chromium", *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    found = re.search(r'data-rendered="(\d+)"', dom)
    if not found:
        raise SystemExit("the page did not record its first render")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--screenshot", type=Path)
    options = parser.parse_args()
    clean = [sys.executable, "-m", "cleaner", "clean"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _, files = build(options.bench, options.pages, folder)
        plain, reported = [], []
        timed(clean + [str(files), "-o", str(folder / "warm")])  # the first run builds the word-data cache
        for round in range(options.runs):
            report = folder / f"report{round}.html"
            with_report = clean + [str(files), "-o", str(folder / f"b{round}"), "--report", str(report)]
            without = clean + [str(files), "-o", str(folder / f"a{round}")]
            for command in (without, with_report) if round % 2 == 0 else (with_report, without):
                (reported if "--report" in command else plain).append(timed(command))
        base, with_report = statistics.median(plain), statistics.median(reported)
        print(
            f"{options.pages} pages, medians of {options.runs} rounds: clean {base:.1f} s, with --report "
            f"{with_report:.1f} s: the report costs {(with_report - base) / base:.1%} of the clean time (target 10%)"
        )
        big = folder / "big.html"
        started = time.perf_counter()
        _tenfold(report, big)
        print(
            f"page for {10 * options.pages} files written in {time.perf_counter() - started:.1f} s, "
            f"{big.stat().st_size / 2**20:.1f} MB"
        )
        renders = [first_render(big, folder / f"profile{n}") for n in range(3)]
        print(f"first render in Chromium: {statistics.median(renders)} ms (median of 3: {renders}; target 1000)")
        if options.screenshot:
            _screenshot(folder, options.screenshot)
    return 0


def _tenfold(report: Path, big: Path) -> None:
    """The report's files ten times over (new names), written through the same code as a run's."""
    from cleaner.pipeline import Settings
    from cleaner.review import ReviewParts, read_parts, write_report

    parts = read_parts(report.read_text(encoding="utf-8"))
    collected = ReviewParts()
    for copy in range(10):
        for part in parts:
            collected.add({**part, "file": f"copy-{copy}/{part['file']}"})
    write_report(big, collected, Settings())
    collected.close()


def _screenshot(folder: Path, target: Path) -> None:
    inputs = folder / "shot"
    inputs.mkdir()
    for path in [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "pages").glob("*.html")]:
        shutil.copy(path, inputs / path.name)
    report = folder / "shot.html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner",
            "clean",
            str(inputs),
            "-o",
            str(folder / "shot-out"),
            "--report",
            str(report),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            "chromium",
            *FLAGS,
            f"--user-data-dir={folder / 'shot-profile'}",
            f"--screenshot={target.resolve()}",
            "--window-size=1280,1100",
            report.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    print(f"screenshot: {target}")


if __name__ == "__main__":
    sys.exit(main())
