"""The rule book read with this build's stages."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..rulebook import RuleBase, RuleSet, catalogue_markdown, json_schema, read_rule_files, reference_markdown
from ..stages import STAGES


def load_rules(paths: Iterable[Path] = (), include_defaults: bool = True) -> RuleSet:
    """The default rules, then each user file or folder; RuleFileError lists every problem."""
    return read_rule_files(STAGES, paths, include_defaults)


def rules_reference_markdown() -> str:
    """The option and rule-key reference of every stage, as Markdown."""
    return reference_markdown(STAGES)


def rules_json_schema() -> dict[str, Any]:
    """A JSON Schema that editors can use to check rule files."""
    return json_schema(STAGES)


def default_rules_catalogue() -> str:
    """Every default rule by stage: what it does, how it applies, its examples, as Markdown."""

    def effect(stage: str, rule: RuleBase) -> tuple[str, str]:
        stage_class = STAGES[stage]
        return rule.apply or stage_class.default_apply(rule), (rule.severity or stage_class.default_severity).value

    return catalogue_markdown(read_rule_files(STAGES), effect)
