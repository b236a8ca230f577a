"""What a lint run is asked to do and what it says of each file; light enough to import without the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..batch._files import InputFile
from ..core import Finding
from ..pipeline._settings import Settings
from ._filters import FindingFilter


@dataclass(frozen=True)
class LintJob:
    """How one group of files (sharing one config) is linted; picklable for worker processes."""

    settings: Settings
    filter: FindingFilter
    cache_dir: Path | None = None
    fix: bool = False  # also compute the fixed text (for --fix and --diff)
    fix_encoding: bool = False  # a file whose encoding was guessed may be fixed, and is then written as UTF-8


@dataclass
class FileLint:
    item: InputFile
    findings: list[Finding] = field(default_factory=list)  # what is left to report
    error: str | None = None
    original: str = ""
    fixed: str | None = None  # the new text, when fixes changed the file
    fixed_bytes: bytes | None = None  # ...as the file is to be written: its own encoding, mark and compression
    digest: str = ""  # of the bytes read: the file is rewritten only if it still holds them
    refused: str | None = None  # why the file cannot be fixed at all
    applied: int = 0
    unfixed: list[tuple[Finding, str]] = field(default_factory=list)
    cached: bool = False
    observed: dict | None = None  # what batch-learning stages saw (see runner)
    provisional: bool = False  # an engine was out or a stage timed out: not to be remembered
