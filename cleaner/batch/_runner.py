"""Run the pipeline over many files in worker processes that a supervisor can stop.

Every file is cleaned in a worker process, never in the process that reads
the command line: a file that takes longer than `max_seconds_per_file`, or a
worker that runs out of its memory (`max_memory_mb`) or dies, costs that file
only. The supervisor stops the worker, reports the file on one line with the
stage it was in, starts a fresh worker and goes on. Workers are forked from
the supervisor once the rules are loaded, so starting one costs little.

Some stages learn from the whole batch (a name spelt two ways across a folder).
Every file is cleaned once as usual, and tells what such stages observed in
it; what all files showed is then combined, and only the files that this
changes are cleaned again, with that knowledge.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core import Document, Finding, InputError, Metadata
from ..pipeline import Pipeline, PipelineResult, Settings, load_pipeline, watch_stages
from ..readers import WarcPage, WarcSkip, load, load_location, open_location, read_bytes, warc_record_at
from ._files import InputFile

# What a batch showed: (a digest of it, stage -> knowledge), or None.
Knowledge = tuple[str, dict] | None
_KNOWLEDGE: Knowledge = None  # what the current worker (or call) was taught
_TAUGHT: dict[tuple[Settings, str], Pipeline] = {}
_STAGE_NAME_BYTES = 64
_POLL_SECONDS = 0.2
_OUT_OF_MEMORY = 75  # a worker's exit code when a file took more memory than allowed


@dataclass(frozen=True)
class FileOutcome:
    item: InputFile
    markdown: str = ""
    findings: tuple[Finding, ...] = ()
    metadata: Metadata | None = None
    source_text: str = ""
    error: str | None = None
    observed: dict | None = None  # what batch-learning stages saw in this file
    stopped: tuple[Finding, ...] = ()  # stages stopped on this file: a rule timed out or ran away
    document: Document | None = None  # the cleaned Document, when the task asked to keep it
    review: dict | None = None  # this file's part of a review page (`cleaner.review`)


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


def read_input(item: InputFile, max_bytes: int) -> tuple[Document, str]:
    """The Document of a file, an object-storage URL or one page of a web archive, and its decoded text."""
    if item.record < 0:
        data = load_location(item.url, item.shown, max_bytes) if item.url else load(item.path, item.shown, max_bytes)
        return read_bytes(data, item.shown, max_bytes=max_bytes)
    try:
        with open_location(item.location) as stream:
            page = warc_record_at(stream, item.record, max_bytes)
    except OSError as error:
        raise InputError(item.shown, error.strerror or str(error)) from None
    if isinstance(page, WarcSkip):
        raise InputError(item.shown, page.why)
    return page_document(item, page, max_bytes)


def page_document(item: InputFile, page: WarcPage, max_bytes: int) -> tuple[Document, str]:
    """A web archive's page as a Document: decoded as its HTTP response says, with its URL and fetch date."""
    document, text = read_bytes(page.body, item.shown, "html", max_bytes, transport_charset=page.charset)
    fetched = (("fetched", page.fetched),) if page.fetched else ()
    metadata = replace(
        document.metadata,
        url=page.url or None,
        extra=document.metadata.extra + fetched + (("warc_record", page.record_id),),
    )
    return replace(document, metadata=metadata), text


def process_file(item: InputFile, settings: Settings) -> FileOutcome:
    return clean_item(pipeline_for(settings), item, settings)


def clean_item(
    pipeline: Pipeline,
    item: InputFile,
    settings: Settings,
    page: WarcPage | None = None,
    keep_document: bool = False,
) -> FileOutcome:
    """Read and clean one input (or an archive's page already read); a failure costs this input only."""
    try:
        if page is not None:
            document, text = page_document(item, page, settings.max_file_bytes)
        else:
            document, text = read_input(item, settings.max_file_bytes)
        result, observed = run_pipeline(pipeline, document)
    except Exception as error:  # a bad file or a bug must cost one file, not the batch
        return FileOutcome(item, error=failure_reason(error, settings))
    return FileOutcome(
        item,
        result.markdown,
        result.findings,
        result.document.metadata,
        text,
        observed=observed,
        stopped=result.stopped,
        document=result.document if keep_document else None,
    )


def failure_reason(error: Exception, settings: Settings) -> str:
    """The one line said about a file whose cleaning raised `error`."""
    if isinstance(error, InputError):
        return error.reason
    if isinstance(error, MemoryError):
        return (
            f"needs more memory than the {settings.max_memory_mb} MB a file may use "
            "(`max_memory_mb` in cleaner.yaml); skipped"
        )
    return internal_error(error)


