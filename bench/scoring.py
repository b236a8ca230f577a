"""What the extraction benchmarks share: where the dev set is, running cleaner, scoring a folder."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"  # holds extraction/ and score_extraction.py
PAGE_SUITES = {  # name: (saved pages, gold file)
    "extraction": ("extraction/html", "extraction/ground-truth.json"),
    "readability": ("readability/pages", "readability/ground-truth.json"),
    "snippets": ("snippets/pages", "snippets/snippets.json"),
}


def dev_pages(bench: Path, suites: tuple[str, ...] = tuple(PAGE_SUITES)) -> Iterator[tuple[str, str, Path, dict]]:
    """(suite, page name, saved page, its gold entry) for every page of the suites that has gold."""
    for suite in suites:
        pages, gold_file = PAGE_SUITES[suite]
        gold = json.loads((bench / gold_file).read_text(encoding="utf-8"))
        for path in sorted((bench / pages).glob("*.html.gz")):
            stem = path.name[: -len(".html.gz")]
            entry = gold.get(stem + ".html" if suite == "snippets" else stem)
            if entry is not None:
                yield suite, stem, path, entry


def score(bench: Path, predictions: Path, name: str) -> str:
    """The benchmark's own scorer on a folder of predictions, as it prints it."""
    result = subprocess.run(
        [
            sys.executable,
            str(bench / "score_extraction.py"),
            "--gold",
            str(bench / "extraction" / "ground-truth.json"),
            "--pred",
            str(predictions),
            "--name",
            name,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def clean(pages: Path, out: Path, jobs: int, extra: list[str] = ()) -> float:
    """Seconds one whole `cleaner clean` process takes over `pages`."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(pages), "-o", str(out), "--jobs", str(jobs), *extra],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def snippet_label(text: str, keep: list[str], drop: list[str]) -> float | None:
    """1 when the text holds a must-keep snippet (or is a long piece of one), 0 for a must-drop one, else None."""
    flat = " ".join(text.split())
    good = any(s in flat or (len(flat) > 20 and flat in s) for s in (" ".join(k.split()) for k in keep))
    bad = any(s in flat for s in (" ".join(d.split()) for d in drop))
    return None if good == bad else float(good)


def shingle_share(words: list[str], shingles: set[tuple[str, ...]]) -> float:
    """The share of the words' 4-grams that the gold text holds (at least four words)."""
    own = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
    return sum(s in shingles for s in own) / len(own)
