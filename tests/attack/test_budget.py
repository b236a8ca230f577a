"""Work that would never end is stopped: per file, by the supervisor; per engine, by its own limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..languagetool_server import LanguageToolStub
from .conftest import STORY, TYPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fine.txt").write_text(STORY, encoding="utf-8")
    return tmp_path


def _config(project: Path, text: str) -> None:
    (project / "cleaner.yaml").write_text(text, encoding="utf-8")


def test_a_slow_user_selector_is_stopped_with_its_stage(cleaner, project: Path) -> None:
    _config(project, "max_seconds_per_file: 4\nrules: [slow.yaml]\n")
    (project / "slow.yaml").write_text(
        "stage: parse_html\nrules:\n  - id: user/siblings\n    drop: 'x ~ p ~ p ~ p ~ p'\n", encoding="utf-8"
    )
    page = (
        "<html><body><article>"
        + "<x>a</x>"
        + "<p>A short paragraph of the page.</p>" * 6000
        + "</article></body></html>"
    )
    (project / "in" / "page.html").write_text(page, encoding="utf-8")
    run = cleaner("clean", "in", "-o", "out", timeout=90)
    assert run.code == 1 and run.one_line_about("page.html", "stopped after 4 s in stage")
    assert (project / "out" / "fine.md").exists()


def test_a_regex_just_under_its_own_limit_is_stopped_per_file(cleaner, project: Path) -> None:
    _config(project, "max_seconds_per_file: 4\nrules: [slow.yaml]\n")
    (project / "slow.yaml").write_text(
        "stage: normalize_typography\nrules:\n  - id: user/slow\n    regex: '(a|aa)+$'\n    replace: x\n",
        encoding="utf-8",
    )
    # each paragraph takes the regex about half a second: under its own limit, far over the file's
    (project / "in" / "slow.txt").write_text(
        "\n\n".join(f"Line {n} " + "a" * 28 + "!" for n in range(100)) + "\n", encoding="utf-8"
    )
    run = cleaner("clean", "in", "-o", "out", timeout=90)
    stopped = run.one_line_about("slow.txt", "stopped after 4 s in stage normalize_typography")
    timed_out = run.one_line_about("slow.txt", "timed out", prefix="warning: ")
    assert stopped or timed_out, run.err
    assert (project / "out" / "fine.md").exists()


def test_a_rule_that_grows_the_text_is_stopped_and_named(cleaner, project: Path) -> None:
    _config(project, "rules: [grow.yaml]\n")
    (project / "grow.yaml").write_text(
        "stage: normalize_typography\nrules:\n  - id: user/grow\n    regex: 'q'\n    replace: '" + "q" * 100 + "'\n",
        encoding="utf-8",
    )
    (project / "in" / "q.txt").write_text("A quiet quarter of the square, quite queer.\n", encoding="utf-8")
    run = cleaner("clean", "in", "-o", "out", timeout=60)
    assert run.code == 0 and run.one_line_about("q.txt", "rule 'user/grow' made the text grow", prefix="warning: ")
    assert "quiet quarter" in (project / "out" / "q.md").read_text(encoding="utf-8")


def test_a_thousand_jobs_start_no_more_workers_than_files(cleaner, project: Path) -> None:
    _config(project, "jobs: 1000\n")
    run = cleaner("clean", "in", "-o", "out", timeout=60)
    assert run.code == 0 and (project / "out" / "fine.md").exists()


@pytest.mark.parametrize("mode", ["silent", "huge", "outside"])
def test_a_misbehaving_languagetool_server_costs_little(cleaner, project: Path, mode: str) -> None:
    _config(project, "rules: [lt.yaml]\n")
    (project / "in" / "typo.txt").write_text(TYPO, encoding="utf-8")
    with LanguageToolStub(mode) as server:
        (project / "lt.yaml").write_text(
            f"stage: fix_spelling\nrules:\n  - id: lt/check\n    engine: languagetool\n    remote_server: {server.url}\n"
            "    timeout: 3\n",
            encoding="utf-8",
        )
        run = cleaner("clean", "in", "-o", "out", "--jobs", "1", timeout=60)
    assert run.code == 0, run.err
    markdown = (project / "out" / "typo.md").read_text(encoding="utf-8")
    assert "the council agreed" in markdown and "x" * 100 not in markdown  # the article, never the server's text
    if mode != "outside":
        assert len(server.requests) == 1  # a failed server is not asked again by the worker that saw it fail


def test_languagetool_is_never_downloaded(cleaner, project: Path) -> None:
    _config(project, "rules: [lt.yaml]\n")
    (project / "lt.yaml").write_text(
        "stage: fix_spelling\nrules:\n  - id: lt/check\n    engine: languagetool\n", encoding="utf-8"
    )
    env = {key: value for key, value in os.environ.items() if key != "CLEANER_LANGUAGETOOL_SERVER"}
    env["LTP_PATH"] = str(project / "no-languagetool-here")
    run = cleaner("lint", "--fail-on", "warning", "in", env=env, timeout=60)
    assert "never downloads it" in run.out and "remote_server" in run.out
