"""The same pipeline on a Dask cluster: `cleaner clean ... --dask ADDRESS`, and `clean_bag` for your own graphs.

The client loads and checks the rules (bad rules stop the run before any task
starts), then ships them to the workers as data: a worker that does not have
the rule files at the same paths writes them to its temporary folder. Inputs
are split into partitions: a task per web archive finds where to cut it into
ranges of at most about `PAGES_PER_PARTITION` pages, smaller when that gives
every worker thread several (only those offsets come back); each range is a
partition, and other files go in groups. Each partition is one task that
reads its inputs, cleans them and writes its outputs straight to the output
location (Markdown files, or one part of a JSON Lines or Parquet
dataset). The client gets back only counts, failure lines and notes, so its
memory does not grow with the number of pages.

Batch learning is a second pass, as on one machine: each partition keeps what
the learning stages observed in each of its pages (on the worker, as the
task's result); one task combines them into the batch's knowledge, and a second
task per partition cleans again, with that knowledge, only the pages it
changes, rewriting their outputs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .batch import (
    ArchiveScan,
    DatasetPart,
    FileOutcome,
    InputFile,
    Selection,
    archive_note,
    article_row,
    clean_item,
    collect_inputs,
    inside,
    output_path,
    part_location,
    plan_outputs,
    revise_part,
    write_atomic,
    write_output,
)
from .core import CleanerError
from .pipeline import Pipeline, Settings, load_pipeline
from .readers import is_url, local_path, open_location, page_boundaries
from .rulebook import rule_files

FILES_PER_PARTITION = 64  # files that are not archives go to the cluster in groups of this many
PAGES_PER_PARTITION = 100  # a web archive is cut into ranges of at most about this many pages,
PARTITIONS_PER_THREAD = 8  # and into more, smaller ones when that gives each worker thread fewer than this
_CUT_PAGES = 10  # where to cut is found at this grain, and the ranges made of whole grains


@dataclass(frozen=True)
class ArchiveRange:
    """The records of a web archive that start in [start, stop): a partition's share of a large archive."""

    archive: InputFile
    start: int = 0
    stop: int | None = None


Entry = InputFile | ArchiveRange  # what a partition holds


@dataclass(frozen=True)
class ShippedRules:
    """Settings and the bytes of every rule file they name, so a worker on another machine can rebuild them."""

    settings: Settings
    files: tuple[tuple[int, str, bytes], ...]  # (index into rule_paths, path below it or "", bytes)

    @classmethod
    def of(cls, settings: Settings) -> ShippedRules:
        files = []
        for index, given in enumerate(settings.rule_paths):
            for path in rule_files(given):
                below = path.relative_to(given).as_posix() if given.is_dir() else ""
                files.append((index, below, path.read_bytes()))
        return cls(settings, tuple(files))

    def here(self) -> Settings:
        """The settings, with rule paths that hold these very rules on this machine."""
        if all(_holds(self.settings.rule_paths[index], below, data) for index, below, data in self.files):
            return self.settings
        digest = hashlib.sha256(repr(self.files).encode()).hexdigest()[:16]
        home = Path(tempfile.gettempdir()) / f"cleaner-rules-{os.getuid()}-{digest}"
        paths = []
        for index, given in enumerate(self.settings.rule_paths):
            single = any(i == index and not below for i, below, _ in self.files)
            paths.append(home / str(index) / given.name if single else home / str(index))
            (home / str(index)).mkdir(parents=True, exist_ok=True)
        for index, below, data in self.files:
            target = paths[index] / below if below else paths[index]
            if not target.is_file() or target.read_bytes() != data:
                write_atomic(target, data)
        return replace(self.settings, rule_paths=tuple(paths))


def _holds(given: Path, below: str, data: bytes) -> bool:
    path = given / below if below else given
    try:
        return path.read_bytes() == data
    except OSError:
        return False


@dataclass(frozen=True)
class _Destination:
    output: str  # the Markdown folder or the dataset (a folder or a URL)
    format: str  # md, jsonl or parquet
    targets: dict[InputFile, Path] = field(default_factory=dict)  # Markdown files the client planned
    inputs: frozenset[Path] = frozenset()  # inputs inside the Markdown folder: never overwritten

    def target(self, item: InputFile) -> Path:
        return self.targets.get(item) or output_path(Path(local_path(self.output)), item)


