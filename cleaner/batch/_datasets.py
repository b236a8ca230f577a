"""Cleaned articles as a dataset: JSON Lines or Parquet, one row an article, written as results come.

A dataset is a folder of parts (`part-00000.parquet`, one per process or cluster
task), as Spark, Dask, DuckDB and pandas write and read them. A part is written
to a temporary file first and moved into place when it is complete, so a
reader never sees half a part. Parquet rows go out in row groups of
`ROWS_PER_GROUP`, so memory holds one group, not the dataset. When the batch
revises some articles after the first pass, the part is copied once more with
those rows replaced (group by group: memory stays flat).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core import CleanerError, Metadata, guess_language
from ..readers import import_fsspec, is_url, local_path

FORMATS: tuple[str, ...] = ("md", "jsonl", "parquet")
COLUMNS = (
    "id",
    "url",
    "title",
    "author",
    "date",
    "section",
    "language",
    "text",
    "findings",
    "record_id",
    "fetched",
    "source",
)
ROWS_PER_GROUP = 256
_LANGUAGE_SAMPLE = 4000


def part_location(dataset: str, index: int, format: str) -> str:
    """Where part `index` of the dataset at `dataset` (a folder or a URL) goes."""
    name = f"part-{index:05d}.{format}"
    return f"{dataset.rstrip('/')}/{name}" if is_url(dataset) else str(Path(local_path(dataset)) / name)


def article_row(key: str, markdown: str, findings, metadata) -> dict[str, Any]:
    """One article's row: its metadata, its text as Markdown (front matter left out: it is in the columns),
    how many findings each rule made, and the web-archive record it came from."""
    body = _without_front_matter(markdown)
    metadata = metadata or Metadata()
    extra = dict(metadata.extra)
    return {
        "id": key,
        "url": metadata.url,
        "title": metadata.title,
        "author": metadata.author,
        "date": metadata.date,
        "section": metadata.section,
        "language": guess_language(body[:_LANGUAGE_SAMPLE]),
        "text": body,
        "findings": dict(sorted(Counter(finding.rule_id for finding in findings).items())),
        "record_id": extra.get("warc_record"),
        "fetched": extra.get("fetched"),
        "source": metadata.source,
    }


def _without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end >= 0:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


class DatasetPart:
    """One part of a dataset, written row by row; `revise` replaces a row already written."""

    def __init__(self, location: str, format: str) -> None:
        self.location, self.format = location, format
        self.revised: dict[str, dict[str, Any]] = {}  # only the rows the batch revised, by id
        self.rows = 0
        folder = Path(local_path(location)).parent if not is_url(location) else Path(tempfile.gettempdir())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CleanerError(f"cannot write {location}: {error.strerror or error}") from None
        self.draft = folder / f".{Path(location).name}.{secrets.token_hex(4)}.tmp"
        self._writer = _writer(self.draft, format)

    def add(self, row: dict[str, Any]) -> None:
        self._writer.write(row)
        self.rows += 1

    def revise(self, row: dict[str, Any]) -> None:
        self.revised[row["id"]] = row

    def close(self) -> None:
        """Finish the part and move it into place (with revised rows put in)."""
        self._writer.close()
        merged = self.draft.with_name(self.draft.name + ".merged")
        try:
            if self.revised:
                _copy_revised(self.draft, merged, self.format, self.revised)
                _publish(merged, self.location)
            else:
                _publish(self.draft, self.location)
        finally:
            self.draft.unlink(missing_ok=True)
            merged.unlink(missing_ok=True)

    def abandon(self) -> None:
        self._writer.close()
        self.draft.unlink(missing_ok=True)


def revise_part(location: str, format: str, revised: dict[str, dict[str, Any]]) -> None:
    """Replace some rows of a part already written (a cluster's second pass), one row group at a time."""
    folder = Path(local_path(location)).parent if not is_url(location) else Path(tempfile.gettempdir())
    token = secrets.token_hex(4)
    current, merged = folder / f".{token}.current.tmp", folder / f".{token}.merged.tmp"
    try:
        if is_url(location):
            filesystem, path = import_fsspec().core.url_to_fs(location)
            filesystem.get_file(path, str(current))
        else:
            current = Path(local_path(location))
        _copy_revised(current, merged, format, revised)
        _publish(merged, location)
    finally:
        merged.unlink(missing_ok=True)
        if is_url(location):
            current.unlink(missing_ok=True)


def _copy_revised(source: Path, target: Path, format: str, revised: dict[str, dict[str, Any]]) -> None:
    writer = _writer(target, format)
    try:
        for row in _read_rows(source, format):
            writer.write(revised.get(row["id"], row))
    finally:
        writer.close()


def _publish(draft: Path, location: str) -> None:
    if is_url(location):
        filesystem, path = import_fsspec().core.url_to_fs(location)
        filesystem.put_file(str(draft), path)  # an object store shows the object only once it is whole
        return
    with open(draft, "rb") as stream:
        os.fsync(stream.fileno())
    os.replace(draft, local_path(location))


class _JsonLines:
    def __init__(self, path: Path) -> None:
        self.stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by close())

    def write(self, row: dict[str, Any]) -> None:
        self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.stream.close()


class _Parquet:
    def __init__(self, path: Path) -> None:
        pyarrow, parquet = _pyarrow()
        self.pyarrow = pyarrow
        self.schema = _schema(pyarrow)
        self.writer = parquet.ParquetWriter(str(path), self.schema, compression="zstd")
        self.pending: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        if len(self.pending) >= ROWS_PER_GROUP:
            self._flush()

    def close(self) -> None:
        if self.writer is not None:
            self._flush()
            self.writer.close()
            self.writer = None

    def _flush(self) -> None:
        if self.pending:
            rows = [{**row, "findings": list(row["findings"].items())} for row in self.pending]
            self.writer.write_table(self.pyarrow.Table.from_pylist(rows, schema=self.schema))
            self.pending = []


def _writer(path: Path, format: str) -> _JsonLines | _Parquet:
    return _Parquet(path) if format == "parquet" else _JsonLines(path)


def _read_rows(path: Path, format: str) -> Iterator[dict[str, Any]]:
    if format == "jsonl":
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)
        return
    _, parquet = _pyarrow()
    for batch in parquet.ParquetFile(str(path)).iter_batches(batch_size=ROWS_PER_GROUP):
        for row in batch.to_pylist():
            yield {**row, "findings": dict(row["findings"])}


def _schema(pyarrow):
    text = pyarrow.string()
    return pyarrow.schema(
        [
            ("id", text),
            ("url", text),
            ("title", text),
            ("author", text),
            ("date", text),
            ("section", text),
            ("language", text),
            ("text", text),
            ("findings", pyarrow.map_(text, pyarrow.int32())),
            ("record_id", text),
            ("fetched", text),
            ("source", text),
        ]
    )


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise CleanerError("writing Parquet needs pyarrow: pip install 'cleaner[scale]'") from error
    return pyarrow, pyarrow.parquet
