"""What every stage shares: the rule fields common to all stages, examples, results."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypedDict, TypeVar

from ..core import Block, Document, Edit, Finding, Severity, file_finding
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


class MetadataText(TypedDict, total=False):
    """Metadata's text fields by name: what stages pass as `replace(metadata, **fields)`."""

    title: str | None
    author: str | None
    date: str | None
    section: str | None
    source: str | None
    url: str | None


OptionsT = TypeVar("OptionsT")
RuleT = TypeVar("RuleT", bound=RuleBase)


class Stage(Generic[OptionsT, RuleT]):
    """Base of every stage: options and rules in, `apply(document)` out, no I/O.

    A stage names its option and rule classes as type arguments, `class Decode(Stage[Options, Rule])`;
    the rule book reads them back as `Decode.Options` and `Decode.Rule` to check rule files.
    """

    name: ClassVar[str]
    Options: ClassVar[type[Any]] = NoOptions
    Rule: ClassVar[type[RuleBase]] = RuleBase
    # A list of data entries a rule file may carry besides rules: (top-level key, entry class).
    Section: ClassVar[tuple[str, type] | None] = None
    # The stage whose entries this stage receives (its own name when None).
    entries_from: ClassVar[str | None] = None
    default_severity: ClassVar[Severity] = Severity.ERROR
    example_format: ClassVar[str] = "text"  # how rule examples' `in` and `keep` texts are read
    # Ids of findings the stage makes without a rule of that id (`lint --select` accepts them).
    builtin_ids: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            if typing.get_origin(base) is Stage:
                cls.Options, cls.Rule = typing.get_args(base)

    def __init__(self, options: OptionsT, rules: tuple[RuleT, ...] = (), entries: tuple[Any, ...] = ()) -> None:
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

    def with_batch(self, knowledge) -> Stage:
        return self

    @classmethod
    def entry_key(cls, entry) -> str:
        """Entries with the same key in a later file replace earlier ones."""
        raise NotImplementedError

    @classmethod
    def check_entries(cls, entries: tuple) -> list[tuple[Any, str]]:  # Any: each stage's own entry class
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

    def rules_for(self, document: Document) -> tuple[RuleT, ...]:
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
        return self.file_finding(
            rule,
            message,
            start=block.position(start),
            end=block.position(end),
            before=block.text[start:end],
            after=after,
            fixable=fixable,
            severity=severity,
            suggestions=suggestions,
        )

    def edit_findings(self, rule: RuleBase, block: Block, edits: Iterable[Edit], message: str) -> list[Finding]:
        """A finding per edit of `block`: a change when the rule applies (auto), else a report of what it would
        change, offered as the suggestion (suggest)."""
        if self.applies(rule):
            return [self.finding(rule, block, e.start, e.end, e.replacement or None, message) for e in edits]
        return [
            self.finding(
                rule, block, e.start, e.end, e.replacement, message, fixable=False, suggestions=(e.replacement,)
            )
            for e in edits
        ]

    def file_finding(
        self,
        rule: RuleBase | str,
        message: str,
        *,
        start: tuple[int, int] = (1, 1),
        end: tuple[int, int] | None = None,
        before: str = "",
        after: str | None = "",
        fixable: bool = False,
        severity: Severity | None = None,
        suggestions: tuple[str, ...] = (),
    ) -> Finding:
        """A finding placed by line and column in the input file rather than in a block's text (metadata,
        blank lines, what concerns the whole file); `rule` is a rule or the id of one the stage makes itself."""
        rule_id, known = (rule, None) if isinstance(rule, str) else (rule.id, rule)
        return file_finding(
            rule_id,
            self.name,
            severity or self.severity(known),
            message,
            start=start,
            end=end,
            before=before,
            after=after,
            fixable=fixable,
            suggestions=suggestions,
        )
