#!/usr/bin/env python3
"""Score `fix_spelling` on the typo dev set, and time it beside the engine alone.

    python -m bench.typos [--bench ../shared/bench] [--show 10]

Runs `cleaner clean --only fix_spelling` on the cases written out as files (the
stage alone, through the real command line), reads the Markdown back as text,
and scores it with the benchmark's own scorer. Then prints words per second
of the embedded engine alone, of the stage alone and of the whole pipeline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cleaner import Settings, load_pipeline
from cleaner.readers import read_string

ROOT = Path(__file__).resolve().parent.parent


def predictions(cases: list[dict], folder: Path, extra: list[str]) -> tuple[Path, float]:
    source, out = folder / "in", folder / "out"
    source.mkdir()
    for case in cases:
        (source / f"{case['id']}.txt").write_text(case["source_text"], encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--only", "fix_spelling", str(source), "-o", str(out), *extra],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    lines = []
    for case in cases:
        markdown = (out / f"{case['id']}.md").read_text(encoding="utf-8")
        text = read_string(markdown, format="markdown").body_text()
        lines.append(json.dumps({"id": case["id"], "text": text}, ensure_ascii=False))
    path = folder / "predictions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, seconds


def _time_one(label: str, texts: list[str]) -> None:
    """Words per second of one way of checking `texts`, in this (fresh) process; prints one line."""
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    if label == "engine":
        from cleaner.spelling import embedded_engine
        from cleaner.spelling._policy import _PART

        engine = embedded_engine("any")
        engine.known("warm")
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            parts = _PART.findall(text)
            for position, word in enumerate(parts):
                if word.islower() and not engine.known(word):
                    engine.rank(
                        word,
                        parts[position - 1] if position else "",
                        parts[position + 1] if position + 1 < len(parts) else "",
                    )
    else:
        settings = Settings(only=("fix_spelling",)) if label == "stage" else Settings()
        pipeline = load_pipeline(settings)
        pipeline.run(read_string("Warm the lexicon up with one line.", "warm.txt"))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        for number, text in enumerate(texts):
            pipeline.run(read_string(text, f"{number}.txt"))
    seconds = time.perf_counter() - started
    print(json.dumps({"label": label, "words": words, "seconds": seconds, "load": loaded}))


def words_per_second(corpora: dict[str, list[str]]) -> None:
    """Each measurement in a fresh process, so no cache carries over from another."""
    labels = {
        "engine": "embedded engine alone",
        "stage": "fix_spelling stage alone",
        "pipeline": "whole pipeline (lint)",
    }
    print(f"  {'':36s} " + "  ".join(f"{name:>22s}" for name in corpora))
    for label, title in labels.items():
        cells = []
        for texts in corpora.values():
            payload = json.dumps(texts)
            result = subprocess.run(
                [sys.executable, __file__, "--time", label],
                input=payload,
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            row = json.loads(result.stdout)
            cells.append(f"{row['words'] / row['seconds']:>12,.0f} words/s")
        print(f"  {title:36s} " + "  ".join(f"{cell:>22s}" for cell in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--show", type=int, default=0, help="show this many wrong or missed corrections")
    parser.add_argument("--rules", action="append", default=[], help="extra rule file for the run")
    parser.add_argument("--time", help=argparse.SUPPRESS)  # internal: time one way of checking, texts on stdin
    args = parser.parse_args()
    if args.time:
        _time_one(args.time, json.loads(sys.stdin.read()))
        return 0
    cases_file = args.bench / "typos" / "cases.jsonl"
    cases = [json.loads(line) for line in cases_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    extra = [item for path in args.rules for item in ("--rules", path)]
    with tempfile.TemporaryDirectory() as folder:
        path, seconds = predictions(cases, Path(folder), extra)
        command = [sys.executable, str(args.bench / "score_typos.py"), str(cases_file), str(path)]
        if args.show:
            command += ["--show", str(args.show)]
        print(subprocess.run(command, capture_output=True, text=True, check=True).stdout.rstrip())
    words = sum(len(case["source_text"].split()) for case in cases)
    print(
        f"cleaner clean --only fix_spelling: {len(cases)} files, {words:,} words in {seconds:.2f}s as a whole process"
    )
    region = sorted((args.bench / "extraction" / "region").glob("*.txt"))
    words_per_second(
        {
            "typo dev set": [case["source_text"] for case in cases],
            "61 region articles": [path.read_text(encoding="utf-8") for path in region],
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
