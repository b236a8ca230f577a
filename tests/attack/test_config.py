"""Bad configuration and rule files: one line naming the file, the line and the key, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import STORY

LAUGHS = "".join(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]\n" for n in range(1, 9))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("jobs: .nan\n", "jobs"),
        ("max_file_mb: .inf\n", "max_file_mb"),
        ("max_file_mb: -1\n", "max_file_mb must be a number"),
        ("max_seconds_per_file: 0\n", "max_seconds_per_file must be a number"),
        ("l0: &l0 [x]\n" + LAUGHS, "aliases (*name) are not allowed"),
    ],
)
def test_a_bad_config_stops_before_any_file(cleaner, tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / "cleaner.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    run = cleaner("clean", "story.txt", timeout=30)
    assert run.code == 2 and len(run.lines()) == 1 and "cleaner.yaml:" in run.lines()[0] and words in run.err


def test_billion_laughs_in_a_rule_file(cleaner, tmp_path: Path) -> None:
    (tmp_path / "laughs.yaml").write_text(
        "stage: strip_debris\nrules:\n  - id: x/y\n    lines: *l8\n" + "l0: &l0 [x]\n" + LAUGHS, encoding="utf-8"
    )
    run = cleaner("rules", "test", "laughs.yaml", timeout=30)
    assert run.code == 2 and "laughs.yaml:4:" in run.err and "aliases" in run.err and "Traceback" not in run.err


def test_aliases_in_an_articles_front_matter(cleaner, tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text("---\nl0: &l0 [x]\n" + LAUGHS + "title: *l8\n---\n\n" + STORY, encoding="utf-8")
    run = cleaner("clean", "story.md", timeout=30)
    assert run.code == 1 and run.one_line_about("story.md", "YAML alias")


def test_a_typo_in_select_is_an_error_not_a_pass(cleaner, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "The goverment said so on Monday, and the council agreed to it.\n", encoding="utf-8"
    )
    run = cleaner("lint", "--no-cache", "--select", "nosuch", "story.txt")
    assert run.code == 2 and "'nosuch'" in run.err
