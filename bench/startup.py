"""How long cleaner takes to start: whole processes, min / median / max of several runs.

    python -m bench.startup [--runs 15]

`cleaner --help` must not load any stage; `cleaner --version` is the floor (Python,
typer and the core package), `python -c pass` the interpreter alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "cleaner --version": [sys.executable, "-m", "cleaner", "--version"],
    "cleaner --help": [sys.executable, "-m", "cleaner", "--help"],
    "cleaner rules list": [sys.executable, "-m", "cleaner", "rules", "list"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):  # interleaved, so a noisy moment touches every command alike
        for name, command in COMMANDS.items():
            times[name].append(timed(command))
    print(f"{'':22s} {'min':>7s} {'median':>7s} {'max':>7s}   (seconds, {args.runs} runs each)")
    for name, values in times.items():
        print(f"{name:22s} {min(values):7.3f} {statistics.median(values):7.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
