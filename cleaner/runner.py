"""Run the pipeline over many files, in parallel, one result per file in input order.

The pipeline is built once per process (rules compiled, engines loaded); a
file that cannot be read becomes an error result and the batch goes on.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator

from . import load_pipeline
from .document import Metadata
from .errors import InputError
from .files import InputFile
from .findings import Finding
from .pipeline import Settings
from .readers import read_bytes

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 8


@dataclass(frozen=True)
class FileOutcome:
    item: InputFile
    markdown: str = ""
    findings: tuple[Finding, ...] = ()
    metadata: Metadata | None = None
    source_text: str = ""
    error: str | None = None


def process_file(item: InputFile, settings: Settings) -> FileOutcome:
    pipeline = load_pipeline(settings)
    try:
        data = item.path.read_bytes()
    except OSError as error:
        return FileOutcome(item, error=error.strerror or str(error))
    try:
        document, text = read_bytes(data, item.shown)
    except InputError as error:
        return FileOutcome(item, error=error.reason)
    result = pipeline.run(document)
    return FileOutcome(item, result.markdown, result.findings, result.document.metadata, text)


def run_batch(items: list[InputFile], settings: Settings, jobs: int = 0, task=process_file, argument=None) -> Iterator:
    """Yield `task(item, argument)` for each item, in order; `jobs` 0 means one worker per core.

    `argument` defaults to `settings`; the pipeline for `settings` is built once
    per worker process before the first file.
    """
    load_pipeline(settings)  # fail on bad rules here, before any worker starts
    argument = settings if argument is None else argument
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(items) < _PARALLEL_FROM:
        for item in items:
            yield task(item, argument)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=load_pipeline, initargs=(settings,)) as pool:
        yield from pool.map(task, items, [argument] * len(items), chunksize=4)