def internal_error(error: Exception) -> str:
    """One line for a bug met while cleaning a file; with CLEANER_DEBUG=1 (or `--traceback`), its traceback below."""
    message = f"internal error ({type(error).__name__}: {error}); the file was skipped, please report it"
    if os.environ.get("CLEANER_DEBUG", "") not in ("", "0"):
        message += "\n" + "".join(traceback.format_exception(error)).rstrip()
    return message


def run_batch(
    items: list[InputFile],
    settings: Settings,
    jobs: int = 0,
    task: Callable = process_file,
    argument=None,
    failure: Callable = FileOutcome,
) -> Iterator:
    """Yield `task(item, argument)` for each item, in order; `jobs` 0 means one worker per core.

    `argument` defaults to `settings`; `failure(item, error=...)` stands for a
    file whose worker had to be stopped. Outcomes carry `observed`; when the
    batch teaches a stage something, the files it concerns are done again with it,
    and every outcome waits for that. `stream_batch` yields as files finish instead.
    """
    stream = stream_batch(items, settings, jobs, task, argument, failure)
    if not (load_pipeline(settings).learns_from_batch and len(items) > 1):
        yield from (outcome for _, outcome, _ in stream)  # nothing will be revised: no need to wait
        return
    outcomes: list = []
    revised: dict[int, object] = {}
    for index, outcome, is_revision in stream:
        if is_revision:
            revised[index] = outcome
        else:
            outcomes.append(outcome)
    for index, outcome in revised.items():
        outcomes[index] = outcome
    yield from outcomes


def stream_batch(
    items: list[InputFile],
    settings: Settings,
    jobs: int = 0,
    task: Callable = process_file,
    argument=None,
    failure: Callable = FileOutcome,
    known: Sequence[tuple[InputFile, dict]] = (),
) -> Iterator[tuple[int, Any, bool]]:
    """Yield `(index, outcome, revision)` as files finish, in input order, holding nothing back.

    When the batch teaches a stage something, the files it changes are cleaned again
    after all the others and yielded a second time with `revision` True. `known` holds
    files an earlier run cleaned (`--resume`) with what they showed: the batch learns
    from them too, and those it changes are cleaned again (index `len(items) + k`).
    Only each file's small `observed` summary is kept, so memory does not grow with
    the batch.
    """
    global _KNOWLEDGE
    pipeline = load_pipeline(settings)  # fail on bad rules here, before any worker starts
    if items or known:
        pipeline.warm()  # loaded once here, shared by every worker forked from this process
    argument = settings if argument is None else argument
    workers = max(1, min(jobs or os.cpu_count() or 1, os.cpu_count() or 1, len(items) or len(known) or 1))
    observed: list[dict | None] = []
    pool = _Pool(workers, task, argument, settings, failure)
    try:
        for index, outcome in enumerate(pool.run(items)):
            observed.append(getattr(outcome, "observed", None))
            yield index, outcome, False
        every = list(items) + [item for item, _ in known]
        observed += [seen for _, seen in known]
        seen = [o for o in observed if o]
        if not (pipeline.learns_from_batch and len(seen) > 1):
            return
        learnt = pipeline.combine(seen)
        knowledge = (hashlib.sha256(pickle.dumps(learnt)).hexdigest(), learnt)
        again = [i for i, o in enumerate(observed) if o and pipeline.affected(o, learnt)]
        previous, _KNOWLEDGE = _KNOWLEDGE, knowledge
        try:
            pool.knowledge = knowledge  # the same workers, taught before their next file
            for index, outcome in zip(again, pool.run([every[i] for i in again])):
                yield index, outcome, True
        finally:
            _KNOWLEDGE = previous
    finally:
        pool.close()


# Supervision ------------------------------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection
    stage: ctypes.Array[ctypes.c_char]  # a shared byte array: the stage the worker's current file is in
    taught: str | None  # the digest of the knowledge it cleans with
    index: int | None = None  # the item it is working on
    started: float = 0.0


