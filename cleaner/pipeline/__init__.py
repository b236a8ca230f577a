"""Stages assembled from rule files and settings; rule examples run through them."""

from __future__ import annotations

from ._config import ProjectConfig, find_config, load_config
from ._examples import example_cases, missing_examples, run_case
from ._pipeline import Pipeline, PipelineResult, Settings, load_pipeline, watch_stages
from ._rules import default_rules_catalogue, load_rules, rules_json_schema, rules_reference_markdown

__all__ = [
    "Pipeline",
    "PipelineResult",
    "ProjectConfig",
    "Settings",
    "default_rules_catalogue",
    "example_cases",
    "find_config",
    "load_config",
    "load_pipeline",
    "load_rules",
    "missing_examples",
    "rules_json_schema",
    "rules_reference_markdown",
    "run_case",
    "watch_stages",
]
