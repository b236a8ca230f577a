"""`cleaner lint`: findings at the right places, formats, exit codes, suppressions, fixes, cache."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from cleaner import load_pipeline
from cleaner.batch import InputFile
from cleaner.cli import app
from cleaner.lint import FindingFilter, LintJob, lint_file
from cleaner.pipeline import Settings

from .conftest import SEEDS

SAMPLE = SEEDS / "000_c6140b535fe491f8.txt"
SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
MARKDOWN_WITH_DEBRIS = """---
title: Bridge closes for repairs
author: Mara Lindqvist
---

# Bridge closes for repairs

The bridge will close to all traffic from April 1 while engineers replace the corroded cables.

Advertisement

- Drivers will be diverted through the *northern* ring road,  which adds about 20 minutes.
- A free shuttle bus will run every ten minutes between the two ferry terminals.

The council said the repairs would cost £14 million, paid from the transport budget.
"""


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(app, ["lint", "--no-cache", *map(str, args)])

    return invoke


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _at(path: Path, line: int, column: int, text: str) -> bool:
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return source[column - 1 :].startswith(text)


def test_sample_article_findings_at_their_lines_and_columns(run) -> None:
    result = run(SAMPLE)
    assert result.exit_code == 1
    found = {}
    for line in result.stdout.splitlines():
        match = re.match(r"(.+?):(\d+):(\d+): (\S+) ", line)
        if match:
            found.setdefault(match.group(4), []).append((int(match.group(2)), int(match.group(3))))
    assert found["debris/image-id"] == [(8, 1)]
    assert found["debris/read-next"] == [(47, 1), (48, 1)]
    assert found["meta/byline-pipe-date"] == [(4, 1)]
    assert found["meta/section-label"] == [(1, 1)]
    assert _at(SAMPLE, 8, 1, "1549722 rubio 1") and _at(SAMPLE, 48, 1, "Cancel OK")
    assert result.stdout.strip().splitlines()[-1].startswith("checked 1 file: ")
    assert "fixable with --fix" in result.stdout


def test_clean_output_lints_clean(run, tmp_path) -> None:
    CliRunner().invoke(app, ["clean", str(SEEDS), "-o", str(tmp_path / "out")])
    result = run(tmp_path / "out")
    assert result.exit_code == 0, result.stdout
    assert "checked 4 files: 0 errors, 1 warning, 0 info" in result.stdout
    # the one warning is the sample's lowercase "but" after a full stop: reported, never changed
    assert "spelling/sentence-start" in result.stdout and "('but' -> 'But')" in result.stdout


def test_json_format_has_every_field(run) -> None:
    result = run(SAMPLE, "--format", "json")
    findings = json.loads(result.stdout)
    assert {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "stage",
        "severity",
        "message",
        "before",
        "after",
        "fixable",
        "suggestions",
    } == set(findings[0])
    image_id = next(f for f in findings if f["rule"] == "debris/image-id")
    assert (image_id["line"], image_id["column"], image_id["end_line"], image_id["end_column"]) == (8, 1, 8, 16)
    assert image_id["after"] is None and image_id["fixable"] is True and image_id["severity"] == "error"


def test_github_format_annotates_lines(run) -> None:
    result = run(SAMPLE, "--format", "github")
    lines = result.stdout.strip().splitlines()
    pattern = re.compile(
        r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::.+$"
    )
    assert lines and all(pattern.match(line) for line in lines)
    assert any(
        line.startswith("::error file=") and "line=8,col=1," in line and "title=debris/image-id" in line
        for line in lines
    )


def test_sarif_format_validates_against_the_published_schema(run) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # The published file has a known defect (an `anyOf` nested under region's
    # `properties`, upstream issue 578), so it is used to validate, not checked itself.
    validator = jsonschema.Draft202012Validator(schema)
    log = json.loads(run(SEEDS, "--format", "sarif").stdout)
    assert list(validator.iter_errors(log)) == []
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken)), "the validator must reject a bad level"


def test_junit_format_has_a_case_per_file_and_a_failure_per_finding(run) -> None:
    result = run(SEEDS, "--format", "junit")
    suites = ElementTree.fromstring(result.stdout)
    cases = suites.findall(".//testcase")
    assert len(cases) == 4
    failures = suites.findall(".//failure")
    assert len(failures) == int(suites.get("failures")) > 0
    assert {f.get("type") for f in failures} >= {"debris/image-id", "debris/read-next"}


def test_unreadable_file_exits_2(run, tmp_path) -> None:
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run(tmp_path / "broken.txt", SAMPLE)
    assert result.exit_code == 2
    assert "broken.txt: not text" in result.stderr


def test_bad_usage_exits_2(run) -> None:
    assert run(SAMPLE, "--format", "xml").exit_code == 2
    assert run(SAMPLE, "--fail-on", "fatal").exit_code == 2


def test_fail_on_sets_the_failing_severity(run, tmp_path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Title here\n\nA sentence.\n\n\n\nAnother sentence.\n", encoding="utf-8")
    assert run(article).exit_code == 0  # only a warning: extra blank lines
    assert run(article, "--fail-on", "warning").exit_code == 1


def test_select_and_ignore_by_id_prefix_and_stage(run) -> None:
    def rules(*args):
        return {f["rule"] for f in json.loads(run(SAMPLE, "--format", "json", *args).stdout)}

    assert rules("--select", "debris/image-id") == {"debris/image-id"}
    assert rules("--select", "debris") == {"debris/image-id", "debris/read-next"}
    assert rules("--ignore", "strip_debris,typography,spelling,names") == {
        "meta/section-label",
        "meta/title",
        "meta/byline-pipe-date",
    }
    assert run(SAMPLE, "--ignore", "strip_debris,fix_spelling,normalize_names").exit_code == 0


def test_suppression_comments(run, tmp_path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "# Title of the story\n\n"
        "The first paragraph of the story is here and it is long enough.\n\n"
        "<!-- cleaner: disable debris/advertisement -->\n\nAdvertisement\n\n<!-- cleaner: enable debris/advertisement -->\n\n"
        "Advertisement\n\n"
        "<!-- cleaner: disable-next-line debris -->\nFacebook\n\nTwitter\n",
        encoding="utf-8",
    )
    findings = json.loads(run(article, "--format", "json").stdout)
    assert [(f["rule"], f["line"]) for f in findings] == [("debris/advertisement", 11), ("debris/share-row", 16)]


def test_config_per_file_ignores_and_severity(run, tmp_path) -> None:
    shutil.copy(SAMPLE, tmp_path / "keep.txt")
    (tmp_path / "legacy").mkdir()
    shutil.copy(SAMPLE, tmp_path / "legacy" / "old.txt")
    (tmp_path / "cleaner.yaml").write_text(
        "per_file_ignores:\n  'legacy/*': [strip_debris]\nseverity:\n  debris/read-next: info\n", encoding="utf-8"
    )
    findings = json.loads(run(tmp_path, "--format", "json").stdout)
    legacy = {f["rule"] for f in findings if "legacy" in f["path"]}
    assert not any(rule.startswith("debris/") for rule in legacy)
    read_next = [f for f in findings if f["rule"] == "debris/read-next"]
    assert read_next and all(f["severity"] == "info" for f in read_next)


def test_nearest_config_governs_each_file(run, tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SAMPLE, tmp_path / "a" / "x.txt")
    shutil.copy(SAMPLE, tmp_path / "b" / "x.txt")
    (tmp_path / "b" / "cleaner.yaml").write_text("ignore: [debris/image-id]\n", encoding="utf-8")
    findings = json.loads(run(tmp_path, "--format", "json").stdout)
    image_ids = {Path(f["path"]).parent.name for f in findings if f["rule"] == "debris/image-id"}
    assert image_ids == {"a"}


def test_fix_leaves_a_file_that_lints_clean(run, tmp_path) -> None:
    article = tmp_path / "story.md"
    article.write_text(MARKDOWN_WITH_DEBRIS, encoding="utf-8")
    first = run(article)
    assert first.exit_code == 1
    fixed = run(article, "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    text = article.read_text(encoding="utf-8")
    assert "Advertisement" not in text
    assert "the *northern* ring road, which adds" in text  # the double space, fixed in place
    assert text.startswith("---\ntitle: Bridge closes for repairs\n")
    second = run(article)
    assert second.exit_code == 0 and "0 errors, 0 warnings, 0 info" in second.stdout
    assert list(tmp_path.glob(".*.tmp")) == []


def test_fix_on_the_sample_keeps_every_other_line(run, seeds) -> None:
    sample = seeds / SAMPLE.name
    before = sample.read_text(encoding="utf-8").splitlines()
    run(sample, "--fix")
    after = sample.read_text(encoding="utf-8").splitlines()
    removed = [line for line in before if line not in after]
    typo_line = next(line for line in before if "de-escalinate" in line)
    assert removed == ["1549722 rubio 1", typo_line, "READ NEXT", "Cancel OK"]
    assert typo_line.replace("de-escalinate", "de-escalate").replace("Levitt", "Leavitt") in after
    assert run(sample).exit_code == 0  # what is left are metadata warnings only `clean` can act on


def test_a_guessed_encoding_is_rewritten_only_when_asked(run, tmp_path) -> None:
    article = tmp_path / "latin.txt"
    original = "Caf\u00e9 owners said the na\u00efve plan would fail.\r\n\r\nA second paragraph.\r\n".encode("cp1252")
    article.write_bytes(original)
    findings = {f["rule"] for f in json.loads(run(article, "--format", "json").stdout)}
    assert {"decode/encoding", "decode/line-endings"} <= findings
    refused = run(article, "--fix")
    assert article.read_bytes() == original and "its encoding was guessed (cp1252)" in refused.stderr
    run(article, "--fix", "--fix-encoding")
    assert article.read_bytes() == "Café owners said the naïve plan would fail.\n\nA second paragraph.\n".encode()


def test_diff_shows_fixes_and_writes_nothing(run, tmp_path) -> None:
    article = tmp_path / "story.md"
    article.write_text(MARKDOWN_WITH_DEBRIS, encoding="utf-8")
    result = run(article, "--diff")
    assert "-Advertisement" in result.stdout
    assert article.read_text(encoding="utf-8") == MARKDOWN_WITH_DEBRIS


def test_positions_in_markdown_point_at_the_characters_on_disk(run, tmp_path) -> None:
    article = tmp_path / "story.md"
    article.write_text(MARKDOWN_WITH_DEBRIS, encoding="utf-8")
    findings = json.loads(run(article, "--format", "json").stdout)
    space = next(f for f in findings if f["rule"] == "typography/space-run")
    line = MARKDOWN_WITH_DEBRIS.splitlines()[space["line"] - 1]
    assert line[space["column"] - 1 : space["end_column"] - 1] == "  "
    advert = next(f for f in findings if f["rule"] == "debris/advertisement")
    assert MARKDOWN_WITH_DEBRIS.splitlines()[advert["line"] - 1] == "Advertisement"


def test_cache_is_used_and_invalidated_when_rules_change(tmp_path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    item = InputFile(tmp_path / "a.txt", Path("a.txt"))
    job = LintJob(Settings(), FindingFilter(), cache_dir=tmp_path / "cache")
    first = lint_file(item, job)
    second = lint_file(item, job)
    assert (first.cached, second.cached) == (False, True)
    assert second.findings == first.findings
    rules = tmp_path / "off.yaml"
    rules.write_text("stage: strip_debris\nrules:\n  - id: debris/image-id\n    enabled: false\n", encoding="utf-8")
    changed = lint_file(item, LintJob(Settings(rule_paths=(rules,)), FindingFilter(), cache_dir=tmp_path / "cache"))
    assert changed.cached is False
    assert "debris/image-id" not in {f.rule_id for f in changed.findings}
    rules.write_text("stage: strip_debris\nrules:\n  - id: debris/image-id\n    enabled: true\n", encoding="utf-8")
    load_pipeline.cache_clear()  # a new run reads the rule files again
    again = lint_file(item, LintJob(Settings(rule_paths=(rules,)), FindingFilter(), cache_dir=tmp_path / "cache"))
    assert again.cached is False and "debris/image-id" in {f.rule_id for f in again.findings}


def test_an_unchanged_tree_is_answered_from_the_run_before_without_building_the_pipeline(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for number in range(3):
        shutil.copy(SAMPLE, tmp_path / f"a{number}.txt")
    runner = CliRunner()
    first = runner.invoke(app, ["lint", ".", "--format", "json"])
    assert first.exit_code == 1 and json.loads(first.stdout)

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline was built")

    for home in ("cleaner.pipeline._pipeline", "cleaner.pipeline"):  # a lazily loaded name is kept on its package
        monkeypatch.setattr(f"{home}.load_pipeline", no_pipeline)
    second = runner.invoke(app, ["lint", ".", "--format", "json"])
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)

    # Any change is a new run: a file's bytes, a filter, a rule file.
    (tmp_path / "a1.txt").write_text("A short clean note.\n", encoding="utf-8")
    assert isinstance(runner.invoke(app, ["lint", ".", "--format", "json"]).exception, AssertionError)
    assert isinstance(runner.invoke(app, ["lint", "a0.txt", "--ignore", "debris"]).exception, AssertionError)
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["lint", "a0.txt"]).exit_code == 1
    (tmp_path / "off.yaml").write_text(
        "stage: strip_debris\nrules:\n  - id: debris/image-id\n    enabled: false\n", encoding="utf-8"
    )
    for home in ("cleaner.pipeline._pipeline", "cleaner.pipeline"):  # a lazily loaded name is kept on its package
        monkeypatch.setattr(f"{home}.load_pipeline", no_pipeline)
    assert isinstance(runner.invoke(app, ["lint", "a0.txt", "--rules", "off.yaml"]).exception, AssertionError)


def test_corrupt_cache_is_ignored(tmp_path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    item = InputFile(tmp_path / "a.txt", Path("a.txt"))
    job = LintJob(Settings(), FindingFilter(), cache_dir=tmp_path / "cache")
    lint_file(item, job)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    result = lint_file(item, job)
    assert result.cached is False and result.findings


def test_clean_check_exits_1_when_cleaning_would_change_files(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "--check"]).exit_code == 1
    assert not out.exists()
    runner.invoke(app, ["clean", str(SEEDS), "-o", str(out)])
    assert runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "--check"]).exit_code == 0
    assert runner.invoke(app, ["clean", str(out), "--check"]).exit_code == 0


def test_fix_never_rewrites_a_page(run, tmp_path) -> None:
    page = tmp_path / "page.html"
    html = (
        "<html><body><article><h1>Bridge closes</h1><p>The bridge will close to  all traffic from April 1 "
        "while engineers replace the corroded cables, the council said.</p><p>Advertisement</p>"
        "<p>Drivers will be diverted through the northern ring road, which adds about 20 minutes.</p>"
        "</article></body></html>"
    )
    page.write_text(html, encoding="utf-8")
    findings = json.loads(run(page, "--format", "json").stdout)
    assert findings and not any(finding["fixable"] for finding in findings)
    run(page, "--fix")
    assert page.read_text(encoding="utf-8") == html
