"""The `cleaner` command: clean, lint and rules. Thin: parse options, call the library, print."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .core import VERSION, CleanerError, Severity

if TYPE_CHECKING:
    from .batch import InputFile, Inputs, Selection
    from .pipeline import ProjectConfig, Settings


app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="Turn scraped news articles into clean Markdown.",
)
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="List and test rules.")
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="Extra rule file or folder (repeatable); same id overrides a default."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Project config (cleaner.yaml or pyproject.toml); default: nearest one."),
]
JobsOption = Annotated[int, typer.Option(help="Worker processes (0: one per core).")]
FollowOption = Annotated[
    bool,
    typer.Option("--follow-symlinks", help="Follow symlinks out of the folders given (never into /proc, /sys, /dev)."),
]


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _settings(
    rules: list[Path] | None, config: Path | None, only: str = "", skip: str = ""
) -> tuple[Settings, ProjectConfig]:
    from .pipeline import find_config, load_config

    project = load_config(config if config else find_config(Path.cwd()))
    return project.settings(tuple(path.resolve() for path in rules or ()), _names(only), _names(skip)), project


def _fail(error: CleanerError) -> typer.Exit:
    from .lint import ExitCode, print_error

    print_error(sys.stderr, str(error))
    return typer.Exit(ExitCode.USAGE)


def _version(value: bool) -> None:
    if value:
        print(f"cleaner {VERSION}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    traceback: Annotated[
        bool,
        typer.Option(
            "--traceback", help="Print the traceback of an internal error under its file (or set CLEANER_DEBUG=1)."
        ),
    ] = False,
) -> None:
    """Turn scraped news articles into clean Markdown."""
    if traceback:
        os.environ["CLEANER_DEBUG"] = "1"  # read where the error is met, in whichever worker


@app.command()
def clean(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (searched recursively), globs, @list files, web archives (.warc, .warc.gz) "
            "or fsspec URLs (s3://, gs://)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Folder for the Markdown files, or the dataset (may be a URL)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="md: a Markdown file per article; jsonl or parquet: a dataset.")
    ] = "md",
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'."),
    ] = None,
    only: Annotated[str, typer.Option(help="Run only these stages (comma-separated).")] = "",
    skip: Annotated[str, typer.Option(help="Skip these stages (comma-separated).")] = "",
    diff: Annotated[bool, typer.Option("--diff", help="Print what would change instead of writing.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if cleaning would change any file.")
    ] = False,
    rules: RulesOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = 0,
    follow_symlinks: FollowOption = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="With -o: skip files an earlier run with the same rules already wrote (after a kill)."
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="With -o: also write a review page (one HTML file) of what was cut and changed."),
    ] = None,
) -> None:
    """Clean articles into Markdown with front matter; each file is written as soon as it is cleaned."""
    from .batch import FORMATS, collect_inputs, plan_outputs
    from .lint import ExitCode, plural, safe_text
    from .readers import is_url, local_path

    try:
        settings, project = _settings(rules, config, only, skip)
        if format not in FORMATS:
            raise CleanerError(f"--format {format}: not one of {', '.join(FORMATS)}")
        dataset = format != "md"
        if (dataset or dask) and (diff or check or resume):
            raise CleanerError("--diff, --check and --resume work with Markdown output on this machine only")
        if output is None and (dataset or dask):
            raise CleanerError("give -o OUTPUT: where the articles (or the dataset's parts) go")
        if report is not None and (output is None or diff or check or resume or dask):
            raise CleanerError("--report reviews a whole run that writes -o OUTPUT here (not --resume, --dask)")
        if output is not None and is_url(output) and not dataset:
            raise CleanerError("Markdown files go to a local folder; write to a URL with --format jsonl or parquet")
        out_dir = Path(local_path(output)).resolve() if output is not None and not is_url(output) else None
        selection = _selection(project, follow_symlinks, out_dir)
        if dask:
            raise typer.Exit(
                _clean_on_dask(dask, paths, selection, settings, output or "", format, jobs or project.jobs)
            )
        found = collect_inputs(paths, selection=selection, archives="pages", max_bytes=settings.max_file_bytes)
        _report_skipped(found)
        items = found.files
        given_folder = any(Path(local_path(p)).is_dir() for p in paths if not is_url(p) and not p.startswith("@"))
        if output is None and not (diff or check) and (len(items) != 1 or given_folder):
            raise CleanerError("give -o OUTDIR when cleaning a folder or several files (or --diff)")
        if resume and (out_dir is None or check or diff):
            raise CleanerError("--resume continues a run that writes into -o OUTDIR; it has nothing to do here")
        targets, clashes = plan_outputs(out_dir, items) if out_dir is not None and not dataset else ({}, [])
        for note in clashes:
            print(safe_text(f"note: {note}"), file=sys.stderr)
        done_before = would_change = 0
        review = _Review(report, settings) if report is not None else None
        if dataset:
            failures, findings = _clean_into_dataset(
                output or "", items, settings, jobs or project.jobs, format, review
            )
        elif out_dir is not None and not (check or diff):
            failures, findings, done_before = _clean_into(
                out_dir, items, targets, settings, jobs or project.jobs, resume, review
            )
        else:
            mode = "check" if check else "diff" if diff else "print"
            failures, findings, would_change = _clean_and_show(items, targets, settings, jobs or project.jobs, mode)
    except CleanerError as error:
        raise _fail(error) from None
    failures += len(found.broken)
    if check:
        print(
            f"{plural(would_change, 'file')} would change, {len(items) - would_change - failures} unchanged",
            file=sys.stderr,
        )
    elif len(items) > 1 or failures:
        cleaned = len(items) - failures - done_before + len(found.broken)
        summary = f"cleaned {plural(cleaned, 'file')}: {plural(findings, 'finding')}, {failures} failed"
        summary += f", {done_before} done by an earlier run" if done_before else ""
        print(summary, file=sys.stderr)
    raise typer.Exit(ExitCode.FINDINGS if failures or would_change else ExitCode.OK)


def _clean_into(
    out_dir: Path,
    items: list[InputFile],
    targets: dict[InputFile, Path],
    settings: Settings,
    jobs: int,
    resume: bool,
    review: _Review | None = None,
) -> tuple[int, int, int]:
    """Clean `items` into `out_dir`, writing each output as soon as it is ready.

    Returns failures, findings and how many files an earlier run had done (`--resume`) and this one left be."""
    from .batch import Journal, write_output
    from .lint import safe_text

    inputs = {item.path.resolve() for item in items if not item.url}
    journal = Journal(out_dir, _run_fingerprint(settings), resume)
    if journal.problem:
        print(safe_text(f"warning: {journal.problem}"), file=sys.stderr)
    signatures = {item: _signature(item) for item in items}
    todo, known = [], []
    for item in items:
        name = _relative(out_dir, targets[item])
        done = journal.done.get(name)
        if done is not None and done[0] == signatures[item] and targets[item].is_file():
            known.append((item, done[1]))
        else:
            todo.append(item)

    def write(outcome, revision: bool) -> str | None:
        target = targets[outcome.item]
        problem = write_output(out_dir, target, outcome.markdown, inputs)
        if not problem and not revision:
            journal.finished(_relative(out_dir, target), signatures[outcome.item], outcome.observed)
        return problem

    try:
        failed, counts = _stream_outputs(todo, settings, jobs, write, known, review)
    finally:
        journal.close()
    untouched = sum(item not in counts and item not in failed for item, _ in known)
    return len(failed), sum(counts.values()), untouched


def _clean_into_dataset(
    location: str, items: list[InputFile], settings: Settings, jobs: int, format: str, review: _Review | None = None
) -> tuple[int, int]:
    """Clean `items` into one part of a JSON Lines or Parquet dataset at `location`; failures and findings."""
    from .batch import DatasetPart, article_row, part_location

    part = DatasetPart(part_location(location, 0, format), format)

    def write(outcome, revision: bool) -> None:
        row = article_row(outcome.item.shown, outcome.markdown, outcome.findings, outcome.metadata)
        (part.revise if revision else part.add)(row)

    try:
        failed, counts = _stream_outputs(items, settings, jobs, write, review=review)
    except BaseException:
        part.abandon()
        raise
    part.close()
    return len(failed), sum(counts.values())


def _stream_outputs(
    items: list[InputFile], settings: Settings, jobs: int, write, known=(), review: _Review | None = None
) -> tuple[set[InputFile], dict[InputFile, int]]:
    """Clean `items`, hand each outcome to `write` as it comes (a revision after the first pass), report
    failures; the inputs that failed and each other input's findings count. With `review`, each file's
    part of the review page is kept, and the page written once every file is done."""
    from .batch import process_file, stream_batch
    from .lint import print_file_error

    failed: set[InputFile] = set()  # a revision replaces what the first pass said of a file
    counts: dict[InputFile, int] = {}
    task = process_file
    if review is not None:
        from .review import review_file

        task = review_file
    try:
        with _progress(len(items)) as bar:
            for _, outcome, revision in stream_batch(items, settings, jobs, task=task, known=known):
                bar.update(0 if revision else 1)
                item = outcome.item
                if review is not None:
                    review.add(outcome)
                problem = outcome.error  # a failed revision leaves the first output in place, and says so
                if not problem:
                    if not revision:
                        _warn_stopped(outcome)
                    problem = write(outcome, revision)
                if problem:
                    failed.add(item)
                    counts.pop(item, None)
                    print_file_error(sys.stderr, item.shown, problem)
                    continue
                failed.discard(item)
                counts[item] = len(outcome.findings)
    except BaseException:
        if review is not None:
            review.discard()
        raise
    if review is not None:
        review.write()
    return failed, counts


class _Review:
    """The review page `--report` asks for: each file's part kept as it comes, the page written at the end."""

    def __init__(self, path: Path, settings: Settings) -> None:
        from .review import ReviewParts

        self.path, self.settings, self.parts = path, settings, ReviewParts()

    def add(self, outcome) -> None:
        from .review import file_part

        self.parts.add(outcome.review or file_part(outcome))

    def discard(self) -> None:
        self.parts.close()

    def write(self) -> None:
        from .review import write_report

        try:
            write_report(self.path, self.parts, self.settings)
        except OSError as error:
            raise CleanerError(f"cannot write the review page {self.path}: {error.strerror or error}") from None
        finally:
            self.parts.close()


