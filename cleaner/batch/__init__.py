"""Many files at once: which files, where their outputs go, supervised workers."""

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
from ._runner import (
    Knowledge,
    current_knowledge,
    failure_reason,
    internal_error,
    pipeline_for,
    run_batch,
    run_pipeline,
)

__all__ = [
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
