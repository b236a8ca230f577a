"""Printing findings and summaries; the exit codes every command returns."""
from __future__ import annotations

from enum import IntEnum
from typing import TextIO

from .findings import Finding


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # lint: failing findings; clean: some files failed
    USAGE = 2  # bad usage, bad rules or config, unreadable input


def format_finding(path: str, finding: Finding) -> str:
    """`path:line:col: RULE-ID message (before -> after) [stage]`."""
    change = f" ({finding.describe_change()})" if finding.before or finding.after else ""
    return f"{path}:{finding.line}:{finding.column}: {finding.rule_id} {finding.message}{change} [{finding.stage}]"


def print_error(stream: TextIO, message: str) -> None:
    for line in str(message).splitlines() or [""]:
        print(f"error: {line}", file=stream)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