def _clean_on_dask(
    address: str, paths: list[str], selection: Selection, settings: Settings, output: str, format: str, jobs: int
) -> int:
    """The run on a Dask cluster: the same notes, errors, summary and exit code as a run here."""
    from .dask import clean_on_cluster
    from .lint import ExitCode, plural, safe_text

    def say(line: str) -> None:
        print(safe_text(line), file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rpartitions cleaned: {done}/{total}", end="\n" if done == total else "", file=sys.stderr)

    run = clean_on_cluster(address, paths, selection, settings, output, format, jobs, say, progress)
    summary = f"cleaned {plural(run.cleaned, 'file')}: {plural(run.findings, 'finding')}, {run.failed} failed"
    summary += f" ({plural(run.partitions, 'partition')}; {run.revised} revised with what the batch showed)"
    say(summary)
    return ExitCode.FINDINGS if run.failed else ExitCode.OK


def _warn_stopped(outcome) -> None:
    from .lint import safe_text

    for problem in outcome.stopped:  # the file was cleaned, but not by every stage
        print(safe_text(f"warning: {outcome.item.shown}: {problem.message}"), file=sys.stderr)


def _clean_and_show(
    items: list[InputFile], targets: dict[InputFile, Path], settings: Settings, jobs: int, mode: str
) -> tuple[int, int, int]:
    """Clean `items` and print them (one file), their diffs (--diff) or what would change (--check)."""
    from .batch import run_batch
    from .lint import print_file_error, safe_text

    failures = findings = would_change = 0
    with _progress(len(items)) as bar:
        for outcome in run_batch(items, settings, jobs):
            bar.update(1)
            shown = outcome.item.shown
            if outcome.error:
                failures += 1
                print_file_error(sys.stderr, shown, outcome.error)
                continue
            findings += len(outcome.findings)
            _warn_stopped(outcome)
            if mode == "check":
                current = _current_output(targets.get(outcome.item), outcome)
                if current != outcome.markdown:
                    would_change += 1
                    print(f"would change {safe_text(shown)}", file=sys.stderr)
            elif mode == "diff":
                sys.stdout.writelines(_unified_diff(outcome.source_text, outcome.markdown, shown))
            else:
                sys.stdout.write(outcome.markdown)
    return failures, findings, would_change


def _run_fingerprint(settings: Settings) -> str:
    """The rules, stages and code a run's outputs come from: `--resume` trusts only outputs of the same."""
    from .core import code_fingerprint
    from .pipeline import load_pipeline

    pipeline = load_pipeline(settings)
    made_by = [pipeline.ruleset.fingerprint, ",".join(pipeline.stage_names), code_fingerprint()]
    return hashlib.sha256("\0".join(made_by).encode()).hexdigest()


def _signature(item: InputFile) -> str:
    """Size and modification time: a changed input is cleaned again. Not the bytes: reading every input
    twice would cost time, and a FIFO must never be opened here. (A URL is always cleaned again.)"""
    if item.url:
        return ""
    try:
        status = item.path.stat()
    except OSError:
        return ""  # the worker reports the file; an empty signature never matches the journal
    record = f"#{item.record}" if item.record >= 0 else ""
    return f"{status.st_size}:{status.st_mtime_ns}{record}"


def _relative(out_dir: Path, target: Path) -> str:
    return target.relative_to(out_dir).as_posix()


def _selection(project: ProjectConfig, follow_symlinks: bool, out_dir: Path | None = None) -> Selection:
    from .batch import Selection

    return Selection(
        follow_symlinks=follow_symlinks or project.follow_symlinks,
        exclude=project.exclude,
        outside=(out_dir,) if out_dir is not None else (),
    )


def _report_skipped(found: Inputs) -> None:
    from .lint import print_file_error, safe_text

    for path, reason in found.skipped:
        print(safe_text(f"note: {path}: {reason}"), file=sys.stderr)
    for line in found.archives:
        print(safe_text(f"note: {line}"), file=sys.stderr)
    for archive, reason in found.broken:
        print_file_error(sys.stderr, archive, reason)


def _current_output(target: Path | None, outcome) -> str | None:
    """What is on disk where the cleaned file would go (the input itself when there is no -o)."""
    if target is None:
        return outcome.source_text
    try:
        return target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    format: Annotated[str, typer.Option("--format", help="text, json, github, sarif or junit.")] = "text",
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Lowest severity that fails: error, warning or info.")
    ] = None,
    select: Annotated[str, typer.Option(help="Only these rule ids, id prefixes or stages (comma-separated).")] = "",
    ignore: Annotated[str, typer.Option(help="Never these rule ids, id prefixes or stages (comma-separated).")] = "",
    fix: Annotated[bool, typer.Option("--fix", help="Apply fixable findings in place (atomic writes).")] = False,
    fix_encoding: Annotated[
        bool,
        typer.Option(
            "--fix-encoding", help="With --fix: also fix files whose encoding was guessed, writing them as UTF-8."
        ),
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Check every file again, ignoring cached results.")
    ] = False,
    rules: RulesOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = 0,
    follow_symlinks: FollowOption = False,
) -> None:
    """Check articles with the same rules `clean` applies; exit 1 on failing findings."""
    from .batch import collect_inputs
    from .lint import (
        FORMATS,
        ExitCode,
        FileLint,
        FindingFilter,
        LintJob,
        RunCache,
        print_error,
        print_file_error,
        render,
        safe_text,
        summary,
    )
    from .pipeline import find_config, load_config

    try:
        if format not in FORMATS:
            raise CleanerError(f"unknown format {format!r} (choose from: {', '.join(FORMATS)})")
        level = _severity(fail_on) if fail_on else None
        start = load_config(config if config else find_config(Path.cwd()))
        found = collect_inputs(paths, selection=_selection(start, follow_symlinks))
        _report_skipped(found)
        items = found.files
        groups = _group_by_config(items, config)
        results: list = []
        caches: dict[Path, set[Path]] = {}  # cache folder -> the rule sets' folders this run used
        replayed: set[Path | None] = set()  # cache folders a whole run was taken from: their rule sets are unknown
        for project, group in groups:
            settings = project.settings(tuple(p.resolve() for p in rules or ()))
            finding_filter = FindingFilter(
                select=_names(select) or project.select,
                ignore=_names(ignore) + project.ignore,
                severity=tuple(project.severity.items()),
                per_file_ignores=tuple(project.per_file_ignores.items()),
                base=project.base,
            )
            fail_level = level or project.fail_on
            cache_dir = None if no_cache else project.base / project.cache_dir
            runs = RunCache(cache_dir) if cache_dir is not None and not (fix or diff) else None
            run_key = runs.key(settings, finding_filter, group) if runs else None
            replay = runs.get(run_key) if runs and run_key else None
            if replay is not None and replay.keys() == {item.shown for item in group}:
                # The same files, rules, filters and code as a run before: its findings, no pipeline built.
                results += [(FileLint(item, replay[item.shown], cached=True), fail_level) for item in group]
                replayed.add(cache_dir)
                continue
            from .batch import run_batch  # a run that cannot be replayed needs the pipeline after all
            from .lint import cache_folder, lint_file, rules_fingerprint
            from .pipeline import load_pipeline

            _check_patterns(finding_filter, load_pipeline(settings))
            job = LintJob(settings, finding_filter, cache_dir, fix or diff, fix_encoding)
            if job.cache_dir is not None:
                caches.setdefault(job.cache_dir, set()).add(
                    cache_folder(job.cache_dir, rules_fingerprint(load_pipeline(settings)))
                )
            outcomes = list(run_batch(group, settings, jobs or project.jobs, lint_file, job, failure=FileLint))
            if runs and run_key and not any(outcome.error or outcome.provisional for outcome in outcomes):
                runs.put(run_key, {outcome.item.shown: outcome.findings for outcome in outcomes})
            results += [(outcome, fail_level) for outcome in outcomes]
    except CleanerError as error:
        raise _fail(error) from None
    _prune_caches({root: kept for root, kept in caches.items() if root not in replayed})
    results.sort(key=lambda pair: pair[0].item.shown)
    errors = [outcome for outcome, _ in results if outcome.error]
    for outcome in errors:
        print_file_error(sys.stderr, outcome.item.shown, outcome.error)
    checked = [(outcome, fail_level) for outcome, fail_level in results if not outcome.error]
    not_written = 0
    for outcome, _ in checked:
        if outcome.refused and (fix or diff):
            print(safe_text(f"{outcome.item.shown}: {outcome.refused}"), file=sys.stderr)
        if outcome.fixed is not None and diff:
            sys.stdout.writelines(_unified_diff(outcome.original, outcome.fixed, outcome.item.shown))
        elif outcome.fixed_bytes is not None and fix:
            problem = _write_fix(outcome)
            if problem:
                not_written += 1
                outcome.applied = 0
                print_error(sys.stderr, f"{outcome.item.shown}: {problem}")
        for finding, reason in outcome.unfixed if fix else ():
            print(
                safe_text(
                    f"{outcome.item.shown}:{finding.line}:{finding.column}: could not fix {finding.rule_id}: {reason}"
                ),
                file=sys.stderr,
            )
    report = [(outcome.item.shown, outcome.findings) for outcome, _ in checked]
    if not diff:
        sys.stdout.write(render(format, report, colour=format == "text" and sys.stdout.isatty()))
    fixed = sum(outcome.applied for outcome, _ in checked)
    note = summary(len(checked), report) + (f"; fixed {fixed}" if fix else "")
    print(note, file=sys.stdout if format == "text" and not diff else sys.stderr)
    failing = any(f.severity.rank >= fail_level.rank for outcome, fail_level in checked for f in outcome.findings)
    raise typer.Exit(ExitCode.USAGE if errors or not_written else ExitCode.FINDINGS if failing else ExitCode.OK)


