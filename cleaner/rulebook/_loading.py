"""Read rule files, check them against each stage's schema, and merge them.

Default rules come first, then the user's files in the order given. A rule
whose id is already known replaces the old one, or, when it names no matcher
(only `enabled`, `severity`, `files`...), patches it. Every problem in every
file is collected before anything runs, then raised as one RuleFileError.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import RuleFileError, RuleProblem
from ._rule import Origin, RuleBase, StageSchema
from ._schema import MarkedDict, Problems, build, did_you_mean, load_yaml, yaml_key

PIPELINE_FILE = "pipeline.yaml"
RULE_SUFFIXES = (".yaml", ".yml")


def default_rules_dir() -> Path:
    """`rules/` beside the package in a checkout, or inside it when installed."""
    package = Path(__file__).parent.parent
    packaged = package / "default_rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


@dataclass(frozen=True)
class RuleSet:
    """Everything the rule files say: stage order, each stage's options and rules."""

    order: tuple[str, ...]
    options: dict[str, Any]
    rules: dict[str, tuple[RuleBase, ...]]
    entries: dict[str, tuple[Any, ...]]  # a stage's data section (the names registry), merged
    files: tuple[Path, ...]
    fingerprint: str  # changes whenever any rule file's content changes

    def all_rules(self) -> Iterable[tuple[str, RuleBase]]:
        for stage in self.order:
            for rule in self.rules.get(stage, ()):
                yield stage, rule


