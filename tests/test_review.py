"""`clean --report`: one static review page of a run, checked as data and in a real headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.review import FLAGS
from cleaner.review import read_parts

from .conftest import ROOT, SEEDS

PAGES = ROOT / "tests" / "pages"
SEED = "000_c6140b535fe491f8.txt"
# An article whose text carries markup: in a .txt file it is text, and must stay text in the report.
HOSTILE = (
    "Council votes on harbour budget\n\n"
    "The council voted on Tuesday to keep the night ferry, after a debate that ran past midnight.\n\n"
    '</script><script>document.title = "pwned"; document.body.append("PWNED")</script>'
    "<img src=x onerror=\"document.title='pwned'\">\n\n"
    "Officials said the vote would be reviewed in the spring, when the next budget is drawn up.\n"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seeds, the real pages and the hostile article cleaned with a report; the page and stderr."""
    folder = tmp_path_factory.mktemp("review")
    inputs = folder / "in"
    inputs.mkdir()
    for path in [*SEEDS.glob("*.txt"), *PAGES.glob("*.html")]:
        shutil.copy(path, inputs / path.name)
    (inputs / "hostile <b onclick=x>name.txt").write_text(HOSTILE, encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe not text")
    report = folder / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", inputs, "-o", folder / "out", "--report", report],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr  # broken.txt failed; the rest were cleaned
    return report, result.stderr


def _parts(report: Path) -> dict[str, dict]:
    return {Path(part["file"]).name: part for part in read_parts(report.read_text(encoding="utf-8"))}


def test_the_overview_agrees_with_the_run_s_summary(run: tuple[Path, str]) -> None:
    report, stderr = run
    html = report.read_text(encoding="utf-8")
    summary = re.search(r"cleaned (\d+) files: (\d+) findings, (\d+) failed", stderr)
    assert summary is not None
    cleaned, findings, failed = map(int, summary.groups())
    assert f'id="total-files">{cleaned + failed}<' in html and f'id="total-findings">{findings}<' in html
    assert f'id="total-failed">{failed}<' in html and failed == 1
    parts = _parts(report)
    assert len(parts) == cleaned + failed and sum(len(p["findings"]) for p in parts.values()) == findings
    look = html[html.index('<ol id="look">') : html.index("</ol>")]
    assert 'broken.txt</a> <span class="reasons">failed' in look and SEED not in look
    words_in = sum(p["words_in"] for p in parts.values())
    assert f'id="total-words-in">{words_in}<' in html


def test_the_seed_s_removed_lines_and_word_changes_are_shown_with_their_rules(run: tuple[Path, str]) -> None:
    seed = _parts(run[0])[SEED]
    assert ["cut", "READ NEXT", "debris/read-next"] in seed["segments"]
    assert ["cut", "1549722 rubio 1", "debris/image-id"] in seed["segments"]
    assert ["lift", "Top News", "meta/section-label"] in seed["segments"]
    changes = [change for kind, _, extra in seed["segments"] if kind == "block" for change in extra]
    assert ["de-escalinate", "de-escalate", "spelling/typos"] in changes
    assert ["Karoline Levitt", "Karoline Leavitt", "names/variant"] in changes
    blocks = [text for kind, text, _ in seed["segments"] if kind == "block"]
    assert not any("READ NEXT" in text for text in blocks)  # the article as cleaned


def test_markup_from_an_article_or_a_file_name_never_becomes_markup_in_the_page(run: tuple[Path, str]) -> None:
    html = run[0].read_text(encoding="utf-8")
    assert "<script>document.title" not in html and "<img src=x" not in html and "<b onclick=x>" not in html
    # One <script> for the index, one for each file's part, one for the page's own code.
    assert html.count("<script") == 1 + len(_parts(run[0])) + 1
    hostile = _parts(run[0])["hostile <b onclick=x>name.txt"]
    assert any("document.title" in text for _, text, _ in hostile["segments"])  # kept, as text


def test_report_needs_a_run_that_writes_outputs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", SEEDS, "--diff", "--report", tmp_path / "r.html"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 2 and "--report reviews a whole run" in result.stderr


# In a real browser --------------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (Debian package: chromium)")


def _browser(report: Path, fragment: str, *extra: str, profile: Path) -> str:
    result = subprocess.run(
        [CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={profile}", *extra, f"{report.as_uri()}{fragment}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


def _dom(report: Path, fragment: str, profile: Path) -> str:
    return _browser(report, fragment, "--virtual-time-budget=3000", "--dump-dom", profile=profile)


@needs_chromium
@pytest.mark.slow
def test_in_chromium_the_seed_shows_what_was_cut_and_changed(run: tuple[Path, str], tmp_path: Path) -> None:
    report = run[0]
    number = next(n for n, name in enumerate(_parts(report)) if name == SEED)
    dom = _dom(report, f"#file-{number}", tmp_path / "profile")
    files = str(len(_parts(report)))
    assert f'id="total-files">{files}<' in dom
    assert "<summary>removed by debris/read-next</summary><s>READ NEXT</s>" in dom
    assert "<del>de-escalinate</del> → <ins>de-escalate</ins>" in dom
    assert 'class="rule">spelling/typos<' in dom
    assert dom.count('<li class="') + dom.count("<li>") >= int(files)  # the file list was built by the script


@needs_chromium
@pytest.mark.slow
def test_in_chromium_a_file_filtered_by_stage_hides_the_other_stages_findings(
    run: tuple[Path, str], tmp_path: Path
) -> None:
    report = run[0]
    number = next(n for n, name in enumerate(_parts(report)) if name == SEED)
    dom = _dom(report, f"#file-{number}/stage:fix_spelling", tmp_path / "profile")
    assert '<details class="cut hidden" open="" data-rule="debris/read-next" data-stage="strip_debris">' in dom
    assert '<span class="change" data-rule="spelling/typos" data-stage="fix_spelling">' in dom


@needs_chromium
@pytest.mark.slow
def test_in_chromium_an_article_s_script_runs_nothing(run: tuple[Path, str], tmp_path: Path) -> None:
    report = run[0]
    number = next(n for n, name in enumerate(_parts(report)) if name.startswith("hostile"))
    dom = _dom(report, f"#file-{number}", tmp_path / "profile")
    assert "<title>cleaner: review of" in dom and "pwned" not in dom.split("</title>")[0]
    shown = re.sub(r"<script type=.*?</script>", "", dom, flags=re.S)  # the page's data and code
    assert shown.count("PWNED") == shown.count('document.body.append("PWNED")') == 1  # only the article's text
    assert "&lt;/script&gt;&lt;script&gt;document.title" in dom  # shown as text in the article


@needs_chromium
@pytest.mark.slow
def test_a_screenshot_of_the_overview_for_the_readme(run: tuple[Path, str], tmp_path: Path) -> None:
    shot = tmp_path / "review.png"
    _browser(run[0], "", f"--screenshot={shot}", "--window-size=1280,1400", profile=tmp_path / "profile")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_saved_run_s_findings_make_the_same_kind_of_page(tmp_path: Path) -> None:
    def cleaner(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "cleaner", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)

    findings = tmp_path / "findings.json"
    findings.write_text(cleaner("lint", "seeds", "--format", "json").stdout, encoding="utf-8")
    result = cleaner("report", "--findings", findings, "-o", tmp_path / "review.html")
    assert result.returncode == 0, result.stderr
    seed = _parts(tmp_path / "review.html")[SEED]
    assert ["cut", "READ NEXT", "debris/read-next"] in seed["segments"]
    changes = [change for kind, _, extra in seed["segments"] if kind == "block" for change in extra]
    assert ["de-escalinate", "de-escalate", "spelling/typos"] in changes
    entries = json.loads(findings.read_text(encoding="utf-8"))
    assert sum(len(part["findings"]) for part in _parts(tmp_path / "review.html").values()) == len(entries)
    (tmp_path / "bad.json").write_text('{"not": "findings"}', encoding="utf-8")
    bad = cleaner("report", "--findings", tmp_path / "bad.json", "-o", tmp_path / "r.html")
    assert bad.returncode == 2 and "bad.json: not the JSON `cleaner lint --format json` writes" in bad.stderr
    assert not (tmp_path / "r.html").exists()
