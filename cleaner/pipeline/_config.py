"""Project configuration: `cleaner.yaml` or `[tool.cleaner]` in pyproject.toml.

Found from a starting folder upward; the nearest file wins. Paths in it are
relative to the folder that holds it.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..core import RuleFileError, RuleProblem, Severity
from ..rulebook import Problems, build, load_yaml, option
from ._settings import Settings

CONFIG_FILE = "cleaner.yaml"


@dataclass(frozen=True, kw_only=True)
class ProjectConfig:
    rules: tuple[str, ...] = option((), "rule files or folders to load after the defaults")
    skip: tuple[str, ...] = option((), "stages never to run in this project")
    jobs: int = option(0, "worker processes for a batch (0: one per core; never more than cores or files)")
    max_file_mb: float = option(16.0, "inputs larger than this (also once unpacked) are reported and skipped")
    max_seconds_per_file: float = option(
        60.0, "a file that takes longer is stopped, reported with its stage, and skipped"
    )
    max_memory_mb: int = option(
        2048, "the memory a worker cleaning one file may use; a file that needs more is skipped"
    )
    select: tuple[str, ...] = option((), "lint: report only these rule ids, id prefixes or stages")
    ignore: tuple[str, ...] = option((), "lint: never report these rule ids, id prefixes or stages")
    fail_on: Severity = option(Severity.ERROR, "lint: the lowest severity that makes lint exit 1")
    severity: dict[str, Severity] = option(
        factory=dict, doc="lint: rule id, prefix or stage -> severity, overriding the rule files"
    )
    per_file_ignores: dict[str, tuple[str, ...]] = option(
        factory=dict, doc="lint: path glob (relative to this config) -> rule ids, prefixes or stages to ignore there"
    )
    cache_dir: str = option(
        ".cleaner_cache", "lint: where results of unchanged files are kept (relative to this config)"
    )
    exclude: tuple[str, ...] = option(
        (), "files and folders never to read, as .gitignore patterns relative to each folder given"
    )
    follow_symlinks: bool = option(
        False, "follow symlinks that lead out of the folder given (never into /proc, /sys, /dev)"
    )
    path: str = field(default="", metadata={"internal": True})  # the file it was read from

    def validate(self) -> list[tuple[str, str]]:
        limits = (
            ("jobs", self.jobs, 0, 1024),
            ("max_file_mb", self.max_file_mb, 0.001, 4096),
            ("max_seconds_per_file", self.max_seconds_per_file, 0.1, 86400),
            ("max_memory_mb", self.max_memory_mb, 256, 2**20),
        )
        return [
            (key, f"{key} must be a number from {low:g} to {high:g}, not {value!r}")
            for key, value, low, high in limits
            if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high)
        ]

    def settings(
        self, rules: tuple[Path, ...] = (), only: tuple[str, ...] = (), skip: tuple[str, ...] = ()
    ) -> Settings:
        """What a pipeline is built from under this config."""
        return Settings(
            rule_paths=self.rule_paths() + rules,
            only=only,
            skip=skip + self.skip,
            max_file_bytes=int(self.max_file_mb * 2**20),
            max_seconds=self.max_seconds_per_file,
            max_memory_mb=self.max_memory_mb,
        )

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
    assert config is not None  # build returns None only after adding a problem
    return config


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "cleaner" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
