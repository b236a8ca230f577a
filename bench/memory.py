#!/usr/bin/env python3
"""Memory of whole `cleaner clean` runs: many small articles, and one very large text file.

    python -m bench.memory [--bench ../shared/bench] [--articles 1000,10000] [--big-mb 50] [--jobs 2]

Small articles are the BBC News dev texts (clean-text/bbc), copied under new
names until there are as many as asked. The large file is the same texts one
after another. Each run is one whole process; every 20 ms the proportional set size
of the process and all its workers is summed from /proc (pages the workers
share with the parent counted once), and the peak is printed with the wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scoring import DEFAULT_BENCH, ROOT


def tree_memory_mb(pid: int) -> float:
    """Proportional set size of a process and its descendants, in MB (Linux /proc).

    Workers are forked and share the word data the parent loaded; the proportional
    size counts a shared page once across them, as the machine's memory does."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stream:
                parent = int(stream.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss_kb(current)
        stack += children.get(current, [])
    return total / 1024


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run(command: list[str], timeout: float) -> tuple[float, float, int]:
    """Wall seconds, peak memory (MB) and exit code of one whole process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_memory_mb(process.pid))
        if time.perf_counter() - started > timeout:
            process.kill()
            process.wait()
            return time.perf_counter() - started, peak, -9
        time.sleep(0.02)
    return time.perf_counter() - started, peak, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--articles", default="1000,10000", help="comma-separated batch sizes")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the single large file (0: skip)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    texts = sorted((args.bench / "clean-text" / "bbc").glob("*.txt"))
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        print(f"whole `cleaner clean -o` processes, --jobs {args.jobs}; peak: all processes' proportional set sizes")
        print(f"{'input':34s} {'seconds':>8s} {'files/s':>8s} {'peak MB':>8s}  exit")
        for count in (int(n) for n in args.articles.split(",") if n):
            folder = root / f"articles-{count}"
            folder.mkdir()
            for number in range(count):
                source = texts[number % len(texts)]
                shutil.copyfile(source, folder / f"{number:05d}-{source.name}")
            out = root / f"out-{count}"
            command = [sys.executable, "-m", "cleaner", "clean", str(folder), "-o", str(out), "--jobs", str(args.jobs)]
            seconds, peak, code = run(command, args.timeout)
            print(f"{f'{count} BBC articles':34s} {seconds:8.1f} {count / seconds:8.1f} {peak:8.0f}  {code}")
        if args.big_mb:
            big = root / "big" / "one-large-file.txt"
            big.parent.mkdir()
            with big.open("w", encoding="utf-8") as stream:
                written = 0
                while written < args.big_mb * 2**20:
                    for source in texts:
                        text = source.read_text(encoding="utf-8").strip() + "\n\n"
                        stream.write(text)
                        written += len(text.encode("utf-8"))
                        if written >= args.big_mb * 2**20:
                            break
            config = root / "big" / "cleaner.yaml"
            config.write_text(f"max_file_mb: {args.big_mb * 2:g}\nmax_seconds_per_file: {args.timeout:g}\n")
            out = root / "out-big"
            command = [sys.executable, "-m", "cleaner", "clean", str(big), "-o", str(out), "--config", str(config)]
            seconds, peak, code = run(command, args.timeout)
            size = big.stat().st_size / 2**20
            print(f"{f'one {size:.0f} MB text file':34s} {seconds:8.1f} {'':8s} {peak:8.0f}  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
