"""Broken rule files stop everything with one precise line per problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.core import RuleFileError
from cleaner.pipeline import load_rules

BAD = Path(__file__).parent / "bad_rules"

CASES = {
    "unknown_key.yaml": (4, 5, "unknown key 'line_regx'", "did you mean 'line_regex'?"),
    "bad_regex.yaml": (4, 17, "rule 'custom/broken': key 'line_regex'", "invalid regex"),
    "unknown_stage.yaml": (1, 8, "stage 'strip_debri' is not a known stage", "did you mean 'strip_debris'?"),
    "python_tag.yaml": (4, 12, "tags that construct objects are not allowed", "python/object"),
    "syntax.yaml": (4, 11, "invalid YAML", "mapping values are not allowed"),
    "wrong_type.yaml": (5, 16, "key 'max_words'", "expected an integer, got a string ('many')"),
    "duplicate_key.yaml": (5, 5, "duplicate key 'lines'", ""),
    "two_matchers.yaml": (3, 5, "needs exactly one of", "got lines, line_regex"),
    "bad_option.yaml": (3, 22, "key 'max_removed_share'", "expected a number"),
    "bad_timezone.yaml": (3, 3, "time zone 'XST'", "not like +05:30"),
    "bad_pipeline.yaml": (
        3,
        5,
        "stage 'normalise_typography' is not a known stage",
        "did you mean 'normalize_typography'?",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_rule_file_is_reported_with_line_column_and_key(name: str) -> None:
    line, column, fragment, hint = CASES[name]
    with pytest.raises(RuleFileError) as raised:
        load_rules([BAD / name])
    [problem] = [p for p in raised.value.problems if p.path.name == name]
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert fragment in problem.message
    assert hint in problem.message
    assert str(problem).startswith(f"{BAD / name}:{line}:{column}: ")


def test_all_problems_in_all_files_are_collected_at_once() -> None:
    with pytest.raises(RuleFileError) as raised:
        load_rules(sorted(BAD.glob("*.yaml")))
    assert {p.path.name for p in raised.value.problems} == set(CASES)


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    rule = tmp_path / "evil.yaml"
    rule.write_text(
        f'stage: strip_debris\nrules:\n  - id: x/y\n    lines: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError):
        load_rules([rule])
    assert not marker.exists()


def test_bad_rules_stop_the_cli_before_any_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner",
            "clean",
            str(Path(__file__).parent.parent / "seeds"),
            "-o",
            str(out),
            "--rules",
            str(BAD / "unknown_key.yaml"),
            "--rules",
            str(BAD / "bad_regex.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert all(line.startswith("error: ") for line in lines)
    assert "Traceback" not in result.stderr
    assert "unknown_key.yaml:4:5" in result.stderr and "bad_regex.yaml:4:17" in result.stderr
