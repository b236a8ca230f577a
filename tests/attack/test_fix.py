"""`lint --fix` never damages an input: each file is written back in its own format, or left alone."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from cleaner.batch import InputFile
from cleaner.lint import FindingFilter, LintJob, lint_file
from cleaner.pipeline import Settings
from cleaner.readers import load, read_bytes

from .conftest import TYPO, digest

FIXED = "The government said the plan would go ahead on Monday, and the council agreed.\n"


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("plain.txt", TYPO.encode(), FIXED.encode()),
        ("story.md", ("# Title\n\n" + TYPO).encode(), ("# Title\n\n" + FIXED).encode()),
        ("bom.txt", b"\xef\xbb\xbf" + TYPO.encode(), b"\xef\xbb\xbf" + FIXED.encode()),
        ("utf16.txt", b"\xff\xfe" + TYPO.encode("utf-16-le"), b"\xff\xfe" + FIXED.encode("utf-16-le")),
        ("utf16be.txt", b"\xfe\xff" + TYPO.encode("utf-16-be"), b"\xfe\xff" + FIXED.encode("utf-16-be")),
        (
            "crlf.txt",
            (TYPO + "\n" + TYPO).replace("\n", "\r\n").encode(),
            (FIXED + "\n" + FIXED).replace("\n", "\r\n").encode(),
        ),
        (
            "mixed.txt",
            (TYPO.replace("\n", "\r\n") + "\n" + TYPO).encode(),
            (FIXED.replace("\n", "\r\n") + "\n" + FIXED).encode(),
        ),
    ],
)
def test_every_kind_of_input_round_trips_through_fix(
    cleaner, tmp_path: Path, name: str, raw: bytes, expected: bytes
) -> None:
    article = tmp_path / name
    article.write_bytes(raw)
    run = cleaner("lint", "--no-cache", "--fix", "--ignore", "decode/line-endings", article)
    assert run.code == 0, run.out + run.err
    assert article.read_bytes() == expected


@pytest.mark.parametrize("name", ["story.txt.gz", "story.md.gz"])
def test_a_gzipped_input_stays_gzip(cleaner, tmp_path: Path, name: str) -> None:
    article = tmp_path / name
    article.write_bytes(gzip.compress(TYPO.encode()))
    run = cleaner("lint", "--no-cache", "--fix", article)
    assert run.code == 0, run.out + run.err
    assert gzip.decompress(article.read_bytes()) == FIXED.encode()  # any gzip tool reads it


def test_a_guessed_encoding_is_never_rewritten_without_asking(cleaner, tmp_path: Path) -> None:
    article = tmp_path / "polish.txt"
    article.write_bytes("Rząd ogłosiła, że plan jest dobry.  Goverment said so.\n".encode("cp1250"))
    before = digest(article)
    run = cleaner("lint", "--no-cache", "--fix", article)
    assert digest(article) == before
    assert run.one_line_about("polish.txt", "its encoding was guessed", prefix="")


def test_a_file_changed_while_it_was_checked_is_not_overwritten(tmp_path: Path) -> None:
    from cleaner.cli import _write_fix

    article = tmp_path / "story.txt"
    article.write_text(TYPO, encoding="utf-8")
    result = lint_file(InputFile(article, Path(article.name)), LintJob(Settings(), FindingFilter(), fix=True))
    assert result.fixed_bytes == FIXED.encode()
    article.write_text(TYPO + "An editor added this line meanwhile.\n", encoding="utf-8")
    assert "changed since it was read" in _write_fix(result)
    assert article.read_text(encoding="utf-8").endswith("meanwhile.\n")


def test_a_full_disk_costs_the_fix_not_the_report(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    import cleaner.batch
    import cleaner.cli

    def full(path, data) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cleaner.batch, "write_atomic", full)  # the CLI looks it up when it writes
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "story.txt"
    article.write_text(TYPO, encoding="utf-8")
    result = CliRunner().invoke(cleaner.cli.app, ["lint", "--no-cache", "--fix", str(article)])
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "checked 1 file" in result.stdout
    assert article.read_text(encoding="utf-8") == TYPO


def test_fixed_bytes_read_back_as_the_fixed_text(tmp_path: Path) -> None:
    article = tmp_path / "story.txt.gz"
    article.write_bytes(gzip.compress(b"\xef\xbb\xbf" + TYPO.replace("\n", "\r\n").encode()))
    result = lint_file(
        InputFile(article, Path(article.name)), LintJob(Settings(), FindingFilter(ignore=("decode",)), fix=True)
    )
    document, text = read_bytes(result.fixed_bytes, str(article))
    assert text == result.fixed and "government" in text and "\r\n" in text
    assert os.path.getsize(article) and load(article, "x") != result.fixed_bytes