@dataclass
class PartitionResult:
    index: int
    where: _Destination | None = None
    cleaned: int = 0
    findings: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, why)
    notes: list[str] = field(default_factory=list)
    archives: dict[str, tuple[int, Counter[str]]] = field(default_factory=dict)  # archive -> pages, records left out
    # Kept on the worker for the second pass; the client is sent a summary without them.
    observed: list[tuple[InputFile, dict]] = field(default_factory=list)
    counts: dict[InputFile, int] = field(default_factory=dict)  # findings per input


@dataclass
class ClusterRun:
    partitions: int = 0
    cleaned: int = 0
    findings: int = 0
    failed: int = 0
    revised: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def clean_on_cluster(
    address: str,
    paths: Sequence[str],
    selection: Selection,
    settings: Settings,
    output: str,
    format: str,
    workers: int = 0,
    say: Callable[[str], None] = print,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ClusterRun:
    """Clean `paths` on the cluster at `address` ("local" starts a LocalCluster of `workers` processes)."""
    load_pipeline(settings)  # bad rules fail here, on the client, before any task
    shipped = ShippedRules.of(settings)
    found = collect_inputs(paths, selection=selection, archives="whole", max_bytes=settings.max_file_bytes)
    for path, why in found.skipped:
        say(f"note: {path}: {why}")
    out_dir = Path(local_path(output)).resolve() if format == "md" else None
    archives: dict[str, tuple[int, Counter[str]]] = {}
    with _client(address, workers) as client:
        from distributed import as_completed

        # Where to cut each archive is found on the workers, one task an archive; only the cuts come back.
        wholes = [item for item in found.files if item.is_archive]
        cuts = client.gather(client.map(_cuts, wholes, max_bytes=settings.max_file_bytes, pure=False))
        threads = sum(client.nthreads().values()) or 1
        partitions = split(found.files, coarser(dict(zip(wholes, cuts)), threads))
        run = ClusterRun(partitions=len(partitions))
        local = (item.path.resolve() for item in found.files if not item.url)
        guarded = frozenset(path for path in local if out_dir and inside(out_dir, path))
        tasks = []
        for index, entries in enumerate(partitions):
            files = [entry for entry in entries if isinstance(entry, InputFile)]
            planned = plan_outputs(out_dir, files)[0] if out_dir else {}
            where = _Destination(output, format, planned, guarded)
            tasks.append(client.submit(clean_partition, index, entries, shipped, where, pure=False))
        summaries = [client.submit(_summary, task, pure=False) for task in tasks]
        for done, future in enumerate(as_completed(summaries), 1):
            result = future.result()
            _tally(run, result, say)
            for shown, (pages, skipped) in result.archives.items():
                before = archives.get(shown, (0, Counter()))
                archives[shown] = (before[0] + pages, before[1] + skipped)
            progress(done, len(partitions))
        for shown, (pages, skipped) in archives.items():
            say(f"note: {archive_note(shown, pages, skipped)}")
        if load_pipeline(settings).learns_from_batch:
            observations = [client.submit(_observations, task, pure=False) for task in tasks]
            # The knowledge stays on the cluster: the client only asks whether there is any.
            knowledge = client.submit(_knowledge, shipped, *observations, pure=False)
            if client.submit(_is_knowledge, knowledge, pure=False).result():
                revisions = [client.submit(revise_partition, t, shipped, knowledge, pure=False) for t in tasks]
                for future in as_completed(revisions):
                    revised = future.result()
                    run.revised += revised.cleaned
                    run.findings += revised.findings
                    for shown, why in revised.failures:
                        run.failed += 1
                        say(f"error: {shown}: {why}")
    return run


def split(
    items: Sequence[InputFile], cuts: dict[InputFile, list[int]] | None = None, size: int = FILES_PER_PARTITION
) -> list[list[Entry]]:
    """Each range of a web archive (between its `cuts`) a partition of its own; other inputs in groups
    of `size`, in order."""
    partitions: list[list[Entry]] = []
    group: list[Entry] = []
    for item in items:
        if item.is_archive:
            starts = (cuts or {}).get(item) or [0]
            for start, stop in zip(starts, [*starts[1:], None]):
                partitions.append([ArchiveRange(item, start, stop)])
            continue
        group.append(item)
        if len(group) == size:
            partitions.append(group)
            group = []
    if group:
        partitions.append(group)
    return partitions


@contextmanager
def _client(address: str, workers: int) -> Iterator:
    """A Client to the scheduler at `address`, or to a LocalCluster of worker processes started for the run."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise CleanerError("--dask needs dask and distributed: pip install 'cleaner[scale]'") from error
    if address != "local":
        try:
            client = Client(address, timeout="30s")
        except OSError as error:
            raise CleanerError(f"--dask {address}: cannot reach the scheduler ({error})") from None
        with client:
            yield client
        return
    # Dask's sampling profiler stops a worker's thread every 10 ms: 13-15% of a run's time here.
    dask.config.set({"distributed.worker.profile.enabled": False})
    count = workers or os.cpu_count() or 1
    options = {"threads_per_worker": 1, "processes": True, "dashboard_address": None, "silence_logs": 40}
    with LocalCluster(n_workers=count, **options) as cluster, Client(cluster) as client:
        yield client


def _tally(run: ClusterRun, result: PartitionResult, say: Callable[[str], None]) -> None:
    run.cleaned += result.cleaned
    run.findings += result.findings
    run.failed += len(result.failures)
    for note in result.notes:
        say(f"note: {note}")
    for shown, why in result.failures:
        say(f"error: {shown}: {why}")


# On the workers -----------------------------------------------------------------------------------------------------


def coarser(cuts: dict[InputFile, list[int]], threads: int) -> dict[InputFile, list[int]]:
    """Every k-th cut of each archive: ranges of at most PAGES_PER_PARTITION pages, and enough of them
    that every worker thread gets several (the last ranges to finish then leave little idle time)."""
    pages = sum(len(found) for found in cuts.values()) * _CUT_PAGES
    per_range = min(PAGES_PER_PARTITION, pages // (threads * PARTITIONS_PER_THREAD))
    step = max(1, per_range // _CUT_PAGES)
    return {archive: found[::step] for archive, found in cuts.items()}


def _cuts(archive: InputFile, max_bytes: int) -> list[int]:
    try:
        with open_location(archive.location) as stream:
            return page_boundaries(stream, max_bytes, _CUT_PAGES)
    except OSError:
        return [0]  # one range: its task meets the same problem and reports it as the archive's failure


def clean_partition(index: int, entries: list[Entry], shipped: ShippedRules, where: _Destination) -> PartitionResult:
    """Clean one partition and write its outputs; keep each page's observations for the second pass."""
    settings = shipped.here()
    pipeline = load_pipeline(settings)
    result = PartitionResult(index, where)
    part = DatasetPart(part_location(where.output, index, where.format), where.format) if where.format != "md" else None
    try:
        for outcome in _outcomes(pipeline, entries, settings, result.archives):
            _record(result, outcome, where, part)
            if outcome.observed and not outcome.error:
                result.observed.append((outcome.item, outcome.observed))
    except BaseException:
        if part is not None:
            part.abandon()
        raise
    if part is not None:
        if part.rows:
            part.close()
        else:
            part.abandon()  # a partition whose every input failed writes no empty part
    return result


def revise_partition(first: PartitionResult, shipped: ShippedRules, knowledge: dict) -> PartitionResult:
    """Clean again, with the batch's knowledge, the pages of a partition it changes; rewrite their outputs."""
    settings = shipped.here()
    pipeline = load_pipeline(settings)
    taught = pipeline.with_batch(knowledge)
    where = first.where
    assert where is not None
    result = PartitionResult(first.index, where)
    again = [item for item, observed in first.observed if pipeline.affected(observed, knowledge)]
    revised: dict[str, dict[str, Any]] = {}
    for item in again:
        outcome = clean_item(taught, item, settings)
        if outcome.error:
            result.failures.append((item.shown, outcome.error))
            continue
        result.cleaned += 1
        result.findings += len(outcome.findings) - first.counts.get(item, 0)
        if where.format == "md":
            problem = _write_markdown(where, item, outcome.markdown)
            if problem:
                result.failures.append((item.shown, problem))
        else:
            revised[item.shown] = article_row(item.shown, outcome.markdown, outcome.findings, outcome.metadata)
    if revised:
        revise_part(part_location(where.output, first.index, where.format), where.format, revised)
    return result


def _outcomes(
    pipeline: Pipeline, entries: Iterable[Entry], settings: Settings, archives: dict[str, tuple[int, Counter[str]]]
) -> Iterator[FileOutcome]:
    """Each input cleaned; an archive's range read once, page by page, with what it left out counted."""
    for entry in entries:
        if isinstance(entry, InputFile) and not entry.is_archive:
            yield clean_item(pipeline, entry, settings)
            continue
        part = entry if isinstance(entry, ArchiveRange) else ArchiveRange(entry)
        item = part.archive
        scan = ArchiveScan(item.location, settings.max_file_bytes, part.start, part.stop)
        pages = 0
        for page in scan.pages():
            pages += 1
            page_item = InputFile(item.path, item.relative, record=page.offset, url=item.url)
            yield clean_item(pipeline, page_item, settings, page)
        archives[item.shown] = (pages, scan.skipped)
        if scan.broken:
            yield FileOutcome(item, error=scan.broken)


def _record(result: PartitionResult, outcome: FileOutcome, where: _Destination, part: DatasetPart | None) -> None:
    item = outcome.item
    if outcome.error:
        result.failures.append((item.shown, outcome.error))
        return
    for stopped in outcome.stopped:
        result.notes.append(f"{item.shown}: {stopped.message}")
    if part is not None:
        part.add(article_row(item.shown, outcome.markdown, outcome.findings, outcome.metadata))
    else:
        problem = _write_markdown(where, item, outcome.markdown)
        if problem:
            result.failures.append((item.shown, problem))
            return
    result.cleaned += 1
    result.findings += len(outcome.findings)
    result.counts[item] = len(outcome.findings)


def _write_markdown(where: _Destination, item: InputFile, markdown: str) -> str | None:
    return write_output(Path(local_path(where.output)).resolve(), where.target(item), markdown, where.inputs)


def _summary(result: PartitionResult) -> PartitionResult:
    """What the client needs of a partition: counts, failures and notes (not the observations)."""
    return PartitionResult(
        result.index, None, result.cleaned, result.findings, result.failures, result.notes, result.archives
    )


def _observations(result: PartitionResult) -> list[dict]:
    return [observed for _, observed in result.observed]


def _is_knowledge(knowledge: dict | None) -> bool:
    return knowledge is not None


def _knowledge(shipped: ShippedRules, *partitions: list[dict]) -> dict | None:
    """What the whole batch showed, when it has something to teach (as `batch.stream_batch` decides)."""
    seen = [observed for observations in partitions for observed in observations if observed]
    if len(seen) <= 1:
        return None
    return load_pipeline(shipped.here()).combine(seen)


# For your own graphs --------------------------------------------------------------------------------------------------


def clean_bag(inputs, settings: Settings | None = None, knowledge: dict | None = None):
    """A Dask Bag of article rows (the dataset's columns, plus `error`) from a Bag of inputs.

    An input is a path, an fsspec URL or a `batch.InputFile`; a web archive gives a row per page.
    The rules are loaded and checked here, on the client; `knowledge` is a batch's combined
    observations (see `clean_on_cluster`), or None for a single pass.
    """
    settings = settings or Settings()
    load_pipeline(settings)
    shipped = ShippedRules.of(settings)
    return inputs.map_partitions(_rows, shipped, knowledge)


def _rows(inputs: Iterable, shipped: ShippedRules, knowledge: dict | None) -> list[dict[str, Any]]:
    settings = shipped.here()
    pipeline = load_pipeline(settings)
    if knowledge is not None:
        pipeline = pipeline.with_batch(knowledge)
    items = [given if isinstance(given, (InputFile, ArchiveRange)) else _input_of(str(given)) for given in inputs]
    rows: list[dict[str, Any]] = []
    for outcome in _outcomes(pipeline, items, settings, {}):
        if outcome.error:
            rows.append({"id": outcome.item.shown, "error": outcome.error})
        else:
            row = article_row(outcome.item.shown, outcome.markdown, outcome.findings, outcome.metadata)
            rows.append({**row, "error": None})
    return rows


def _input_of(given: str) -> InputFile:
    name = Path(given.split("://", 1)[-1])
    return InputFile(name, Path(name.name), url=given if is_url(given) else "")
