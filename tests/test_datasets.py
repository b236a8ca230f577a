"""Web archives in, datasets out: `clean crawl.warc.gz`, `--format jsonl|parquet`, globs, @lists and URLs.

The archives are written here with warcio (see test_warc.py); the Parquet
files are read back with pyarrow and checked column by column against the
Markdown the same run writes.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the scale extra (pip install 'cleaner[scale]') is not installed")
parquet = pytest.importorskip("pyarrow.parquet", reason="the scale extra is not installed")
fsspec = pytest.importorskip("fsspec", reason="the scale extra is not installed")

from warcio.warcwriter import WARCWriter  # noqa: E402

from cleaner.batch import COLUMNS, DatasetPart, collect_inputs  # noqa: E402
from cleaner.batch import _datasets as datasets  # noqa: E402

from .conftest import ROOT, SEEDS  # noqa: E402
from .test_warc import _response, archive  # noqa: E402

PAGES = ROOT / "tests" / "pages"


def _clean(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
    )


def _crawl(path: Path) -> Path:
    """The small crawl of test_warc.py, plus the real pages of tests/pages as responses."""
    data, _ = archive()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for page in sorted(PAGES.glob("*.html")):
        writer.write_record(_response(writer, f"https://news.example/{page.stem}", page.read_bytes(), "text/html"))
    path.write_bytes(data + out.getvalue())
    return path


def _front_matter(markdown: str) -> dict[str, str]:
    import yaml

    return yaml.safe_load(markdown.split("---\n")[1])


def test_a_web_archive_is_cleaned_page_by_page_and_its_other_records_are_counted(tmp_path: Path) -> None:
    crawl = _crawl(tmp_path / "crawl.warc.gz")
    result = _clean(crawl, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    written = sorted((tmp_path / "out" / "crawl").glob("*.md"))
    assert len(written) == 2 + len(list(PAGES.glob("*.html")))
    ferry = _front_matter(written[0].read_text(encoding="utf-8"))
    assert ferry["url"] == "https://example.org/ferry" and ferry["warc_record"].startswith("<urn:uuid:")
    assert ferry["fetched"].startswith("20") and ferry["source"] == f"{crawl}#0"
    assert "stranded on the island" in written[0].read_text(encoding="utf-8")
    note = next(line for line in result.stderr.splitlines() if line.startswith(f"note: {crawl}:"))
    assert "5 pages; left out 5 records" in note
    for why in ("not HTML (image/png)", "HTTP status", "truncated by the crawler", "revisit", "request record"):
        assert why in note


def test_a_broken_archive_is_an_error_naming_it_and_the_rest_of_the_batch_still_runs(tmp_path: Path) -> None:
    data, last = archive()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data[:last] + b"\x1f\x8b\x08\x00 not deflate" + data[last:])
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = _clean(broken, seed, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert f"error: {broken}: the archive is broken after this point" in result.stderr
    assert (tmp_path / "out" / "broken" / f"{0:012d}.md").is_file()
    assert (tmp_path / "out" / (seed.stem + ".md")).is_file()


@pytest.mark.parametrize("format", ["jsonl", "parquet"])
def test_a_dataset_holds_what_the_markdown_files_hold_column_by_column(tmp_path: Path, format: str) -> None:
    crawl = _crawl(tmp_path / "crawl.warc.gz")
    inputs = [crawl, *sorted(SEEDS.glob("*.txt"))]
    assert _clean(*inputs, "-o", tmp_path / "md").returncode == 0
    result = _clean(*inputs, "-o", tmp_path / "dataset", "--format", format)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "dataset").iterdir()] == [f"part-00000.{format}"]
    rows = _rows(tmp_path / "dataset" / f"part-00000.{format}", format)
    assert len(rows) == 5 + len(list(SEEDS.glob("*.txt")))
    markdown = {p.relative_to(tmp_path / "md").as_posix(): p.read_text(encoding="utf-8") for p in _md(tmp_path)}
    for row in rows:
        assert list(row) == list(COLUMNS)
        name = _md_name(row["id"], crawl)
        fields = _front_matter(markdown[name])
        body = markdown[name].split("---\n", 2)[2].lstrip("\n")
        assert row["text"] == body
        for column in ("url", "title", "author", "date", "section", "source"):
            assert row[column] == fields.get(column), column
        assert row["record_id"] == fields.get("warc_record") and row["fetched"] == fields.get("fetched")
        assert row["language"] in ("en", None)
        assert all(isinstance(count, int) and count > 0 for count in row["findings"].values())
    seed_row = next(row for row in rows if row["id"].endswith("000_c6140b535fe491f8.txt"))
    assert {"debris/read-next": 2, "spelling/typos": 1, "names/variant": 1}.items() <= seed_row["findings"].items()
    assert "de-escalate" in seed_row["text"] and seed_row["record_id"] is None
    assert seed_row["author"] == "Arpita Kushwaha" and seed_row["date"] == "2025-05-10T16:27:00-06:00"


def _md(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "md").rglob("*.md"))


def _md_name(row_id: str, crawl: Path) -> str:
    if "#" in row_id:
        return f"crawl/{int(row_id.rsplit('#', 1)[1]):012d}.md"
    return Path(row_id).stem + ".md"


def _rows(path: Path, format: str) -> list[dict]:
    if format == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    table = parquet.read_table(path)
    assert table.schema.names == list(COLUMNS)
    return [{**row, "findings": dict(row["findings"])} for row in table.to_pylist()]


def test_parquet_goes_out_in_row_groups_and_revised_rows_replace_the_first_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "ROWS_PER_GROUP", 3)
    part = DatasetPart(str(tmp_path / "part-00000.parquet"), "parquet")
    for number in range(10):
        part.add(_row(f"a{number}", f"text {number}"))
    part.revise(_row("a4", "revised text"))
    assert not (tmp_path / "part-00000.parquet").exists()  # nothing is seen until the part is whole
    part.close()
    written = parquet.ParquetFile(tmp_path / "part-00000.parquet")
    assert written.metadata.num_row_groups == 4
    texts = [row["text"] for row in written.read().to_pylist()]
    assert texts[4] == "revised text" and texts[:4] == [f"text {n}" for n in range(4)] and len(texts) == 10
    assert [p.name for p in tmp_path.iterdir()] == ["part-00000.parquet"]  # no temporary file left


def _row(key: str, text: str) -> dict:
    return {column: None for column in COLUMNS} | {"id": key, "text": text, "findings": {"rule/x": 1}}


def test_the_articles_a_batch_revises_are_revised_in_the_dataset_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, opening in enumerate(["Jane Smyth spoke", "Jane Smith said", "Jane Smith answered"]):
        text = f"{opening} about the budget at the town hall on Monday evening.\n"
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    assert _clean(folder, "-o", tmp_path / "md", "--only", "normalize_names").returncode == 0
    result = _clean(folder, "-o", tmp_path / "data", "--format", "jsonl", "--only", "normalize_names")
    assert result.returncode == 0, result.stderr
    rows = _rows(tmp_path / "data" / "part-00000.jsonl", "jsonl")
    # Only the second pass, taught the batch's spellings, finds the rarer one (reported, not changed).
    assert [row["findings"] for row in rows] == [{"names/consistency": 1}, {}, {}]
    for number, row in enumerate(rows):
        assert (tmp_path / "md" / f"{number}.md").read_text(encoding="utf-8").endswith(row["text"])


def test_globs_list_files_and_urls_name_inputs(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# the seeds\n{seeds[0]}\n\n{seeds[1]}\n", encoding="utf-8")
    found = collect_inputs([f"@{listing}", str(SEEDS / "00[23]_*.txt"), f"file://{seeds[0]}"])
    assert [item.path.name for item in found.files] == [p.name for p in seeds]  # each once, in order
    memory = fsspec.filesystem("memory")
    memory.pipe("/crawls/in/a/one.txt", seeds[0].read_bytes())
    memory.pipe("/crawls/in/two.html", (PAGES / "harbour-ferry.html").read_bytes())
    memory.pipe("/crawls/in/skip.png", b"\x89PNG")
    remote = collect_inputs(["memory://crawls/in"]).files
    assert [(item.url, item.relative.as_posix()) for item in remote] == [
        ("memory://crawls/in/a/one.txt", "a/one.txt"),
        ("memory://crawls/in/two.html", "two.html"),
    ]
    assert [item.url for item in collect_inputs(["memory://crawls/in/*.html"]).files] == ["memory://crawls/in/two.html"]


def test_object_storage_in_and_a_dataset_out_through_fsspec(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cleaner.cli import app

    memory = fsspec.filesystem("memory")
    seed = sorted(SEEDS.glob("*.txt"))[0]
    memory.pipe("/bucket/in/seed.txt", seed.read_bytes())
    memory.pipe("/bucket/in/crawl.warc.gz", _crawl(tmp_path / "crawl.warc.gz").read_bytes())
    result = CliRunner().invoke(app, ["clean", "memory://bucket/in", "-o", "memory://bucket/out", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in memory.cat("/bucket/out/part-00000.jsonl").decode().splitlines()]
    assert len(rows) == 6 and rows[-1]["id"] == "memory://bucket/in/seed.txt"
    assert rows[0]["id"] == "memory://bucket/in/crawl.warc.gz#0" and rows[0]["url"] == "https://example.org/ferry"
    assert "de-escalate" in rows[-1]["text"]


def test_wrong_dataset_options_are_one_line_usage_errors(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    for args, says in (
        (["--format", "csv", "-o", tmp_path], "--format csv: not one of md, jsonl, parquet"),
        (["--format", "parquet"], "give -o OUTPUT"),
        (["--format", "jsonl", "-o", tmp_path, "--resume"], "Markdown output on this machine only"),
        (["-o", "s3://bucket/out"], "Markdown files go to a local folder"),
        ([tmp_path / "*.nothing", "-o", tmp_path], "no file matches"),
    ):
        result = _clean(seed, *args)
        assert result.returncode == 2 and says in result.stderr, (args, result.stderr)
