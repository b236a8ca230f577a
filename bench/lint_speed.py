#!/usr/bin/env python3
"""Time `cleaner lint` against `proselint check` on the region articles copied nine times.

    python -m bench.lint_speed [--bench ../shared/bench] [--copies 9] [--runs 3] [--proselint PATH]

All run as whole processes on the same folder (549 files, 5 MB), round after
round (so a noisy moment touches each alike): `cleaner lint` with no cache,
`cleaner lint` with the cache warm (a first run fills it), and proselint
(from PATH, the `bench` extra, or --proselint). Prints min / median / max and
the ratios of the medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--copies", type=int, default=9)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--proselint", default=shutil.which("proselint"), help="the proselint executable")
    args = parser.parse_args()
    region = args.bench / "extraction" / "region"
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "articles"
        for copy in range(1, args.copies + 1):
            shutil.copytree(region, tree / f"copy{copy}")
        files = list(tree.rglob("*.txt"))
        size = sum(path.stat().st_size for path in files) / 1e6
        lint = [sys.executable, "-m", "cleaner", "lint"]
        commands = {
            "cleaner lint --no-cache": [*lint, "--no-cache", str(tree)],
            "cleaner lint, cache warm": [*lint, str(tree)],
        }
        if args.proselint:
            commands["proselint check"] = [args.proselint, "check", str(tree)]
        timed(commands["cleaner lint, cache warm"], Path(folder))  # fills the cache (in the folder run from)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, Path(folder)))
        print(f"{len(files)} files, {size:.1f} MB; {args.runs} interleaved rounds of whole processes\n")
        print(f"{'':26s} {'min s':>7s} {'median':>7s} {'max s':>7s}")
        for name, values in times.items():
            print(f"{name:26s} {min(values):7.2f} {statistics.median(values):7.2f} {max(values):7.2f}")
        cold = statistics.median(times["cleaner lint --no-cache"])
        warm = statistics.median(times["cleaner lint, cache warm"])
        print(f"\nwarm / cold: {warm / cold:.1%} (target at most 10%)")
        if args.proselint:
            theirs = statistics.median(times["proselint check"])
            print(f"cleaner lint (no cache) is {theirs / cold:.2f}x as fast as proselint (target at least 3x)")
        else:
            print("proselint not found: pip install proselint, or pass --proselint")
    return 0


if __name__ == "__main__":
    sys.exit(main())
