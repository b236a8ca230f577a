"""What a pipeline is built from, apart from the pipeline itself: reading a config needs no stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """What a pipeline is built from; small and picklable so worker processes can rebuild it."""

    rule_paths: tuple[Path, ...] = ()
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    include_defaults: bool = True
    max_file_bytes: int = 16 * 2**20  # larger inputs are reported and skipped
    max_seconds: float = 60.0  # a file that takes longer is stopped and reported
    max_memory_mb: int = 2048  # the address space a worker may use