def rule_files(path: Path) -> list[Path]:
    """A rule file, or every YAML file under a folder (sorted, so the order is stable)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
    return [path]


def read_rule_files(
    catalogue: Mapping[str, StageSchema], paths: Iterable[Path] = (), include_defaults: bool = True
) -> RuleSet:
    """Read the default rules, then each user path, for the stages of `catalogue` (name -> stage class);
    raise RuleFileError listing every problem."""
    files: list[Path] = rule_files(default_rules_dir()) if include_defaults else []
    for path in paths:
        files += rule_files(Path(path))
    loader = _Loader(catalogue)
    for path in files:
        loader.read(path)
    return loader.finish(tuple(files))


class _Loader:
    def __init__(self, catalogue: Mapping[str, StageSchema]) -> None:
        self.catalogue = catalogue
        self.order: tuple[str, ...] | None = None
        self.option_values: dict[str, dict[str, Any]] = {name: {} for name in catalogue}
        self.raw_rules: dict[str, dict[str, tuple[MarkedDict, Origin]]] = {name: {} for name in catalogue}
        self.rules: dict[str, dict[str, RuleBase]] = {name: {} for name in catalogue}
        self.entries: dict[str, dict[str, Any]] = {name: {} for name in catalogue}
        self.problems: list[RuleProblem] = []
        self.digest = hashlib.sha256()

    def read(self, path: Path) -> None:
        problems = Problems(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.add((1, 1), f"cannot read rule file: {getattr(error, 'strerror', None) or error}")
            self.problems += problems.items
            return
        self.digest.update(str(path).encode() + b"\0" + text.encode() + b"\0")
        data, yaml_problems = load_yaml(text, path)
        problems.items += yaml_problems
        if not yaml_problems:
            self._read_document(data, problems)
        self.problems += problems.items

    def _read_document(self, data: Any, problems: Problems) -> None:
        if data is None:
            return  # an empty file says nothing
        if not isinstance(data, MarkedDict):
            problems.add((1, 1), "a rule file must be a mapping with a 'stage' key (or 'pipeline')")
            return
        if "pipeline" in data:
            self._read_pipeline(data, problems)
            return
        stage_name: Any = data.get("stage")  # any YAML value until checked against the catalogue
        if stage_name not in self.catalogue:
            where = data.value_position("stage") if "stage" in data else (data.line, data.column)
            message = f"stage {stage_name!r} is not a known stage (known: {', '.join(self.catalogue)})"
            if stage_name is None:
                message = "missing key 'stage' (which stage these rules are for)"
            problems.add(where, message + did_you_mean(stage_name, self.catalogue, prefix="; "))
            return
        stage = self.catalogue[stage_name]
        allowed = ["stage", "options", "rules", "description"] + ([stage.Section[0]] if stage.Section else [])
        for key in data:
            if key not in allowed:
                problems.add(
                    data.key_position(key), f"unknown top-level key {key!r} (expected one of: {', '.join(allowed)})"
                )
        if stage.Section and stage.Section[0] in data:
            self._read_entries(stage_name, stage, data, problems)
        if "options" in data:
            self._read_options(stage_name, stage, data, problems)
        rules = data.get("rules", [])
        if not isinstance(rules, list):
            problems.add(data.value_position("rules"), "'rules' must be a list of rules")
            return
        marks = getattr(rules, "item_marks", [(data.line, data.column)] * len(rules))
        for raw, position in zip(rules, marks):
            self._read_rule(stage_name, stage, raw, position, problems)

    def _read_pipeline(self, data: MarkedDict, problems: Problems) -> None:
        names = data["pipeline"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.add(data.value_position("pipeline"), "'pipeline' must be a list of stage names")
            return
        marks = getattr(names, "item_marks", [data.value_position("pipeline")] * len(names))
        for name, position in zip(names, marks):
            if name not in self.catalogue:
                problems.add(
                    position,
                    f"stage {name!r} is not a known stage (known: {', '.join(self.catalogue)})"
                    + did_you_mean(name, self.catalogue, prefix="; "),
                )
        self.order = tuple(names)

    def _read_options(self, stage_name: str, stage: StageSchema, data: MarkedDict, problems: Problems) -> None:
        raw = data["options"]
        options = build(
            stage.Options, raw, problems, f"options of stage '{stage_name}'", data.value_position("options")
        )
        if options is None:
            return
        merged = self.option_values[stage_name]
        fields = {yaml_key(f): f for f in dataclasses.fields(stage.Options)}
        for key in raw:
            field = fields[key]
            value, earlier = getattr(options, field.name), merged.get(field.name)
            if isinstance(value, dict) and isinstance(earlier, dict):
                value = {**earlier, **value}
            elif dataclasses.is_dataclass(value) and dataclasses.is_dataclass(earlier):
                value = _patched(earlier, value, raw[key])  # a group of options: only the keys given change
            elif field.metadata.get("extend") and isinstance(earlier, tuple):
                value = earlier + tuple(v for v in value if v not in earlier)
            merged[field.name] = value

    def _read_entries(self, stage_name: str, stage: StageSchema, data: MarkedDict, problems: Problems) -> None:
        assert stage.Section is not None  # only called for a stage with a section
        key, entry_class = stage.Section
        raw_entries = data[key]
        if not isinstance(raw_entries, list):
            problems.add(data.value_position(key), f"'{key}' must be a list")
            return
        marks = getattr(raw_entries, "item_marks", [data.value_position(key)] * len(raw_entries))
        in_this_file: dict[str, Any] = {}
        for raw, position in zip(raw_entries, marks):
            label = raw.get("name", "?") if isinstance(raw, dict) else "?"
            entry = build(
                entry_class,
                raw,
                problems,
                f"{key} entry {label!r}",
                position,
                origin=Origin(str(problems.path), position[0]),
            )
            if entry is None:
                continue
            entry_key = stage.entry_key(entry)
            if entry_key in in_this_file:
                first = in_this_file[entry_key]
                problems.add(
                    position, f"{key} entry {label!r} is defined twice in this file (first at line {first.origin.line})"
                )
                continue
            in_this_file[entry_key] = entry
            self.entries[stage_name][entry_key] = entry  # a later file replaces the same entry

    def _read_rule(
        self, stage_name: str, stage: StageSchema, raw: Any, position: tuple[int, int], problems: Problems
    ) -> None:
        if not isinstance(raw, MarkedDict) or not isinstance(raw.get("id"), str):
            problems.add(position, f"each rule of stage '{stage_name}' must be a mapping with a string 'id'")
            return
        rule_id = raw["id"]
        previous = self.raw_rules[stage_name].get(rule_id)
        is_patch = previous is not None and not (set(raw) & set(stage.Rule.matcher_keys))
        if is_patch:
            assert previous is not None
            merged = MarkedDict({**previous[0], **raw})
            merged.line, merged.column = raw.line, raw.column
            merged.key_marks = {**previous[0].key_marks, **raw.key_marks}
            merged.value_marks = {**previous[0].value_marks, **raw.value_marks}
            raw = merged
        origin = Origin(str(problems.path), raw.line)
        rule = build(stage.Rule, raw, problems, f"rule '{rule_id}'", position, origin=origin)
        if rule is None:
            return
        self.raw_rules[stage_name][rule_id] = (raw, origin)
        self.rules[stage_name][rule_id] = rule

    def finish(self, files: tuple[Path, ...]) -> RuleSet:
        if self.order is None and not self.problems:
            self.problems.append(_missing_pipeline(files))
        if self.problems:
            raise RuleFileError(self.problems)
        entries = {name: tuple(self.entries[name].values()) for name in self.catalogue}
        for name, stage in self.catalogue.items():
            for entry, message in stage.check_entries(entries[name]):
                self.problems.append(RuleProblem(Path(entry.origin.path), entry.origin.line, 1, message))
        if self.problems:
            raise RuleFileError(self.problems)
        options = {name: self.catalogue[name].Options(**self.option_values[name]) for name in self.catalogue}
        rules = {name: tuple(self.rules[name].values()) for name in self.catalogue}
        assert self.order is not None  # without a pipeline, a problem was raised above
        return RuleSet(self.order, options, rules, entries, files, self.digest.hexdigest())


def _patched(earlier: Any, given: Any, raw: dict[str, Any]) -> Any:
    fields = {yaml_key(f): f.name for f in dataclasses.fields(given)}
    return dataclasses.replace(earlier, **{fields[key]: getattr(given, fields[key]) for key in raw})


def _missing_pipeline(files: tuple[Path, ...]) -> RuleProblem:
    where = files[0] if files else Path(PIPELINE_FILE)
    return RuleProblem(where, 1, 1, f"no rule file defines 'pipeline' (the stage order; see rules/{PIPELINE_FILE})")