def _write_fix(outcome) -> str | None:
    """Write a fixed file back, unless it changed since it was read; the reason it was not written, or None."""
    from .batch import write_atomic
    from .readers import load

    path = outcome.item.path
    try:
        now = load(path, outcome.item.shown, max(len(outcome.fixed_bytes), 1) * 4 + 2**26)
    except CleanerError as error:
        return f"could not read it again before writing ({error}); not fixed"
    if hashlib.sha256(now).hexdigest() != outcome.digest:
        return "changed since it was read (by an editor or another tool?); not fixed, run lint --fix again"
    try:
        write_atomic(path, outcome.fixed_bytes)
    except OSError as error:
        return f"cannot write it: {error.strerror or error}; not fixed"
    return None


def _check_patterns(finding_filter, pipeline) -> None:
    """Every --select/--ignore/config pattern must name something: a typo would pass a dirty file."""
    from .lint import unknown_patterns
    from .stages import STAGES

    ruleset = pipeline.ruleset
    ids = {rule.id for _, rule in ruleset.all_rules()} | {f"{name}/library-warning" for name in ruleset.order}
    ids |= {rule_id for name in ruleset.order if name in STAGES for rule_id in STAGES[name].builtin_ids}
    patterns = (
        finding_filter.select
        + finding_filter.ignore
        + tuple(p for p, _ in finding_filter.severity)
        + tuple(p for _, rules in finding_filter.per_file_ignores for p in rules)
    )
    unknown = unknown_patterns(patterns, ids, tuple(ruleset.order))
    if unknown:
        raise CleanerError(
            f"no rule, rule-id prefix or stage is called {', '.join(map(repr, unknown))} (see `cleaner rules list`)"
        )


