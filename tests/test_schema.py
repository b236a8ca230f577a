"""The JSON Schema for rule files: generated from the code, committed, and true to the loader."""

from __future__ import annotations

import json

import jsonschema
import yaml

from cleaner.pipeline import rules_json_schema
from cleaner.rulebook import PlainLoader, default_rules_dir, rule_files

from .conftest import ROOT

SCHEMA_FILE = ROOT / "schema" / "rules.schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == rules_json_schema(), (
        "run `cleaner rules schema > schema/rules.schema.json`"
    )


def test_schema_is_valid_and_accepts_every_default_rule_file() -> None:
    schema = rules_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in rule_files(default_rules_dir()):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlainLoader)
        assert list(validator.iter_errors(data)) == [], path


def test_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(rules_json_schema())
    bad = [
        {"stage": "strip_debri", "rules": []},
        {"stage": "strip_debris", "rules": [{"id": "x/y", "line_regx": "a"}]},
        {"stage": "strip_debris", "rules": [{"id": "x/y", "max_words": "many"}]},
        {"stage": "strip_debris", "options": {"max_removed_share": "half"}},
        {"pipeline": ["decode", "normalise_typography"]},
    ]
    for document in bad:
        assert list(validator.iter_errors(document)), document


def test_pre_commit_hooks_name_the_lint_command() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"]: hook["entry"] for hook in hooks} == {
        "cleaner-lint": "cleaner lint",
        "cleaner-lint-fix": "cleaner lint --fix",
    }
