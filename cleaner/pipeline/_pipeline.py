"""The ordered chain of stages: Document in, Document, findings and Markdown out."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..core import CleanerError, Document, Finding, RuleTimeout, Severity, file_finding
from ..rulebook import RuleSet, did_you_mean
from ..stages import STAGES
from ..stages.base import Stage
from ._rules import load_rules
from ._settings import Settings

RENDERER = "render_markdown"
# A stage can leave text that an earlier stage would change (a quote made curly
# next to an "Â" looks like mojibake), so the chain repeats until nothing changes,
# as linters' fix loops do. Clean articles settle in the second round.
MAX_ROUNDS = 4


@dataclass(frozen=True)
class PipelineResult:
    document: Document
    findings: tuple[Finding, ...]
    markdown: str
    provisional: bool = False  # a stage timed out or could not ask its engine: do not keep this result
    stopped: tuple[Finding, ...] = ()  # stages stopped on this file (a rule timed out or ran away): `clean` says so


@dataclass
class Pipeline:
    ruleset: RuleSet
    stages: list[Stage] = field(default_factory=list)

    @classmethod
    def from_settings(cls, settings: Settings = Settings()) -> Pipeline:
        ruleset = load_rules(settings.rule_paths, settings.include_defaults)
        for name in settings.only + settings.skip:
            if name not in STAGES:
                raise CleanerError(
                    f"unknown stage {name!r} (known: {', '.join(ruleset.order)}){did_you_mean(name, STAGES, '; ')}"
                )
        names = [name for name in ruleset.order if name != RENDERER]
        if settings.only:
            names = [name for name in names if name in settings.only]
        names = [name for name in names if name not in settings.skip]
        stages = [
            STAGES[name](
                ruleset.options[name], ruleset.rules[name], ruleset.entries.get(STAGES[name].entries_from or name, ())
            )
            for name in names + [RENDERER]
        ]
        return cls(ruleset, stages)

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    @property
    def learns_from_batch(self) -> bool:
        return any(stage.learns_from_batch for stage in self.stages)

    def observe(self, document: Document, findings: tuple[Finding, ...] = ()) -> dict[str, object]:
        """What each batch-learning stage sees in one cleaned file and the findings of its run."""
        return {stage.name: stage.observe(document, findings) for stage in self.stages if stage.learns_from_batch}

    def combine(self, observations: list[dict[str, object]]) -> dict[str, object]:
        return {
            stage.name: stage.combine([seen[stage.name] for seen in observations if stage.name in seen])
            for stage in self.stages
            if stage.learns_from_batch
        }

    def affected(self, observed: dict[str, object], knowledge: dict[str, object]) -> bool:
        """Would what the batch showed change this file's result?"""
        return any(
            stage.affected(observed[stage.name], knowledge[stage.name])
            for stage in self.stages
            if stage.name in observed and stage.name in knowledge
        )

    def with_batch(self, knowledge: dict[str, object]) -> Pipeline:
        """A pipeline whose stages know what the whole batch showed."""
        stages = [
            stage.with_batch(knowledge[stage.name]) if stage.name in knowledge else stage for stage in self.stages
        ]
        return Pipeline(self.ruleset, stages)

    def warm(self) -> None:
        """Load the heavy data the stages will need (word lists, frequencies), once, here."""
        for stage in self.stages:
            stage.warm()

    def run(self, document: Document) -> PipelineResult:
        trouble = _Trouble()
        while True:
            result = self._run(document, trouble)
            if result is not None:
                return result  # else a stage ran away: it is stopped, and the file is cleaned again without it

    def _run(self, original: Document, trouble: _Trouble) -> PipelineResult | None:
        document = original
        findings: list[Finding] = []
        *middle, renderer = self.stages
        stopped, problems = trouble.stopped, trouble.problems
        for _ in range(MAX_ROUNDS):
            start = document
            for stage in middle:
                if stage.name in stopped:
                    continue
                if _on_stage is not None:
                    _on_stage(stage.name)
                try:
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        result = stage.apply(document)
                except RuleTimeout as timeout:
                    stopped.add(stage.name)
                    problems.append(_timeout_finding(stage.name, timeout))
                    trouble.provisional = True  # a faster machine, or a quieter one, may finish it
                    continue
                findings += [_warning_finding(stage.name, warning) for warning in caught]
                trouble.provisional = trouble.provisional or result.provisional
                before, after = _size(original), _size(result.document)
                if after > GROWTH_FACTOR * before + GROWTH_SLACK:
                    stopped.add(stage.name)  # a rule whose replacement holds its own match grows the text each round
                    problems.append(_growth_finding(stage.name, result.findings, before, after))
                    return None
                document = result.document
                findings += result.findings
            if document == start:
                break
        if _on_stage is not None:
            _on_stage(renderer.name)
        rendered = renderer.apply(document)
        # Findings about the file itself (its encoding, its blank lines) recur each round: keep one.
        unique = tuple(dict.fromkeys(problems + findings + list(rendered.findings)))
        return PipelineResult(document, unique, rendered.output or "", trouble.provisional, tuple(problems))


@dataclass
class _Trouble:
    """What went wrong while one file was cleaned, kept when it is cleaned again without a runaway stage."""

    stopped: set[str] = field(default_factory=set)  # stages that timed out or ran away on this file
    problems: list[Finding] = field(default_factory=list)
    provisional: bool = False


# A stage may lengthen a text (entities, expansions), never multiply it.
GROWTH_FACTOR = 2
GROWTH_SLACK = 4096

# Told which stage a file is in, for a supervisor that may have to stop the work (see runner.py).
_on_stage: Callable[[str], None] | None = None


@lru_cache(maxsize=8)
def load_pipeline(settings: Settings = Settings()) -> Pipeline:
    """Build a pipeline once per process for these settings (rules are compiled here)."""
    return Pipeline.from_settings(settings)


def watch_stages(callback: Callable[[str], None] | None) -> None:
    global _on_stage
    _on_stage = callback


def _size(document: Document) -> int:
    return sum(len(block.text) for block in document.blocks) + len(document.html or "")


def _growth_finding(stage: str, findings: tuple[Finding, ...], before: int, after: int) -> Finding:
    """Name the rule that added most text; the stage's changes to this file are dropped."""
    added: dict[str, int] = {}
    for finding in findings:
        added[finding.rule_id] = added.get(finding.rule_id, 0) + len(finding.after or "") - len(finding.before)
    rule = max(added, key=added.__getitem__) if added else stage
    message = (
        f"rule '{rule}' made the text grow from {before:,} to {after:,} characters (its replacement holds "
        f"what it matches?); stage '{stage}' skipped for this file"
    )
    return file_finding(rule, stage, Severity.ERROR, message, after=None)


def _warning_finding(stage: str, warning: warnings.WarningMessage) -> Finding:
    """A library's warning about this file (dateutil's unknown time zone, say), as a finding on it."""
    message = f"{warning.category.__name__}: {warning.message}"
    return file_finding(f"{stage}/library-warning", stage, Severity.WARNING, message, after=None)


def _timeout_finding(stage: str, timeout: RuleTimeout) -> Finding:
    return file_finding(timeout.rule_id, stage, Severity.ERROR, f"{timeout}; stage '{stage}' skipped for this file")
