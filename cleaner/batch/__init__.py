"""Many files at once: which files, where their outputs go, supervised workers, the journal `--resume` reads.

Names are imported from their modules on first use: a command loads only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import lazy_names

if TYPE_CHECKING:
    from ._datasets import COLUMNS, FORMATS, DatasetPart, article_row, part_location, revise_part
    from ._files import (
        ArchiveMode,
        InputFile,
        Inputs,
        Selection,
        collect_inputs,
        inside,
        output_path,
        plan_outputs,
        write_atomic,
        write_output,
    )
    from ._journal import JOURNAL_NAME, Journal
    from ._runner import (
        FileOutcome,
        Knowledge,
        clean_item,
        current_knowledge,
        failure_reason,
        internal_error,
        pipeline_for,
        process_file,
        read_input,
        run_batch,
        run_pipeline,
        stream_batch,
    )
    from ._sources import ArchiveScan, archive_note

__all__ = [
    "COLUMNS",
    "FORMATS",
    "ArchiveMode",
    "DatasetPart",
    "article_row",
    "part_location",
    "revise_part",
    "process_file",
    "clean_item",
    "FileOutcome",
    "ArchiveScan",
    "archive_note",
    "output_path",
    "read_input",
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
    "write_output",
]

__getattr__ = lazy_names(
    __name__,
    {
        "COLUMNS": "._datasets",
        "FORMATS": "._datasets",
        "DatasetPart": "._datasets",
        "article_row": "._datasets",
        "part_location": "._datasets",
        "revise_part": "._datasets",
        "ArchiveMode": "._files",
        "process_file": "._runner",
        "clean_item": "._runner",
        "FileOutcome": "._runner",
        "ArchiveScan": "._sources",
        "archive_note": "._sources",
        "output_path": "._files",
        "read_input": "._runner",
        "InputFile": "._files",
        "Inputs": "._files",
        "Selection": "._files",
        "collect_inputs": "._files",
        "inside": "._files",
        "plan_outputs": "._files",
        "write_atomic": "._files",
        "write_output": "._files",
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
