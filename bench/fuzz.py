"""Coverage-guided fuzzing of the readers and the whole pipeline (atheris), for a fixed time.

    python bench/fuzz.py --seconds 600          # prints executions, time and crashes
    python bench/fuzz.py --replay crash-…       # re-run one saved crashing input

The first byte of each input picks the reader (text, Markdown, HTML, gzip); the rest
is the file's bytes. An `InputError` is the expected answer to junk; anything else
raised, or output that changes when cleaned again, is a crash, saved under
bench/fuzz-crashes/; once fixed, move the file to tests/fuzz_regressions/, where
tests/test_hostile.py replays every one. Not run in CI: it needs a time budget,
not a pass/fail.
"""
from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "bench" / "fuzz-crashes"
NAMES = ("article.txt", "article.md", "article.html", "article.txt.gz")


def target(data: bytes) -> None:
    from cleaner import load_pipeline
    from cleaner.errors import InputError
    from cleaner.readers import read_bytes

    if not data:
        return
    path = NAMES[data[0] % len(NAMES)]
    try:
        document, _ = read_bytes(data[1:], path, max_bytes=2**20)
    except InputError:
        return
    pipeline = load_pipeline()
    once = pipeline.run(document).markdown
    # Cleaning what cleaner wrote must change nothing; a difference is a bug as much as a crash.
    again = pipeline.run(read_bytes(once.encode("utf-8"), "article.md")[0]).markdown if once.strip() else once
    if again != once:
        raise AssertionError(f"not idempotent:\n--- once\n{once}\n--- again\n{again}")


def _fuzz(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["cleaner"]):
        import cleaner.pipeline  # noqa: F401  (instrumented for coverage)
        import cleaner.readers  # noqa: F401
    atheris.Setup(argv, target)
    atheris.Fuzz()


def _seed_corpus(folder: Path) -> None:
    """Start from real inputs: the seeds and the saved test pages, each under every reader."""
    sources = [path for path in (ROOT / "seeds").iterdir() if path.is_file()]
    sources += sorted((ROOT / "tests" / "pages").glob("*")) if (ROOT / "tests" / "pages").is_dir() else []
    for number, path in enumerate(sources):
        data = path.read_bytes()[:64_000]
        for kind in range(3):
            (folder / f"{number}-{kind}").write_bytes(bytes([kind]) + data)
        (folder / f"{number}-gz").write_bytes(bytes([3]) + gzip.compress(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--replay", type=Path, help="run one saved input and show its traceback")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.worker:
        _fuzz([sys.argv[0], *rest])
        return 0
    if args.replay:
        target(args.replay.read_bytes())
        print(f"{args.replay}: no crash")
        return 0
    CRASHES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        corpus.mkdir()
        _seed_corpus(corpus)
        command = [sys.executable, __file__, "--worker", str(corpus), f"-max_total_time={args.seconds}",
                   "-print_final_stats=1", "-rss_limit_mb=4096", "-timeout=30", f"-artifact_prefix={CRASHES}/"]
        run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    log = run.stdout + run.stderr
    executions = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    elapsed = re.search(r"Done (\d+) runs in (\d+) second", log)
    coverage = re.findall(r"cov: (\d+)", log)
    crashed = "Uncaught Python exception" in log or run.returncode not in (0,)
    print(f"executions: {executions.group(1) if executions else '?'}")
    print(f"seconds:    {elapsed.group(2) if elapsed else args.seconds}")
    print(f"coverage:   {coverage[-1] if coverage else '?'} edges")
    print(f"crashes:    {len(list(CRASHES.glob('crash-*')))} saved in {CRASHES.relative_to(ROOT)}/")
    if crashed:
        tail = log[log.find("Uncaught Python exception"):] if "Uncaught" in log else log[-3000:]
        print(tail[:3000])
        return 1
    if not any(CRASHES.iterdir()):
        shutil.rmtree(CRASHES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
