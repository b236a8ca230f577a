"""Hostile input: a folder of junk is cleaned without a crash, a hang or a lost byte."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .hostile_corpus import BAD, GOOD, write_corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("hostile") / "in")


def run(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout
    )


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.slow
def test_clean_a_folder_of_junk(corpus: Path, tmp_path: Path) -> None:
    before = checksums(corpus)
    out = tmp_path / "out"
    result = run("clean", str(corpus), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for name, reason in BAD.items():
        assert sum(name in line and reason in line for line in errors) == 1, (name, errors)
    assert len(errors) == len(BAD)
    for name, (wanted, unwanted) in GOOD.items():
        markdown = (out / name).with_suffix(".md").read_text(encoding="utf-8")
        assert wanted in markdown, name
        assert not any(bad in markdown for bad in unwanted), name
    outputs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert outputs.count("loop/article.md") == 1 and not any("back" in o for o in outputs)  # the loop, once
    assert checksums(corpus) == before  # inputs are never modified


@pytest.mark.slow
def test_lint_a_folder_of_junk(corpus: Path) -> None:
    result = run("lint", "--no-cache", str(corpus))
    assert result.returncode == 2  # unreadable files make lint exit 2
    assert "Traceback" not in result.stdout + result.stderr
    for name, reason in BAD.items():
        assert any(name in line and reason in line for line in result.stderr.splitlines()), name


@pytest.mark.slow
def test_a_backtracking_user_regex_is_stopped_and_named(tmp_path: Path) -> None:
    rules = tmp_path / "slow.yaml"
    rules.write_text(
        "stage: strip_debris\nrules:\n  - id: mine/slow\n    line_regex: '(a|aa)+$'\n    ignore_case: false\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text(
        "a" * 40 + "!\n\nThe council met on Tuesday and voted to close the old library for good.\n", encoding="utf-8"
    )
    started = time.perf_counter()
    result = run("lint", "--no-cache", "--rules", str(rules), str(article))
    assert time.perf_counter() - started < 60
    assert "mine/slow" in result.stdout and "timed out" in result.stdout
    assert "spelling" in result.stdout or "typography" in result.stdout or result.returncode in (0, 1)
    classic = tmp_path / "classic.yaml"
    classic.write_text(
        "stage: strip_debris\nrules:\n  - id: mine/classic\n    line_regex: '^(a+)+$'\n", encoding="utf-8"
    )
    result = run("clean", "--rules", str(classic), str(article))
    assert result.returncode == 0 and "The council met" in result.stdout


@pytest.mark.slow
def test_an_interrupted_run_loses_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    text = (ROOT / "seeds" / "000_c6140b535fe491f8.txt").read_text(encoding="utf-8")
    for number in range(400):
        (source / f"article{number:03}.txt").write_text(text.replace("Tuesday", f"day {number}"), encoding="utf-8")
    before = checksums(source)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(out), "--jobs", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.md"))) < 20:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert checksums(source) == before
    deadline = time.time() + 15  # its workers notice they are orphans and end, holding no memory
    while time.time() < deadline and _processes_mentioning(str(out)):
        time.sleep(0.2)
    assert not _processes_mentioning(str(out))
    written = sorted(out.glob("*.md"))
    assert 0 < len(written) < 400
    expected = run("clean", str(source / written[0].name.replace(".md", ".txt"))).stdout.replace(
        str(source / written[0].name.replace(".md", ".txt")), ""
    )
    for path in written:  # every output there is whole: it ends as a complete article does
        content = path.read_text(encoding="utf-8")
        assert content.endswith("major topic of discussion.\n"), path
    assert expected  # the same article cleaned alone is complete too


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


FUZZ_FINDS = sorted((Path(__file__).parent / "fuzz_regressions").glob("crash-*"))


@pytest.mark.parametrize("found", FUZZ_FINDS, ids=[path.name[:14] for path in FUZZ_FINDS])
def test_inputs_the_fuzzer_found_now_clean_stably(found: Path) -> None:
    """Each file is an input `python -m bench.fuzz` saved (first byte: the reader); cleaning it twice agrees."""
    from bench.fuzz import target

    target(found.read_bytes())  # raises on a crash or on output that changes when cleaned again


YAML_FINDS = sorted((Path(__file__).parent / "fuzz_regressions" / "yaml").glob("crash-*"))


@pytest.mark.parametrize("found", YAML_FINDS, ids=[path.name[:14] for path in YAML_FINDS])
def test_rule_files_the_fuzzer_found_now_load_or_are_refused_in_one_line(found: Path) -> None:
    """Each file is a rule file or config `bench/fuzz.py --target yaml` saved (first byte: which of the two)."""
    from bench.fuzz import target_yaml

    target_yaml(found.read_bytes())  # raises when loading does anything but succeed or raise CleanerError


def test_a_page_title_with_control_characters_and_mojibake_is_repaired_once() -> None:
    """Found by the fuzzer: the title, unlike the text, skipped decode's repairs, so a second clean changed it."""
    from cleaner import load_pipeline
    from cleaner.readers import read_bytes, read_string

    page = (
        "<html><head><title>Ferry\x1d runs \u00e2\u20ac\u0153all night\u00e2\u20ac\x9d\x7f</title></head>"
        "<body><p>The harbour ferry will run through the night from the first of June, the council said.</p>"
        "</body></html>"
    )
    pipeline = load_pipeline()
    once = pipeline.run(read_bytes(page.encode("utf-8"), "page.html")[0])
    assert once.document.metadata.title == "Ferry runs “all night”"
    assert {f.rule_id for f in once.findings} >= {"decode/control-characters", "decode/mojibake"}
    assert pipeline.run(read_string(once.markdown, "page.md", "markdown")).markdown == once.markdown
