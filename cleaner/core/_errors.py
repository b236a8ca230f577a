"""Errors the command line reports in one line, without a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CleanerError(Exception):
    """A problem with input, configuration or rules that the user can fix."""


@dataclass(frozen=True)
class RuleProblem:
    """One problem in one rule file, located to the line and column of the key."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RuleFileError(CleanerError):
    """Every problem found in the rule files, collected before anything runs."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class InputError(CleanerError):
    """One input file cannot be read or parsed; the rest of a batch still runs."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class RuleTimeout(CleanerError):
    """A rule's regular expression ran past its time budget on one text."""

    def __init__(self, rule_id: str, seconds: float) -> None:
        self.rule_id = rule_id
        super().__init__(f"rule '{rule_id}' timed out after {seconds:g}s (its regex backtracks too much)")
