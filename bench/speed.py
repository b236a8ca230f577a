#!/usr/bin/env python3
"""Pages per second beside trafilatura: whole processes, interleaved runs, min / median / max.

    pip install -e '.[bench]'
    python -m bench.speed [--bench ../shared/bench] [--runs 5] [--sets dev,snippets] [--baseline DIR]

For each page set (the 61 dev pages of extraction/html and the 495 pages of
snippets/pages) it runs `cleaner clean --jobs 1`, `cleaner clean --jobs 2` and
trafilatura in one process (one worker), round after round so that a noisy
moment on a shared machine touches every command alike. Each run is a fresh
process, start-up included. It prints seconds (min, median, max), pages per
second at the median, each run's quality on the set's own scorer, the largest
resident size of a process, and the ratios the speed targets are stated in.
`--baseline DIR` adds `cleaner clean --jobs 1` run from another checkout (an
older commit, say) to the same rounds, for before-and-after figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .extraction import PEER_LOOP, PEERS
from .scoring import DEFAULT_BENCH, ROOT


@dataclass
class PageSet:
    name: str
    pages: Path
    score: list[str]  # the scorer's command, without --pred

    def count(self) -> int:
        return len(list(self.pages.glob("*.html.gz")))


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    quality: str = ""


def page_sets(bench: Path) -> dict[str, PageSet]:
    return {
        "dev": PageSet(
            "dev pages (extraction/html)",
            bench / "extraction" / "html",
            [str(bench / "score_extraction.py"), "--gold", str(bench / "extraction" / "ground-truth.json")],
        ),
        "snippets": PageSet(
            "snippet pages (snippets/pages)",
            bench / "snippets" / "pages",
            [str(bench / "score_snippets.py"), "--gold", str(bench / "snippets" / "snippets.json")],
        ),
    }


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and the largest resident size (MB) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: some page had findings to report or no text
        raise SystemExit(f"{' '.join(command[:4])}... exited with {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def quality(page_set: PageSet, predictions: Path) -> str:
    """The set's headline figures from its own scorer."""
    if "score_extraction" in page_set.score[0]:
        summary = predictions.with_suffix(".json")
        command = [*page_set.score, "--pred", str(predictions), "--bootstrap", "0", "--json", str(summary)]
        subprocess.run([sys.executable, *command], check=True, capture_output=True)
        figures = json.loads(summary.read_text(encoding="utf-8"))
        figures = figures.get("summary", figures)
        return f"F1 {figures['f1']:.3f}"
    result = subprocess.run(
        [sys.executable, *page_set.score, "--pred", str(predictions)], check=True, capture_output=True, text=True
    )
    line = next((line for line in result.stdout.splitlines() if "F1" in line or "f1" in line), "")
    return " ".join(line.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--runs", type=int, default=5, help="rounds; every command runs once per round")
    parser.add_argument("--sets", default="dev,snippets", help="comma-separated: dev, snippets")
    parser.add_argument("--baseline", type=Path, help="another checkout of cleaner to time beside this one")
    args = parser.parse_args()
    sets = page_sets(args.bench)
    for key in args.sets.split(","):
        page_set = sets[key]
        report(page_set, args.runs, args.baseline.resolve() if args.baseline else None)
    return 0


def report(page_set: PageSet, rounds: int, baseline: Path | None = None) -> None:
    clean = [sys.executable, "-m", "cleaner", "clean", str(page_set.pages), "-o"]
    commands = {
        "cleaner clean --jobs 1": [*clean[:-1], "--jobs", "1", "-o"],
        "cleaner clean --jobs 2": [*clean[:-1], "--jobs", "2", "-o"],
        "trafilatura (one process)": [
            sys.executable,
            "-c",
            PEER_LOOP.format(setup=PEERS["trafilatura"]),
            str(page_set.pages),
        ],
    }
    places = {name: ROOT for name in commands}
    if baseline is not None:
        name = f"baseline ({baseline.name}) --jobs 1"
        commands[name] = [*clean[:-1], "--jobs", "1", "-o"]
        places[name] = baseline  # `python -m cleaner` imports the package of the folder it runs in
    runs = {name: Runs() for name in commands}
    pages = page_set.count()
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(rounds):
            for number, (name, command) in enumerate(commands.items()):
                out = Path(scratch) / f"{number}-{round_number}"
                out.mkdir()
                seconds, peak = timed([*command, str(out)], places[name])
                runs[name].seconds.append(seconds)
                runs[name].peak_mb = max(runs[name].peak_mb, peak)
                if round_number == 0:
                    runs[name].quality = quality(page_set, out)
    print(f"\n{page_set.name}: {pages} pages, {rounds} interleaved rounds, whole processes\n")
    print(f"{'':28s} {'min s':>7s} {'median':>7s} {'max s':>7s} {'pages/s':>8s} {'peak MB':>8s}   quality")
    for name, result in runs.items():
        median = statistics.median(result.seconds)
        print(
            f"{name:28s} {min(result.seconds):7.2f} {median:7.2f} {max(result.seconds):7.2f} "
            f"{pages / median:8.1f} {result.peak_mb:8.0f}   {result.quality}"
        )
    one, two, peer = (statistics.median(runs[name].seconds) for name in list(commands)[:3])
    print(f"\ncleaner --jobs 1 / trafilatura, pages per second: {peer / one:.2f}x (target 1.5x)")
    print(f"cleaner --jobs 2 / --jobs 1: {one / two:.2f}x (target 1.8x)")
    if baseline is not None:
        before = statistics.median(runs[list(commands)[3]].seconds)
        print(f"cleaner --jobs 1 / baseline --jobs 1: {before / one:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
