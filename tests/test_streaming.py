"""`clean -o` writes each file as soon as it is cleaned; a run killed half-way keeps what it finished,
and `--resume` skips that and still ends with the outputs a whole run writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from cleaner.batch import InputFile, current_knowledge, stream_batch
from cleaner.batch._runner import process_file
from cleaner.pipeline import Settings

from .conftest import SEEDS

ARTICLES = 40


def _articles(folder: Path) -> Path:
    """Forty distinct articles: the seeds, each with a paragraph of its own."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(ARTICLES):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        extra = f"\n\nThe council's note number {number} was filed on the {number + 1}th day, officials said.\n"
        (folder / f"article-{number:02d}.txt").write_text(text + extra, encoding="utf-8")
    return folder


def _clean(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *map(str, args)], capture_output=True, text=True, timeout=600
    )


def _outputs(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


@pytest.mark.slow
def test_a_run_killed_half_way_keeps_its_finished_files_and_resume_skips_them(tmp_path: Path) -> None:
    articles = _articles(tmp_path / "in")
    whole = _clean(articles, "-o", tmp_path / "whole", "--jobs", "1")
    assert whole.returncode == 0, whole.stderr
    expected = _outputs(tmp_path / "whole")
    assert len(expected) == ARTICLES

    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", str(articles), "-o", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while len(list(out.glob("*.md"))) < 5 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the supervisor and its workers, at once
    run.wait()

    kept = _outputs(out)
    assert 5 <= len(kept) < ARTICLES, "the kill should land half-way"
    journal = (out / ".cleaner-run.jsonl").read_text(encoding="utf-8").splitlines()
    finished = len(journal) - 1  # the first line names the rules and code
    assert finished >= 1
    # What was written is whole: each file is a complete Markdown article (a first-pass one at worst).
    assert all(text.startswith("---\n") and text.endswith("\n") for text in kept.values())

    resumed = _clean(articles, "-o", out, "--jobs", "1", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    summary = resumed.stderr.strip().splitlines()[-1]  # "cleaned N files: ..., M done by an earlier run"
    cleaned = int(summary.split("cleaned ")[1].split(" file")[0])
    done = int(summary.rsplit(", ", 1)[1].split(" done by an earlier run")[0])
    # The finished files are skipped, unless what the whole batch shows changes them (then cleaned again).
    assert 1 <= done <= finished and cleaned + done == ARTICLES
    assert _outputs(out) == expected  # and the batch still learnt from them: the same outputs as a whole run


def test_without_resume_a_second_run_cleans_everything_again(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (articles / seed.name).write_bytes(seed.read_bytes())
    first = _clean(articles, "-o", tmp_path / "out", "--jobs", "1")
    again = _clean(articles, "-o", tmp_path / "out", "--jobs", "1")
    resumed = _clean(articles, "-o", tmp_path / "out", "--jobs", "1", "--resume")
    assert "cleaned 2 files" in first.stderr and "cleaned 2 files" in again.stderr
    assert "cleaned 0 files" in resumed.stderr and "2 done by an earlier run" in resumed.stderr


def test_resume_cleans_again_a_file_whose_input_changed(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (articles / seed.name).write_bytes(seed.read_bytes())
    _clean(articles, "-o", tmp_path / "out", "--jobs", "1")
    changed = sorted(articles.iterdir())[1]
    changed.write_text(
        changed.read_text(encoding="utf-8")
        + "\n\nA late paragraph was added to the story by the editor, who wanted readers to know about the ferry.\n",
        encoding="utf-8",
    )
    resumed = _clean(articles, "-o", tmp_path / "out", "--jobs", "1", "--resume")
    assert "cleaned 1 file:" in resumed.stderr and "1 done by an earlier run" in resumed.stderr
    assert "A late paragraph" in (tmp_path / "out" / changed.with_suffix(".md").name).read_text(encoding="utf-8")


def test_a_journal_planted_as_a_link_or_a_fifo_is_neither_followed_nor_read(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[1]
    (articles / seed.name).write_bytes(seed.read_bytes())
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("keep me\n", encoding="utf-8")
    linked, piped = tmp_path / "linked", tmp_path / "piped"
    linked.mkdir()
    piped.mkdir()
    (linked / ".cleaner-run.jsonl").symlink_to(elsewhere)
    os.mkfifo(piped / ".cleaner-run.jsonl")
    for out in (linked, piped):
        run = _clean(articles, "-o", out, "--jobs", "1", "--resume")
        assert run.returncode == 0, run.stderr
        assert (out / seed.with_suffix(".md").name).is_file()
    assert elsewhere.read_text(encoding="utf-8") == "keep me\n"


@dataclass(frozen=True)
class _Cleaned:
    worker: int
    taught: str | None
    observed: dict | None


def _clean_and_tell_who(item: InputFile, settings: Settings) -> _Cleaned:
    outcome = process_file(item, settings)
    knowledge = current_knowledge()
    return _Cleaned(os.getpid(), knowledge[0] if knowledge else None, outcome.observed)


def test_the_files_a_batch_changes_are_cleaned_again_by_the_same_workers_taught_what_it_showed(
    tmp_path: Path,
) -> None:
    spellings = ["Jane Smyth spoke", "Jane Smith said", "Jane Smith answered"]
    items = []
    for number, opening in enumerate(spellings):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"{opening} about the budget at the town hall on Monday evening.\n", encoding="utf-8")
        items.append(InputFile(path, Path(path.name)))
    settings = Settings(only=("normalize_names",))
    results = list(stream_batch(items, settings, jobs=1, task=_clean_and_tell_who))
    first = [outcome for _, outcome, revision in results if not revision]
    again = [(index, outcome) for index, outcome, revision in results if revision]
    assert [index for index, _ in again] == [0]  # only the file with the rarer spelling
    assert len({outcome.worker for _, outcome, _ in results}) == 1  # one worker started for the whole run
    assert {outcome.taught for outcome in first} == {None}
    assert again[0][1].taught is not None
