"""Run the examples that rules carry; used by `cleaner rules test` and by pytest."""

from __future__ import annotations

from dataclasses import dataclass, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..readers import read_bytes, read_string
from ..rulebook import Example, RuleBase, RuleSet
from ..stages import STAGES

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True)
class ExampleCase:
    stage: str
    rule: RuleBase
    number: int  # 1-based position among the rule's examples
    example: Example

    @property
    def test_id(self) -> str:
        return f"{Path(self.rule.origin.path).name}::{self.rule.id}::{self.number}"


@dataclass(frozen=True)
class ExampleOutcome:
    case: ExampleCase
    passed: bool
    message: str = ""


def example_cases(ruleset: RuleSet, files: set[Path] | None = None) -> list[ExampleCase]:
    """Every example of every rule, or only of rules defined in `files`."""
    cases = []
    for stage, rule in ruleset.all_rules():
        if files is not None and Path(rule.origin.path).resolve() not in files:
            continue
        for number, example in enumerate(rule.examples, start=1):
            cases.append(ExampleCase(stage, rule, number, example))
    return cases


def run_case(case: ExampleCase, ruleset: RuleSet) -> ExampleOutcome:
    failure = _failure(case, ruleset)
    if case.example.xfail:
        if failure is None:
            return ExampleOutcome(case, False, f"marked xfail ({case.example.xfail}) but passes: remove xfail")
        return ExampleOutcome(case, True, f"xfail: {failure}")
    return ExampleOutcome(case, failure is None, failure or "")


def _failure(case: ExampleCase, ruleset: RuleSet) -> str | None:
    stage_class = STAGES[case.stage]
    try:
        options = _with_options(ruleset.options[case.stage], case.example.options or {})
    except TypeError as error:
        return f"example options: {error}"
    rule = replace(case.rule, files=(), sources=(), enabled=True)
    stage = stage_class(options, (rule,), ruleset.entries.get(stage_class.entries_from or case.stage, ()))
    example = case.example
    given = example.keep if example.keep is not None else example.input
    assert given is not None  # Example.validate requires one of them
    if example.encoding:
        document, _ = read_bytes(given.encode(example.encoding), "<example>.txt")
    else:
        document = read_string(given, "<example>", example.format or stage_class.example_format)
    if document.html is not None and case.stage != "parse_html":
        parse_html = STAGES["parse_html"](ruleset.options["parse_html"], ruleset.rules["parse_html"])
        document = parse_html.apply(document).document
    result = stage.apply(document)
    got = result.document.body_text()
    if example.keep is not None:
        # An HTML page always changes (it becomes blocks): for it, "keep" means no findings.
        if document.html is None and got != document.body_text():
            return f"keep example changed:\n  in:  {given!r}\n  got: {got!r}"
        if example.flags is None and result.findings:
            return f"keep example has findings: {[f.message for f in result.findings]}"
        if example.flags is not None:  # left alone, but reported: that many findings, none a change
            if len(result.findings) != example.flags:
                messages = [f.message for f in result.findings]
                return f"expected {example.flags} report(s), got {len(result.findings)}: {messages}"
            if any(f.fixable for f in result.findings):
                changes = [f.message for f in result.findings if f.fixable]
                return f"a 'keep' example's findings must be reports, got {changes}"
        return None
    if example.out is not None:
        if got != example.out:
            return f"wrong output:\n  in:       {given!r}\n  expected: {example.out!r}\n  got:      {got!r}"
        again = stage.apply(result.document)
        if again.document.body_text() != got:
            return f"not idempotent: a second run gives {again.document.body_text()!r}"
    if example.flags is not None:
        if len(result.findings) != example.flags:
            messages = [f.message for f in result.findings]
            return f"expected {example.flags} finding(s), got {len(result.findings)}: {messages}"
        if example.out is None and got != document.body_text():
            return f"a 'flags' example must not change the text, got {got!r}"
    if example.metadata is not None:
        actual = result.document.metadata.as_dict()
        wrong = {key: actual.get(key) for key, value in example.metadata.items() if actual.get(key) != str(value)}
        if wrong:
            return f"metadata: expected {dict(example.metadata)}, got {actual}"
    return None


def _with_options(options: Any, changes: dict[str, Any]) -> Any:
    """The stage's options with an example's changes; a group of options (a mapping) changes key by key."""
    values = {}
    for name, value in changes.items():
        current = getattr(options, name, None)
        # is_dataclass also admits classes; an option's value is an instance
        values[name] = (
            replace(cast("DataclassInstance", current), **value)
            if is_dataclass(current) and isinstance(value, dict)
            else value
        )
    return replace(options, **values)


def missing_examples(ruleset: RuleSet) -> list[str]:
    """Rules without an `in` example or without a `keep` example (every rule needs both)."""
    missing = []
    for _stage, rule in ruleset.all_rules():
        kinds = {"in" if e.input is not None else "keep" for e in rule.examples}
        for kind in [k for k in ("in", "keep") if k not in kinds]:
            missing.append(f"{rule.origin}: rule '{rule.id}' has no '{kind}' example")
    return missing
