"""What every stage shares: the rule fields common to all stages, examples, results."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..core import Block, Document, Finding, Severity
from ..rulebook import RuleBase


@dataclass(frozen=True)
class NoOptions:
    """A stage with nothing to set beyond its rules."""


@dataclass(frozen=True)
class StageResult:
    document: Document
    findings: tuple[Finding, ...] = ()
    output: str | None = None  # only render_markdown produces text
    provisional: bool = False  # it depends on more than the file (an engine that could not be asked): not cached


class Stage:
    """Base of every stage: options and rules in, `apply(document)` out, no I/O."""

    name: ClassVar[str]
    Options: ClassVar[type] = NoOptions
    Rule: ClassVar[type[RuleBase]] = RuleBase
    # A list of data entries a rule file may carry besides rules: (top-level key, entry class).
    Section: ClassVar[tuple[str, type] | None] = None
    # The stage whose entries this stage receives (its own name when None).
    entries_from: ClassVar[str | None] = None
    default_severity: ClassVar[Severity] = Severity.ERROR
    example_format: ClassVar[str] = "text"  # how rule examples' `in` and `keep` texts are read
    # Ids of findings the stage makes without a rule of that id (`lint --select` accepts them).
    builtin_ids: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options, rules: tuple[RuleBase, ...] = (), entries: tuple = ()) -> None:
        self.options = options
        self.rules = tuple(rule for rule in rules if rule.enabled)
        self.entries = entries

    # Batch learning: some stages learn from every file of a run (a name spelt two
    # ways across a folder). `observe` notes what one cleaned file shows, `combine`
    # merges it for the run, `affected` says which files that changes, and
    # `with_batch` returns the stage that knows it (used to clean those again).
    learns_from_batch: ClassVar[bool] = False

    def observe(self, document: Document, findings: tuple[Finding, ...] = ()):
        """What one cleaned file shows (and what the run's findings say was changed in it), as plain
        JSON-able data (lists, dicts, strings, numbers): lint's cache keeps it."""
        return None

    def combine(self, observations: list):
        return None

    def affected(self, observation, knowledge) -> bool:
        """Would `knowledge` change the result for a file that showed `observation`?"""
        return False

    def with_batch(self, knowledge) -> "Stage":
        return self

    @classmethod
    def entry_key(cls, entry) -> str:
        """Entries with the same key in a later file replace earlier ones."""
        raise NotImplementedError

    @classmethod
    def check_entries(cls, entries: tuple) -> list[tuple[object, str]]:
        """Problems between entries (each named with the entry it is reported at)."""
        return []

    def apply(self, document: Document) -> StageResult:
        raise NotImplementedError

    def warm(self) -> None:
        """Load what the stage will need before workers are forked, so that they share it."""

    def applies(self, rule: RuleBase) -> bool:
        """Does this rule change the text (auto), or only say what it would change (suggest)?"""
        return (rule.apply or self.default_apply(rule)) == "auto"

    @classmethod
    def default_apply(cls, rule: RuleBase) -> str:
        return "auto"

    def rules_for(self, document: Document) -> tuple[RuleBase, ...]:
        return tuple(rule for rule in self.rules if rule.applies_to(document))

    def severity(self, rule: RuleBase | None) -> Severity:
        return rule.severity if rule and rule.severity else self.default_severity

    def finding(
        self,
        rule: RuleBase,
        block: Block,
        start: int,
        end: int,
        after: str | None,
        message: str,
        *,
        fixable: bool = True,
        severity: Severity | None = None,
        suggestions: tuple[str, ...] = (),
    ) -> Finding:
        """A finding for text[start:end] of `block`, located in the input file."""
        line, column = block.position(start)
        end_line, end_column = block.position(end)
        return Finding(
            rule_id=rule.id,
            stage=self.name,
            severity=severity or self.severity(rule),
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            before=block.text[start:end],
            after=after,
            fixable=fixable,
            suggestions=suggestions,
        )
