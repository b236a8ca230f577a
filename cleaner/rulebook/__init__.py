"""Rules as validated data: YAML with positions, the schema, patterns, loading and merging, the reference.

The rule book knows no stage by name: whoever reads rule files passes the catalogue
of stage classes (`cleaner.pipeline` passes this build's).
"""

from __future__ import annotations

from ._catalogue import catalogue_markdown
from ._css import WORD_LIST_ATTRIBUTES, SelectorError, has_combinator, needs_soupsieve, selector_problem, to_xpath
from ._loading import RuleSet, default_rules_dir, read_rule_files, rule_files
from ._patterns import Pattern, compile_pattern
from ._reference import json_schema, reference_markdown
from ._rule import Example, Origin, RuleBase, StageSchema
from ._schema import (
    CssSelector,
    PlainLoader,
    Problems,
    Regex,
    build,
    did_you_mean,
    first_alias,
    load_yaml,
    option,
)

__all__ = [
    "WORD_LIST_ATTRIBUTES",
    "SelectorError",
    "has_combinator",
    "needs_soupsieve",
    "selector_problem",
    "to_xpath",
    "CssSelector",
    "Example",
    "Origin",
    "Pattern",
    "PlainLoader",
    "Problems",
    "Regex",
    "RuleBase",
    "RuleSet",
    "StageSchema",
    "build",
    "catalogue_markdown",
    "compile_pattern",
    "default_rules_dir",
    "did_you_mean",
    "first_alias",
    "json_schema",
    "load_yaml",
    "option",
    "read_rule_files",
    "reference_markdown",
    "rule_files",
]
