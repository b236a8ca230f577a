"""Many files at once: which files, where their outputs go, supervised workers, the journal `--resume` reads.

Names are imported from their modules on first use: a command loads only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import lazy_names

if TYPE_CHECKING:
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

__getattr__ = lazy_names(
    __name__,
    {
        "InputFile": "._files",
        "Inputs": "._files",
        "Selection": "._files",
        "collect_inputs": "._files",
        "inside": "._files",
        "plan_outputs": "._files",
        "write_atomic": "._files",
        "JOURNAL_NAME": "._journal",
        "Journal": "._journal",
        "Knowledge": "._runner",
        "current_knowledge": "._runner",
        "failure_reason": "._runner",
        "internal_error": "._runner",
        "pipeline_for": "._runner",
        "run_batch": "._runner",
        "run_pipeline": "._runner",
        "stream_batch": "._runner",
    },
)
