"""The command line as a user drives it: files in, Markdown out, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import SEEDS

SAMPLE = SEEDS / "000_c6140b535fe491f8.txt"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    + bytes(range(256)) * 4
)


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(app, [str(a) for a in args])

    return invoke


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "world").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "world" / "rubio.txt")
    for seed in sorted(SEEDS.glob("00[123]*.txt")):
        shutil.copy(seed, folder / seed.name)
    return folder


def test_clean_folder_writes_markdown_under_relative_paths(run, articles, tmp_path) -> None:
    result = run("clean", articles, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md"))
    assert written == [
        "001_harbour_bridge_closure.md",
        "002_rainfall_record.md",
        "003_museum_reopening.md",
        "world/rubio.md",
    ]
    assert "cleaned 4 files" in result.stderr
    assert "1549722 rubio 1" not in (tmp_path / "out" / "world" / "rubio.md").read_text(encoding="utf-8")


def test_inputs_are_never_modified(run, articles, tmp_path) -> None:
    before = {p: p.read_bytes() for p in articles.rglob("*") if p.is_file()}
    run("clean", articles, "-o", tmp_path / "out")
    assert {p: p.read_bytes() for p in articles.rglob("*") if p.is_file()} == before


def test_single_file_without_output_prints_markdown(run) -> None:
    result = run("clean", SAMPLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("---\ntitle: Marco Rubio")


def test_folder_without_output_is_bad_usage(run, articles) -> None:
    result = run("clean", articles)
    assert result.exit_code == 2
    assert "give -o OUTDIR" in result.stderr


def test_missing_input_is_bad_usage(run, tmp_path) -> None:
    result = run("clean", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_a_bad_file_fails_alone_and_the_batch_goes_on(run, articles, tmp_path) -> None:
    (articles / "picture.txt").write_bytes(PNG)
    result = run("clean", articles, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"error: {articles / 'picture.txt'}: not text" in result.stderr
    assert "Traceback" not in result.output
    assert len(list((tmp_path / "out").rglob("*.md"))) == 4
    assert "1 failed" in result.stderr


def test_only_runs_just_the_named_stages(run) -> None:
    result = run("clean", SAMPLE, "--only", "strip_debris")
    assert result.exit_code == 0
    assert "1549722 rubio 1" not in result.stdout
    assert "author:" not in result.stdout  # extract_metadata did not run


def test_skip_leaves_a_stage_out(run) -> None:
    result = run("clean", SAMPLE, "--skip", "strip_debris")
    assert "READ NEXT" in result.stdout
    assert "author: Arpita Kushwaha" in result.stdout


def test_unknown_stage_is_bad_usage(run) -> None:
    result = run("clean", SAMPLE, "--only", "strip_debri")
    assert result.exit_code == 2
    assert "unknown stage 'strip_debri'" in result.stderr and "did you mean 'strip_debris'" in result.stderr


def test_diff_prints_changes_and_writes_nothing(run, articles, tmp_path) -> None:
    result = run("clean", articles, "--diff")
    assert result.exit_code == 0
    assert "-1549722 rubio 1" in result.stdout
    assert "+# Marco Rubio speaks" in result.stdout
    assert not (tmp_path / "out").exists()


def test_user_rule_switches_a_default_off(run, tmp_path) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text("stage: strip_debris\nrules:\n  - id: debris/image-id\n    enabled: false\n", encoding="utf-8")
    result = run("clean", SAMPLE, "--rules", rules)
    assert result.exit_code == 0, result.output
    assert "1549722 rubio 1" in result.stdout
    assert "READ NEXT" not in result.stdout


def test_user_rule_adds_furniture_limited_by_file_glob(run, articles, tmp_path) -> None:
    rules = tmp_path / "site.yaml"
    rules.write_text(
        "stage: strip_debris\nrules:\n"
        "  - id: site/ferry-promo\n"
        "    lines: ['Local shop owners on the south bank said they were worried about losing passing trade. “Half my customers come over the bridge,” said baker Ines Moreau, who has run her shop beside the toll gate since 2009.']\n"
        "    files: ['*harbour*']\n",
        encoding="utf-8",
    )
    result = run("clean", articles, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 0, result.output
    assert "Ines Moreau" not in (tmp_path / "out" / "001_harbour_bridge_closure.md").read_text(encoding="utf-8")


def test_project_config_in_working_directory_adds_rules(run, tmp_path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "off.yaml").write_text(
        "stage: strip_debris\nrules:\n  - id: debris/read-next\n    enabled: false\n"
        "  - id: debris/unlikely-line\n    enabled: false\n",
        encoding="utf-8",
    )
    (tmp_path / "cleaner.yaml").write_text("rules: [rules]\n", encoding="utf-8")
    result = run("clean", SAMPLE)
    assert "READ NEXT" in result.stdout


def test_pyproject_tool_table_is_a_config(run, tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nskip = ["extract_metadata"]\n', encoding="utf-8")
    result = run("clean", SAMPLE)
    assert "author:" not in result.stdout


def test_bad_config_is_bad_usage(run, tmp_path) -> None:
    (tmp_path / "cleaner.yaml").write_text("rulez: [x]\n", encoding="utf-8")
    result = run("clean", SAMPLE)
    assert result.exit_code == 2
    assert "cleaner.yaml:1:1: config: unknown key 'rulez'" in result.stderr


def test_output_never_overwrites_an_input(run, tmp_path) -> None:
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "a.md").write_text("# A title here\n\nSome text.\n", encoding="utf-8")
    result = run("clean", folder, "-o", folder)
    assert result.exit_code == 1
    assert "would overwrite an input" in result.stderr
    assert (folder / "a.md").read_text(encoding="utf-8") == "# A title here\n\nSome text.\n"


def test_rules_list_shows_stages_rules_and_origins(run) -> None:
    result = run("rules", "list", "--format", "json")
    entries = json.loads(result.stdout)
    image_id = next(e for e in entries if e["id"] == "debris/image-id")
    assert image_id["stage"] == "strip_debris"
    assert image_id["origin"].endswith(".yaml:" + image_id["origin"].rsplit(":", 1)[1])
    text = run("rules", "list").stdout
    assert text.index("decode") < text.index("strip_debris") < text.index("render_markdown")


def test_rules_test_runs_a_user_file(run, tmp_path) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "stage: strip_debris\nrules:\n  - id: mine/promo\n    lines: [Promo code inside]\n    examples:\n"
        '      - in: "A first paragraph that is long enough to be the story.\\n\\nPromo code inside"\n'
        '        out: "A first paragraph that is long enough to be the story.\\n\\nPromo code inside"\n'
        '      - keep: "Promo codes are common."\n',
        encoding="utf-8",
    )
    result = run("rules", "test", rules)
    assert result.exit_code == 1
    assert "FAIL mine.yaml::mine/promo::1" in result.stdout
    assert run("rules", "test").exit_code == 0


def test_an_internal_error_costs_one_line_and_traceback_shows_where_it_came_from(
    run, articles, tmp_path, monkeypatch
) -> None:
    from cleaner.stages.normalize_typography import NormalizeTypography

    def broken(self, document):
        raise ValueError("a bug in a stage")

    monkeypatch.setattr(NormalizeTypography, "apply", broken)
    monkeypatch.setenv("CLEANER_DEBUG", "")  # restored afterwards, whatever --traceback sets
    plain = run("clean", "--jobs", "1", articles / "world" / "rubio.txt", "-o", tmp_path / "plain")
    assert plain.exit_code == 1
    assert "rubio.txt: internal error (ValueError: a bug in a stage)" in plain.output
    assert "Traceback" not in plain.output

    shown = run("--traceback", "clean", "--jobs", "1", articles / "world" / "rubio.txt", "-o", tmp_path / "shown")
    assert shown.exit_code == 1
    lines = shown.output.splitlines()
    first = next(i for i, line in enumerate(lines) if "internal error" in line)
    assert lines[first + 1] == "Traceback (most recent call last):"
    assert "in broken" in shown.output and "ValueError: a bug in a stage" in shown.output
