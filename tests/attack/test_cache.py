"""The lint cache cannot be made to lie: forged, damaged or special entries are misses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ..languagetool_server import LanguageToolStub
from .conftest import TYPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "story.txt").write_text(TYPO, encoding="utf-8")
    return tmp_path


def _entries(project: Path) -> list[Path]:
    return sorted((project / ".cleaner_cache").rglob("*.json"))


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["forged", "wrong-types", "fifo", "dev-zero", "garbage"])
def test_a_tampered_cache_entry_is_a_miss(cleaner, project: Path, damage: str) -> None:
    first = cleaner("lint", "story.txt")
    assert first.code == 1 and _entries(project)
    for entry in _entries(project):
        entry.unlink()
        if damage == "forged":  # what a pull request could carry: a clean bill for a dirty file
            entry.write_text(json.dumps({"findings": [], "observed": None}), encoding="utf-8")
        elif damage == "wrong-types":
            entry.write_text(
                "0" * 64 + "\n" + json.dumps({"findings": [{"line": "x"}], "observed": 3}), encoding="utf-8"
            )
        elif damage == "fifo":
            os.mkfifo(entry)
        elif damage == "dev-zero":
            entry.symlink_to("/dev/zero")
        else:
            entry.write_bytes(os.urandom(5000))
    again = cleaner("lint", "story.txt", timeout=60)
    assert again.code == 1 and "goverment" in again.out and "Traceback" not in again.err


def test_the_cache_keeps_out_of_git_and_drops_old_rule_sets(cleaner, project: Path) -> None:
    cleaner("lint", "story.txt")
    assert (project / ".cleaner_cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    rule_sets = lambda: sorted(p.name for p in (project / ".cleaner_cache" / "lint-v3").iterdir())  # noqa: E731
    before = rule_sets()
    (project / "cleaner.yaml").write_text("skip: [normalize_typography]\n", encoding="utf-8")
    cleaner("lint", "story.txt")
    after = rule_sets()
    assert len(before) == len(after) == 1 and before != after


@pytest.mark.slow
def test_an_engine_outage_is_not_remembered(cleaner, project: Path) -> None:
    # The server comes from the environment, which is no part of the cache key: only not caching helps.
    (project / "cleaner.yaml").write_text("rules: [lt.yaml]\n", encoding="utf-8")
    (project / "lt.yaml").write_text(
        "stage: fix_spelling\nrules:\n  - id: lt/check\n    engine: languagetool\n", encoding="utf-8"
    )
    down = cleaner(
        "lint",
        "--fail-on",
        "warning",
        "story.txt",
        env={**os.environ, "CLEANER_LANGUAGETOOL_SERVER": "http://127.0.0.1:9"},
    )
    assert "not reachable" in down.out
    with LanguageToolStub() as server:
        up = cleaner(
            "lint", "--fail-on", "warning", "story.txt", env={**os.environ, "CLEANER_LANGUAGETOOL_SERVER": server.url}
        )
        assert server.requests and "not reachable" not in up.out
