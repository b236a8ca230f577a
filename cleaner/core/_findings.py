"""Findings: what a stage changed or would change, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How much a finding matters; `lint --fail-on` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Finding:
    """One change (or proposed change) made by one rule of one stage.

    `line` and `column` are 1-based positions in the input file as it is on disk.
    `after` is None when the text was removed; `fixable` is False for findings
    that are only reported (a suggestion, a guard that stopped a removal);
    `suggestions` are the candidates a reported finding offers, best first.
    """

    rule_id: str
    stage: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    before: str
    after: str | None
    fixable: bool = True
    # "edit": replace before with after at the position; "reencode" and "newlines"
    # are fixed by writing the whole file back as UTF-8 or with LF line ends.
    fix: str = "edit"
    suggestions: tuple[str, ...] = ()

    @property
    def replacement(self) -> str:
        return "" if self.after is None else self.after

    def describe_change(self) -> str:
        after = "removed" if self.after is None else repr(self.after)
        return f"{self.before!r} -> {after}"


def file_finding(
    rule_id: str,
    stage: str,
    severity: Severity,
    message: str,
    *,
    start: tuple[int, int] = (1, 1),
    end: tuple[int, int] | None = None,
    before: str = "",
    after: str | None = "",
    fixable: bool = False,
    suggestions: tuple[str, ...] = (),
) -> Finding:
    """A finding placed by line and column in the input file (by default its start, for what concerns
    the whole file); a report unless `fixable`."""
    end_line, end_column = end or start
    return Finding(
        rule_id=rule_id,
        stage=stage,
        severity=severity,
        message=message,
        line=start[0],
        column=start[1],
        end_line=end_line,
        end_column=end_column,
        before=before,
        after=after,
        fixable=fixable,
        suggestions=suggestions,
    )
