"""Coverage-guided fuzzing (atheris), for a fixed time: of the readers and the whole pipeline,
or of rule files and project configs.

    python -m bench.fuzz --seconds 600                   # articles: prints executions, time and crashes
    python -m bench.fuzz --seconds 600 --target yaml     # rule files and cleaner.yaml
    python -m bench.fuzz --replay crash-… [--target yaml]  # re-run one saved crashing input

Articles: the first byte of each input picks the reader (text, Markdown, HTML, gzip);
the rest is the file's bytes. An `InputError` is the expected answer to junk; anything
else raised, or output that changes when cleaned again, is a crash. YAML: the first byte
picks a rule file or a config; a `CleanerError` (one line naming file, line and key) is
the expected answer, and a rule file that loads has its examples run. Crashes are saved under
bench/fuzz-crashes/; once fixed, move the file to tests/fuzz_regressions/, where
tests/test_hostile.py replays every one. Not run in CI: it needs a time budget,
not a pass/fail.
"""

from __future__ import annotations

import argparse
import gzip
import os
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
    from cleaner.core import InputError
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


_SCRATCH = Path(tempfile.gettempdir()) / f"cleaner-fuzz-{os.getpid()}"


def target_yaml(data: bytes) -> None:
    """A rule file or a config, written to disk and loaded as the command line would."""
    from cleaner.core import CleanerError
    from cleaner.pipeline import example_cases, load_config, load_rules, run_case

    if not data:
        return
    _SCRATCH.mkdir(exist_ok=True)
    path = _SCRATCH / ("cleaner.yaml" if data[0] % 2 else "rules.yaml")
    path.write_bytes(data[1:])
    try:
        if path.name == "cleaner.yaml":
            load_config(path)
            return
        # the stage order alone, not every default rule: a run costs milliseconds, not half a second
        ruleset = load_rules([ROOT / "rules" / "pipeline.yaml", path], include_defaults=False)
        for case in example_cases(ruleset, {path.resolve()})[:10]:
            run_case(case, ruleset)
    except CleanerError:
        return


def _fuzz(argv: list[str], kind: str) -> None:
    import atheris

    with atheris.instrument_imports(include=["cleaner"]):
        import cleaner.pipeline._config  # noqa: F401  (instrumented for coverage)
        import cleaner.pipeline._pipeline  # noqa: F401
        import cleaner.readers  # noqa: F401
        import cleaner.rulebook._loading  # noqa: F401
    atheris.Setup(argv, target_yaml if kind == "yaml" else target)
    atheris.Fuzz()


def _seed_yaml(folder: Path) -> None:
    """Start from real rule files (good and bad) and a config using every key."""
    sources = sorted((ROOT / "rules").rglob("*.yaml")) + sorted((ROOT / "tests" / "bad_rules").glob("*.yaml"))
    for number, path in enumerate(sources):
        (folder / f"rules-{number}").write_bytes(b"\x00" + path.read_bytes()[:64_000])
    config = (
        b"rules: [rules/]\nskip: [normalize_typography]\njobs: 2\nmax_file_mb: 16\nmax_seconds_per_file: 60\n"
        b"max_memory_mb: 2048\nselect: []\nignore: [typography/blank-lines]\nfail_on: warning\n"
        b"severity: {debris/: warning}\nper_file_ignores: {'drafts/*': [fix_spelling]}\nexclude: [drafts/]\n"
    )
    (folder / "config").write_bytes(b"\x01" + config)


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
    parser.add_argument("--target", choices=("articles", "yaml"), default="articles")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.worker:
        _fuzz([sys.argv[0], *rest], args.target)
        return 0
    if args.replay:
        (target_yaml if args.target == "yaml" else target)(args.replay.read_bytes())
        print(f"{args.replay}: no crash")
        return 0
    CRASHES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        corpus.mkdir()
        (_seed_yaml if args.target == "yaml" else _seed_corpus)(corpus)
        command = [
            sys.executable,
            __file__,
            "--worker",
            "--target",
            args.target,
            str(corpus),
            f"-max_total_time={args.seconds}",
            "-print_final_stats=1",
            "-rss_limit_mb=4096",
            "-timeout=30",
            f"-artifact_prefix={CRASHES}/",
        ]
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
        tail = log[log.find("Uncaught Python exception") :] if "Uncaught" in log else log[-3000:]
        print(tail[:3000])
        return 1
    if not any(CRASHES.iterdir()):
        shutil.rmtree(CRASHES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
