"""Run the pipeline over many files, in parallel, one result per file in input order.

The pipeline is built once per process (rules compiled, engines loaded); a
file that cannot be read becomes an error result and the batch goes on.

Some stages learn from the whole batch (a name spelt two ways across a folder).
Every file is cleaned once as usual, and tells what such stages observed in
it; what all files showed is then combined, and only the files that this
changes are cleaned again, with that knowledge.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterator

from . import load_pipeline
from .document import Metadata
from .errors import InputError
from .files import InputFile
from .findings import Finding
from .pipeline import Pipeline, PipelineResult, Settings
from .readers import load, read_bytes

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 8

# What a batch showed: (a digest of it, stage -> knowledge), or None.
Knowledge = tuple[str, dict] | None
_KNOWLEDGE: Knowledge = None  # what the current worker (or call) was taught
_TAUGHT: dict[tuple[Settings, str], Pipeline] = {}


@dataclass(frozen=True)
class FileOutcome:
    item: InputFile
    markdown: str = ""
    findings: tuple[Finding, ...] = ()
    metadata: Metadata | None = None
    source_text: str = ""
    error: str | None = None
    observed: dict | None = None  # what batch-learning stages saw in this file


def pipeline_for(settings: Settings) -> Pipeline:
    """The pipeline for `settings`, taught what the batch showed when there is knowledge."""
    pipeline = load_pipeline(settings)
    if _KNOWLEDGE is None:
        return pipeline
    key = (settings, _KNOWLEDGE[0])
    if key not in _TAUGHT:
        _TAUGHT.clear()
        _TAUGHT[key] = pipeline.with_batch(_KNOWLEDGE[1])
    return _TAUGHT[key]


def current_knowledge() -> Knowledge:
    return _KNOWLEDGE


def run_pipeline(pipeline: Pipeline, document) -> tuple[PipelineResult, dict | None]:
    """Run, and note what batch-learning stages observe in the result (cheap: their work is memoised)."""
    result = pipeline.run(document)
    observed = pipeline.observe(result.document, result.findings) if pipeline.learns_from_batch else None
    return result, observed


def process_file(item: InputFile, settings: Settings) -> FileOutcome:
    pipeline = pipeline_for(settings)
    try:
        data = load(item.path, item.shown, settings.max_file_bytes)
        document, text = read_bytes(data, item.shown, max_bytes=settings.max_file_bytes)
        result, observed = run_pipeline(pipeline, document)
    except InputError as error:
        return FileOutcome(item, error=error.reason)
    except Exception as error:  # a bug must cost one file, not the batch
        return FileOutcome(item, error=internal_error(error))
    return FileOutcome(item, result.markdown, result.findings, result.document.metadata, text, observed=observed)


def internal_error(error: Exception) -> str:
    return f"internal error ({type(error).__name__}: {error}); the file was skipped, please report it"


def run_batch(items: list[InputFile], settings: Settings, jobs: int = 0, task: Callable = process_file,
              argument=None) -> Iterator:
    """Yield `task(item, argument)` for each item, in order; `jobs` 0 means one worker per core.

    `argument` defaults to `settings`. Outcomes carry `observed`; when the batch
    teaches a stage something, the files it concerns are done again with it.
    """
    global _KNOWLEDGE
    pipeline = load_pipeline(settings)  # fail on bad rules here, before any worker starts
    argument = settings if argument is None else argument
    workers = jobs or os.cpu_count() or 1
    workers = workers if workers > 1 and len(items) >= _PARALLEL_FROM else 0
    if not (pipeline.learns_from_batch and len(items) > 1):
        yield from _map(workers, task, items, argument, settings, None)
        return
    outcomes = list(_map(workers, task, items, argument, settings, None))
    learnt = pipeline.combine([o.observed for o in outcomes if getattr(o, "observed", None)])
    knowledge = (hashlib.sha256(pickle.dumps(learnt)).hexdigest(), learnt)
    again = [i for i, o in enumerate(outcomes) if getattr(o, "observed", None) and pipeline.affected(o.observed, learnt)]
    previous, _KNOWLEDGE = _KNOWLEDGE, knowledge
    try:
        redone = list(_map(workers if len(again) >= _PARALLEL_FROM else 0, task, [items[i] for i in again], argument,
                           settings, knowledge))
    finally:
        _KNOWLEDGE = previous
    for index, outcome in zip(again, redone):
        outcomes[index] = outcome
    yield from outcomes


def _start_worker(settings: Settings, knowledge: Knowledge) -> None:
    global _KNOWLEDGE
    _KNOWLEDGE = knowledge
    pipeline_for(settings)


def _map(workers: int, task: Callable, items: list, argument, settings: Settings, knowledge: Knowledge) -> Iterator:
    if not workers:
        yield from (task(item, argument) for item in items)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(settings, knowledge)) as pool:
        yield from pool.map(task, items, [argument] * len(items), chunksize=4)