class _Pool:
    """Workers started once per run, each given one file at a time so that each has its own budget."""

    def __init__(self, size: int, task: Callable, argument, settings: Settings, failure: Callable) -> None:
        self.size, self.task, self.argument, self.settings, self.failure = size, task, argument, settings, failure
        self.context = multiprocessing.get_context("fork")
        self.knowledge: Knowledge = _KNOWLEDGE
        self.workers: list[_Worker] = []

    def run(self, items: list) -> Iterator:
        """Run the task over `items`; yield the outcomes in input order."""
        pending = list(range(len(items)))
        pending.reverse()
        done: dict[int, object] = {}
        next_to_yield = 0
        while next_to_yield < len(items):
            busy = sum(w.index is not None for w in self.workers)
            while len(self.workers) < min(self.size, len(pending) + busy):
                self.workers.append(self._start())
            for worker in self.workers:
                if worker.index is None and pending:
                    self._hand(worker, pending.pop(), items)
            waiting = [w.connection for w in self.workers if w.index is not None]
            ready = multiprocessing.connection.wait(waiting, _POLL_SECONDS)
            for worker in list(self.workers):
                if worker.index is not None:
                    finished = self._collect(worker, worker.connection in ready, items)
                    if finished is not None:
                        done[finished[0]] = finished[1]
            while next_to_yield in done:
                yield done.pop(next_to_yield)
                next_to_yield += 1

    def close(self) -> None:
        for worker in self.workers:
            _stop(worker, gently=True)
        self.workers = []

    def _start(self) -> _Worker:
        sys.stdout.flush()  # a forked child must not write what the parent had not yet written
        sys.stderr.flush()
        ours, theirs = self.context.Pipe()
        stage = self.context.Array("c", _STAGE_NAME_BYTES, lock=False)
        arguments = (theirs, stage, self.task, self.argument, self.settings, self.knowledge)
        process = self.context.Process(target=_work, args=arguments, daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours, stage, _digest(self.knowledge))

    def _hand(self, worker: _Worker, index: int, items: list) -> None:
        if worker.taught != _digest(self.knowledge):
            worker.connection.send(("teach", self.knowledge))
            worker.taught = _digest(self.knowledge)
        worker.index = index
        worker.started = time.monotonic()
        _set_stage(worker, "reading")
        worker.connection.send(("file", (index, items[index])))

    def _collect(self, worker: _Worker, ready: bool, items: list) -> tuple[int, object] | None:
        """The worker's outcome when it has one, or a failure when it died or ran out of time."""
        index = worker.index
        assert index is not None
        if ready:
            try:
                _, outcome = worker.connection.recv()
            except (EOFError, OSError, pickle.UnpicklingError):
                outcome = self.failure(items[index], error=_died(worker, self.settings))
                self._drop(worker)
            else:
                worker.index = None
            return index, outcome
        if time.monotonic() - worker.started <= self.settings.max_seconds:
            return None
        stage = _stage(worker)
        self._drop(worker)
        seconds = f"{self.settings.max_seconds:g}"
        reason = f"stopped after {seconds} s in stage {stage} (`max_seconds_per_file` in cleaner.yaml); skipped"
        return index, self.failure(items[index], error=reason)

    def _drop(self, worker: _Worker) -> None:
        _stop(worker)
        self.workers.remove(worker)


def _digest(knowledge: Knowledge) -> str | None:
    return knowledge[0] if knowledge else None


def _work(connection, stage, task: Callable, argument, settings: Settings, knowledge: Knowledge) -> None:
    """A worker's life: files in, outcomes out, until the supervisor closes the pipe."""
    global _KNOWLEDGE
    _KNOWLEDGE = knowledge
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    limit = settings.max_memory_mb * 2**20
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # a lower hard limit is already in place
    watch_stages(lambda name: _write_stage(stage, name))
    supervisor = os.getppid()
    while True:
        try:
            # A killed supervisor cannot close the pipe: forked siblings hold its other end open.
            while not connection.poll(1.0):
                if os.getppid() != supervisor:
                    return
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, payload = message
        if kind == "teach":
            _KNOWLEDGE = payload
            continue
        index, item = payload
        _write_stage(stage, "reading")
        try:
            outcome = task(item, argument)
            connection.send((index, outcome))
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)  # the supervisor reports the file; a fresh worker takes this one's place
        except (BrokenPipeError, OSError):
            return


def _write_stage(stage: ctypes.Array[ctypes.c_char], name: str) -> None:
    stage.value = name.encode("utf-8")[: _STAGE_NAME_BYTES - 1]


def _set_stage(worker: _Worker, name: str) -> None:
    _write_stage(worker.stage, name)


def _stage(worker: _Worker) -> str:
    return bytes(worker.stage.value).decode("utf-8", "replace") or "reading"


def _died(worker: _Worker, settings: Settings) -> str:
    worker.process.join(1)
    code = worker.process.exitcode
    if code == _OUT_OF_MEMORY:
        return (
            f"needed more than the {settings.max_memory_mb} MB a file may use (`max_memory_mb` in cleaner.yaml) "
            f"in stage {_stage(worker)}; skipped"
        )
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return (
        f"the worker cleaning it died ({how}) in stage {_stage(worker)}, perhaps out of the "
        f"{settings.max_memory_mb} MB it may use (`max_memory_mb` in cleaner.yaml); skipped"
    )


def _stop(worker: _Worker, gently: bool = False) -> None:
    if gently and worker.process.is_alive():
        try:
            worker.connection.send(None)
        except (BrokenPipeError, OSError):
            pass
        worker.process.join(0.5)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(5)
    worker.connection.close()
