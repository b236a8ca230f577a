"""What cleaner prints stays valid whatever a file is called: SARIF, JSON, JUnit, the terminal, diffs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from .conftest import TYPO


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (b"caf\xe9-latin1.txt", b"esc\x1b[31mred.txt"):
        (folder / os.fsdecode(name)).write_text(TYPO, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_odd_file_names_in_every_format(cleaner, odd_names: Path) -> None:
    sarif = cleaner("lint", "--no-cache", "--format", "sarif", odd_names)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(sarif.out)["runs"][0]["results"]
    ]
    assert any("caf%E9-latin1.txt" in uri for uri in uris) and any("esc%1B%5B31mred.txt" in uri for uri in uris)
    report = cleaner("lint", "--no-cache", "--format", "json", odd_names)
    report.out.encode("utf-8")  # valid UTF-8
    assert {Path(f["path"]).name for f in json.loads(report.out)} == {"caf\\xe9-latin1.txt", "esc\x1b[31mred.txt"}
    junit = cleaner("lint", "--no-cache", "--format", "junit", odd_names)
    ElementTree.fromstring(junit.out.encode("utf-8"))
    text = cleaner("lint", "--no-cache", odd_names)
    assert "\x1b" not in text.out + text.err and "esc\\x1b[31mred.txt" in text.out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_diff_applies_with_git_when_the_file_has_no_final_newline(cleaner, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TYPO.rstrip("\n"), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    patch = cleaner("lint", "--no-cache", "--diff", "a.txt", "b.txt").out
    (tmp_path / "fix.patch").write_text(patch, encoding="utf-8")
    applied = subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("The government")


def test_a_library_warning_is_a_finding_on_its_file(cleaner, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "Arpita Kushwaha | May 10, 2025 4:27 PM XYZT\n\nThe council met on Tuesday and voted to close the old library, "
        "which has served the town for ninety years.\n",
        encoding="utf-8",
    )
    run = cleaner("lint", "--no-cache", "--format", "json", "story.txt")
    warnings = [f for f in json.loads(run.out) if f["rule"].endswith("/library-warning")]
    assert warnings and "XYZT" in warnings[0]["message"] and "Warning" not in run.err
