#!/usr/bin/env python3
"""Time `cleaner lint` against `proselint check` on the region articles copied nine times.

    python -m bench.lint_speed [--bench ../shared/bench] [--copies 9] [--proselint PATH]

Both run as whole processes on the same folder (549 files, 5 MB), each three
times; the best time of each is printed with the ratio. proselint is taken
from PATH (`pip install proselint`, or the `bench` extra) or --proselint.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--copies", type=int, default=9)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--proselint", default=shutil.which("proselint"), help="the proselint executable")
    args = parser.parse_args()
    region = args.bench / "extraction" / "region"
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        for copy in range(1, args.copies + 1):
            shutil.copytree(region, tree / f"copy{copy}")
        files = list(tree.rglob("*.txt"))
        size = sum(path.stat().st_size for path in files) / 1e6
        print(f"{len(files)} files, {size:.1f} MB; best of {args.runs} runs, whole processes")
        ours = best_time([sys.executable, "-m", "cleaner", "lint", "--no-cache", str(tree)], args.runs)
        print(f"  cleaner lint (every default stage, no cache)  {ours:6.2f} s")
        cached = best_time([sys.executable, "-m", "cleaner", "lint", str(tree)], args.runs)
        print(f"  cleaner lint (second run, cache warm)         {cached:6.2f} s")
        if args.proselint:
            theirs = best_time([args.proselint, "check", str(tree)], args.runs)
            print(f"  proselint check                               {theirs:6.2f} s")
            print(f"  cleaner lint is {theirs / ours:.2f}x as fast as proselint (target: at least 2x)")
        else:
            print("  proselint not found: pip install proselint, or pass --proselint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