def _prune_caches(caches: dict[Path, set[Path]]) -> None:
    from .lint import prune

    for root, used in caches.items():
        prune(root, used)


def _severity(value: str) -> Severity:
    try:
        return Severity(value.lower())
    except ValueError:
        raise CleanerError(f"--fail-on must be error, warning or info, not {value!r}") from None


def _group_by_config(items: list, config: Path | None) -> list[tuple[ProjectConfig, list]]:
    """Files grouped by the config that governs them: --config, else the nearest one to each file."""
    from .pipeline import find_config, load_config

    if config is not None:
        return [(load_config(config), items)] if items else []
    groups: dict[Path | None, list] = {}
    for item in items:
        groups.setdefault(find_config(item.path), []).append(item)
    return [(load_config(path), group) for path, group in groups.items()]


def _progress(total: int):
    if total > 1 and sys.stderr.isatty():
        return typer.progressbar(length=total, label="cleaning", file=sys.stderr)
    return nullcontext(_NoBar())


class _NoBar:
    def update(self, _: int) -> None:
        pass


def _unified_diff(before: str, after: str, path: str) -> list[str]:
    """A diff `git apply` and `patch` read, a last line without its newline marked as they expect."""
    from .lint import safe_text

    name = safe_text(path)
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    return [line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines]


