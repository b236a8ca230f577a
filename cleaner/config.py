"""Project configuration: `cleaner.yaml` or `[tool.cleaner]` in pyproject.toml.

Found from a starting folder upward; the nearest file wins. Paths in it are
relative to the folder that holds it.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleFileError, RuleProblem
from .findings import Severity
from .schema import Problems, build, load_yaml, option

CONFIG_FILE = "cleaner.yaml"


@dataclass(frozen=True, kw_only=True)
class ProjectConfig:
    rules: tuple[str, ...] = option((), "rule files or folders to load after the defaults")
    skip: tuple[str, ...] = option((), "stages never to run in this project")
    jobs: int = option(0, "worker processes for a batch (0: one per core)")
    max_file_mb: float = option(16.0, "inputs larger than this (also once unpacked) are reported and skipped")
    select: tuple[str, ...] = option((), "lint: report only these rule ids, id prefixes or stages")
    ignore: tuple[str, ...] = option((), "lint: never report these rule ids, id prefixes or stages")
    fail_on: Severity = option(Severity.ERROR, "lint: the lowest severity that makes lint exit 1")
    severity: dict[str, Severity] = option(factory=dict, doc="lint: rule id, prefix or stage -> severity, overriding the rule files")
    per_file_ignores: dict[str, tuple[str, ...]] = option(
        factory=dict, doc="lint: path glob (relative to this config) -> rule ids, prefixes or stages to ignore there"
    )
    cache_dir: str = option(".cleaner_cache", "lint: where results of unchanged files are kept (relative to this config)")
    path: str = field(default="", metadata={"internal": True})  # the file it was read from

    @property
    def base(self) -> Path:
        return Path(self.path).parent.resolve() if self.path else Path.cwd()

    def rule_paths(self) -> tuple[Path, ...]:
        return tuple((self.base / rule).resolve() for rule in self.rules)


def find_config(start: Path) -> Path | None:
    """The nearest cleaner.yaml, or pyproject.toml with a [tool.cleaner] table, at or above `start`."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def load_config(path: Path | None) -> ProjectConfig:
    """Read and check a config file; problems are raised like rule-file problems."""
    if path is None:
        return ProjectConfig()
    problems = Problems(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError([RuleProblem(path, 1, 1, f"cannot read config: {error}")]) from None
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("cleaner", {})
        except tomllib.TOMLDecodeError as error:
            raise RuleFileError([RuleProblem(path, 1, 1, f"invalid TOML: {error}")]) from None
    else:
        data, yaml_problems = load_yaml(text, path)
        if yaml_problems:
            raise RuleFileError(yaml_problems)
        data = data or {}
    config = build(ProjectConfig, data, problems, "config", path=str(path))
    if problems.items:
        raise RuleFileError(problems.items)
    return config


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "cleaner" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
