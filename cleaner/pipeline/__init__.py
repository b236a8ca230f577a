"""Stages assembled from rule files and settings; rule examples run through them.

Names are imported from their modules on first use: a command loads only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import lazy_names

if TYPE_CHECKING:
    from ._config import ProjectConfig, find_config, load_config
    from ._examples import example_cases, missing_examples, run_case
    from ._pipeline import Pipeline, PipelineResult, load_pipeline, watch_stages
    from ._rules import default_rules_catalogue, load_rules, rules_json_schema, rules_reference_markdown
    from ._settings import Settings

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

__getattr__ = lazy_names(
    __name__,
    {
        "ProjectConfig": "._config",
        "find_config": "._config",
        "load_config": "._config",
        "example_cases": "._examples",
        "missing_examples": "._examples",
        "run_case": "._examples",
        "Pipeline": "._pipeline",
        "PipelineResult": "._pipeline",
        "Settings": "._settings",
        "load_pipeline": "._pipeline",
        "watch_stages": "._pipeline",
        "default_rules_catalogue": "._rules",
        "load_rules": "._rules",
        "rules_json_schema": "._rules",
        "rules_reference_markdown": "._rules",
    },
)