@app.command()
def report(
    findings: Annotated[
        Path, typer.Option("--findings", help="Findings of a saved run: the output of `cleaner lint --format json`.")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The review page to write (one HTML file).")],
    rules: RulesOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the review page of a saved run from its findings (`clean --report` writes it during a run)."""
    from .review import ReviewParts, parts_from_findings, write_report

    try:
        settings, _ = _settings(rules, config)
        try:
            entries = json.loads(findings.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CleanerError(f"{findings}: not the JSON `cleaner lint --format json` writes ({error})") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and "path" in e for e in entries):
            raise CleanerError(f"{findings}: not the JSON `cleaner lint --format json` writes (a list of findings)")
        parts = ReviewParts()
        try:
            for part in parts_from_findings(entries, Path.cwd()):
                parts.add(part)
            write_report(output, parts, settings)
        except (KeyError, TypeError) as error:
            raise CleanerError(f"{findings}: a finding lacks {error}") from None
        except OSError as error:
            raise CleanerError(f"cannot write {output}: {error.strerror or error}") from None
        finally:
            parts.close()
    except CleanerError as error:
        raise _fail(error) from None


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    config: ConfigOption = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List the stages in order, their rules, and where each rule was loaded from."""
    from .pipeline import load_rules

    try:
        settings, _ = _settings(rules, config)
        ruleset = load_rules(settings.rule_paths)
    except CleanerError as error:
        raise _fail(error) from None
    if format == "json":
        entries = [
            {
                "stage": stage,
                "id": rule.id,
                "description": rule.description,
                "enabled": rule.enabled,
                "severity": (rule.severity.value if rule.severity else None),
                "origin": str(rule.origin),
            }
            for stage, rule in ruleset.all_rules()
        ]
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    for stage in ruleset.order:
        print(stage)
        for rule in ruleset.rules.get(stage, ()):
            state = "" if rule.enabled else " (disabled)"
            print(f"  {rule.id}{state}  {rule.origin}")
            if rule.description:
                print(f"      {' '.join(rule.description.split())}")


@rules_app.command("reference")
def rules_reference() -> None:
    """Print the rule reference (every key of every stage) as Markdown."""
    from .pipeline import rules_reference_markdown

    print(rules_reference_markdown(), end="")


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (for editors and CI validation)."""
    from .pipeline import rules_json_schema

    print(json.dumps(rules_json_schema(), indent=2, ensure_ascii=False))


@rules_app.command("test")
def rules_test(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Rule files or folders to test (default: all rules).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Run the examples inside rules: fixes, must-not-change cases and known failures."""
    from .lint import ExitCode, plural
    from .pipeline import example_cases, load_rules, missing_examples, run_case
    from .rulebook import rule_files

    try:
        settings, _ = _settings(paths, config)
        ruleset = load_rules(settings.rule_paths)
    except CleanerError as error:
        raise _fail(error) from None
    files = {f.resolve() for p in paths for f in rule_files(p)} if paths else None
    failed = 0
    cases = example_cases(ruleset, files)
    for case in cases:
        outcome = run_case(case, ruleset)
        if not outcome.passed:
            failed += 1
            print(f"FAIL {case.test_id}: {outcome.message}")
    gaps = [] if files else missing_examples(ruleset)
    for gap in gaps:
        print(f"MISSING {gap}")
    print(f"{plural(len(cases), 'example')}: {len(cases) - failed} passed, {failed} failed")
    raise typer.Exit(ExitCode.FINDINGS if failed or gaps else ExitCode.OK)
