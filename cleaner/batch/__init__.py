"""Many files at once: which files, where their outputs go, supervised workers, the journal `--resume` reads."""

from __future__ import annotations

from ._files import (
    InputFile,
    Inputs,
    Selection,
    collect_inputs,
    inside,
    plan_outputs,
    write_atomic,
)
from ._journal import JOURNAL_NAME, Journal
from ._runner import (
    Knowledge,
    current_knowledge,
    failure_reason,
    internal_error,
    pipeline_for,
    run_batch,
    run_pipeline,
    stream_batch,
)

__all__ = [
    "JOURNAL_NAME",
    "Journal",
    "stream_batch",
    "InputFile",
    "Inputs",
    "Knowledge",
    "Selection",
    "collect_inputs",
    "current_knowledge",
    "inside",
    "failure_reason",
    "internal_error",
    "pipeline_for",
    "plan_outputs",
    "run_batch",
    "run_pipeline",
    "write_atomic",
]
