"""Hostile input trees: special files, symlinks out of the tree, clashing names, broken gzip, odd names.

Cases about which files are read and written run only the decode stage: the rest of the chain has no say there.
"""

from __future__ import annotations

import base64
import gzip
import os
from pathlib import Path

import pytest

from cleaner.batch import JOURNAL_NAME

from .conftest import STORY


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    return folder


def test_a_fifo_and_a_device_are_refused_not_read(cleaner, tree: Path) -> None:
    os.mkfifo(tree / "fifo.txt")
    (tree / "zero.txt").symlink_to("/dev/zero")
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out", "--follow-symlinks", timeout=60)
    assert run.code == 1
    assert run.one_line_about("fifo.txt", "not a regular file (a FIFO)")
    assert run.one_line_about("zero.txt", "file of the running system", prefix="note: ")  # left out of the folder
    assert (tree.parent / "out" / "story.md").exists()
    named = cleaner("clean", "--only", "decode", tree / "zero.txt", timeout=60)  # and refused when named
    assert named.code == 1 and named.one_line_about("zero.txt", "running system")


def test_symlinks_never_lead_out_of_the_tree_or_into_the_system(cleaner, tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.txt").write_text(
        "A private note that is not part of the input folder at all.\n", encoding="utf-8"
    )
    (tree / "host.txt").symlink_to("/etc/hostname")
    (tree / "env.txt").symlink_to("/proc/self/environ")
    (tree / "linked").symlink_to(outside)
    run = cleaner(
        "clean", "--only", "decode", tree, "-o", tmp_path / "out", env={**os.environ, "SECRET_TOKEN": "do-not-leak"}
    )
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md"))
    assert written == ["story.md"], run.err
    assert "do-not-leak" not in run.out + run.err
    assert run.one_line_about("host.txt", "outside the input folder", prefix="note: ")
    assert run.one_line_about("env.txt", "running system", prefix="note: ")
    followed = cleaner("clean", "--only", "decode", tree, "-o", tmp_path / "out2", "--follow-symlinks")
    written = sorted(p.relative_to(tmp_path / "out2").as_posix() for p in (tmp_path / "out2").rglob("*.md"))
    assert "linked/private.md" in written and "env.md" not in written, followed.err


def test_nothing_is_written_through_a_symlink_out_of_the_output_folder(cleaner, tree: Path, tmp_path: Path) -> None:
    (tree / "sub").mkdir()
    (tree / "sub" / "a.txt").write_text(STORY, encoding="utf-8")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    run = cleaner("clean", "--only", "decode", tree, "-o", out)
    assert not list(elsewhere.iterdir())
    assert run.code == 1 and run.one_line_about("a.txt", "leads out of")
    assert (out / "story.md").exists()


def test_clashing_output_names_each_keep_their_own(cleaner, tree: Path) -> None:
    (tree / "story.TXT").write_text(STORY, encoding="utf-8")
    (tree / "story.html").write_text(f"<html><body><p>{STORY}</p></body></html>", encoding="utf-8")
    (tree / "story.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out")
    names = sorted(p.name for p in (tree.parent / "out").iterdir() if p.name != JOURNAL_NAME)
    assert names == ["story.TXT.md", "story.html.md", "story.txt.gz.md", "story.txt.md"], run.err
    assert run.code == 0 and "each keeps its own name" in run.err


def test_an_output_folder_inside_the_input_folder_is_never_input(cleaner, tree: Path) -> None:
    for _ in range(3):
        run = cleaner("clean", "--only", "decode", tree, "-o", tree / "out")
        assert run.code == 0, run.err
    assert sorted(
        p.relative_to(tree / "out").as_posix() for p in (tree / "out").rglob("*") if p.name != JOURNAL_NAME
    ) == ["story.md"]


def test_hidden_ignored_and_excluded_files_are_left_out(cleaner, tree: Path) -> None:
    for folder in (".venv/lib", "build", "drafts"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "x.txt").write_text(STORY, encoding="utf-8")
    (tree / ".gitignore").write_text("build/\n", encoding="utf-8")
    (tree / "cleaner.yaml").write_text("exclude: [drafts/]\n", encoding="utf-8")
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out", "--config", tree / "cleaner.yaml")
    assert sorted(p.name for p in (tree.parent / "out").rglob("*.md")) == ["story.md"], run.err


def test_every_gzip_member_is_read_and_a_cut_one_is_an_error(cleaner, tree: Path) -> None:
    (tree / "two.txt.gz").write_bytes(
        gzip.compress(b"The first part of the story.\n\n") + gzip.compress(b"The second part.\n")
    )
    (tree / "cut.txt.gz").write_bytes(gzip.compress(STORY.encode() * 50)[:-30])
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out")
    assert "The second part." in (tree.parent / "out" / "two.md").read_text(encoding="utf-8")
    assert run.code == 1 and run.one_line_about("cut.txt.gz", "truncated gzip")
    assert not (tree.parent / "out" / "cut.md").exists()


def test_a_long_file_name_is_cleaned(cleaner, tree: Path) -> None:
    name = "a-very-long-slug-" * 14 + "end.txt"  # 245 characters: legal, and too long with a temporary suffix
    (tree / name).write_text(STORY, encoding="utf-8")
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out")
    assert run.code == 0, run.err
    assert (tree.parent / "out" / (name[:-4] + ".md")).exists()


def test_an_output_that_cannot_be_written_costs_that_file(cleaner, tree: Path) -> None:
    (tree / "other.txt").write_text(STORY, encoding="utf-8")
    (tree.parent / "out" / "story.md").mkdir(parents=True)  # a folder where the file should go
    run = cleaner("clean", "--only", "decode", tree, "-o", tree.parent / "out")
    assert run.code == 1 and run.one_line_about("story.txt", "cannot write")
    assert (tree.parent / "out" / "other.md").exists()
    assert "cleaned 1 file" in run.err


def test_a_long_line_without_spaces_is_quick(cleaner, tree: Path) -> None:
    blob = base64.b64encode(os.urandom(120_000)).decode()  # a 160 KB line, as scraped pages carry
    (tree / "blob.txt").write_text(STORY + "\n" + blob + "\n", encoding="utf-8")
    run = cleaner("clean", tree / "blob.txt", timeout=60)
    assert run.code == 0 and "ninety years" in run.out


@pytest.mark.slow
def test_a_page_of_a_hundred_thousand_inline_tags_finishes(cleaner, tree: Path) -> None:
    page = (
        "<html><body><article><p>"
        + "".join(f"<b>w{i}</b><i>x</i>" for i in range(50_000))
        + "</p></article></body></html>"
    )
    (tree / "tags.html").write_text(page, encoding="utf-8")
    run = cleaner("clean", tree / "tags.html", timeout=90)
    assert run.code == 0 and "w49999" in run.out
