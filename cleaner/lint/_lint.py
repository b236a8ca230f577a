"""`cleaner lint`: run the pipeline as a check, one file at a time, with cache and fixes.

The same reading and pipeline `clean` uses; only the findings the filters allow
are kept. Fixed text is returned, never written: the caller writes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ..batch import (
    InputFile,
    Knowledge,
    current_knowledge,
    failure_reason,
    pipeline_for,
    run_pipeline,
)
from ..pipeline import Pipeline
from ..readers import encode_like, load, read_bytes, read_string
from ._cache import LintCache
from ._filters import FindingFilter
from ._fixer import apply_fixes
from ._results import FileLint, LintJob

MAX_FIX_ROUNDS = 10


def lint_file(item: InputFile, job: LintJob) -> FileLint:
    pipeline = pipeline_for(job.settings)
    try:
        return _lint(item, job, pipeline)
    except Exception as error:  # a bad file or a bug must cost one file, not the batch
        return FileLint(item, error=failure_reason(error, job.settings))


def _lint(item: InputFile, job: LintJob, pipeline: Pipeline) -> FileLint:
    data = load(item.path, item.shown, job.settings.max_file_bytes)
    document, text = read_bytes(data, item.shown, max_bytes=job.settings.max_file_bytes)
    format = document.source.format
    cache = _cache(job, pipeline, current_knowledge())
    key = cache.key(data, item.shown) if cache else ""
    cached = cache.get(key) if cache else None
    result = FileLint(item, original=text, cached=cached is not None, digest=hashlib.sha256(data).hexdigest())
    if cached is None:
        run, result.observed = run_pipeline(pipeline, document)
        raw = run.findings
        result.provisional = run.provisional
        if cache and not run.provisional:  # an engine outage or a time-out must not be remembered
            cache.put(key, raw, result.observed)
    else:
        raw, result.observed = cached
    result.findings = job.filter.apply(item.path, raw, text)
    if format == "html":
        # A page's findings point into the extracted article, not at bytes an edit
        # could replace: `clean` turns pages into Markdown; `--fix` never rewrites them.
        result.findings = [replace(finding, fixable=False) for finding in result.findings]
    if job.fix and format != "html":
        source = document.source
        if source.encoding_detected and not job.fix_encoding:
            result.refused = (
                f"its encoding was guessed ({source.encoding}), so rewriting it could garble it; "
                "not fixed (convert it to UTF-8, or give --fix-encoding)"
            )
            result.findings = [replace(finding, fixable=False) for finding in result.findings]
            return result
        _fix(result, pipeline, job.filter, format)
        if result.fixed is not None:
            encoding = "utf-8" if source.encoding_detected else source.encoding
            result.fixed_bytes = encode_like(result.fixed, encoding, str(item.path).lower().endswith(".gz"))
    return result


def _cache(job: LintJob, pipeline: Pipeline, knowledge: Knowledge) -> LintCache | None:
    if job.cache_dir is None or job.fix:
        return None
    return LintCache(job.cache_dir, rules_fingerprint(pipeline), knowledge[0] if knowledge else "")


def rules_fingerprint(pipeline: Pipeline) -> str:
    return "|".join([pipeline.ruleset.fingerprint, *pipeline.stage_names])


def _fix(result: FileLint, pipeline: Pipeline, finding_filter: FindingFilter, format: str) -> None:
    """Apply fixes round after round until none is left or a round changes nothing."""
    current, findings = result.original, result.findings
    rewrite = False
    for _ in range(MAX_FIX_ROUNDS):
        fixable = [f for f in findings if f.fixable]
        if not fixable:
            break
        outcome = apply_fixes(current, fixable, format)
        result.unfixed = outcome.skipped
        if not outcome.applied:
            break
        result.applied += len(outcome.applied)
        rewrite = rewrite or any(f.fix != "edit" for f in outcome.applied)
        current = outcome.text
        document = read_string(current, result.item.shown, format)
        findings = finding_filter.apply(result.item.path, pipeline.run(document).findings, current)
    result.findings = findings
    if current != result.original or rewrite:
        result.fixed = current
