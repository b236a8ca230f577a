"""The rule reference, generated from the dataclasses that check rule files.

The README's reference section is this output (a test keeps the two equal),
so the documentation cannot drift from what the loader accepts.
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
from typing import Any, Literal, Mapping, Union

from ._rule import Example, RuleBase, StageSchema
from ._schema import CssSelector, Regex, public_fields, yaml_key

_COMMON = {field.name for field in dataclasses.fields(RuleBase)}


def describe_type(hint: Any) -> str:
    """A reader's name for a field type: 'list of strings', 'one of: a, b', 'regex'."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return describe_type(next(arg for arg in args if arg is not type(None)))
    if hint is Regex:
        return "regex"
    if hint is CssSelector:
        return "CSS selector"
    if origin is Literal:
        return "one of: " + ", ".join(map(str, args))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of: " + ", ".join(member.value for member in hint)
    if origin is tuple:
        inner = describe_type(args[0])
        return "list of " + ("examples" if args[0] is Example else inner + "s" if " " not in inner else f"({inner})")
    if origin is dict:
        return "mapping"
    if dataclasses.is_dataclass(hint):
        return "mapping (keys below)"
    return {str: "string", int: "integer", float: "number", bool: "true/false"}.get(hint, getattr(hint, "__name__", str(hint)))


def _default(field: dataclasses.Field) -> str:
    if field.default is dataclasses.MISSING:
        if field.default_factory is dataclasses.MISSING:
            return "required"
        return "" if dataclasses.is_dataclass(field.default_factory) else "`{}`"
    value = field.default
    if value is None or value == () or value == "":
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(map(str, value)) + "]`"
    return f"`{value.value if isinstance(value, enum.Enum) else value}`"


def field_table(cls: type, skip: set[str] = frozenset()) -> str:
    hints = typing.get_type_hints(cls)
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for field in public_fields(cls):
        if field.name in skip:
            continue
        doc = field.metadata.get("doc", "").replace("|", "\\|")
        rows.append(f"| `{yaml_key(field)}` | {describe_type(hints[field.name])} | {_default(field)} | {doc} |")
    return "\n".join(rows)


def reference_markdown(catalogue: Mapping[str, StageSchema]) -> str:
    parts = [
        "### Keys every rule has\n",
        field_table(RuleBase),
        "\n### Keys of an example (`examples:` items)\n",
        field_table(Example),
    ]
    for name, stage in catalogue.items():
        parts.append(f"\n### Stage `{name}`\n")
        if stage.Rule is not RuleBase:
            parts.append("Rule keys (besides the common ones):\n")
            parts.append(field_table(stage.Rule, _COMMON))
            parts.append("")
        parts.append("Options (`options:` in any rule file of the stage):\n")
        parts.append(field_table(stage.Options))
        hints = typing.get_type_hints(stage.Options)
        for field in public_fields(stage.Options):
            if dataclasses.is_dataclass(hints[field.name]):
                parts.append(f"\nKeys of option `{yaml_key(field)}` (a later file changes only the keys it gives):\n")
                parts.append(field_table(hints[field.name]))
        if stage.Section:
            key, entry = stage.Section
            parts.append(f"\nEntries of `{key}:` (a later file's entry with the same name replaces the earlier one):\n")
            parts.append(field_table(entry))
    return "\n".join(parts) + "\n"


def json_schema_of(hint: Any) -> dict:
    """JSON Schema for one field type, mirroring what `schema.build` accepts."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        inner = json_schema_of(next(arg for arg in args if arg is not type(None)))
        return {"anyOf": [inner, {"type": "null"}]} if type(None) in args else inner
    if hint is Regex:
        return {"type": "string", "format": "regex"}
    if hint is CssSelector:
        return {"type": "string", "description": "CSS selector"}
    if hint is Any:
        return {}
    if origin is Literal:
        return {"enum": list(args)}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if dataclasses.is_dataclass(hint):
        return object_schema(hint)
    if origin is tuple:
        items = json_schema_of(args[0])
        array = {"type": "array", "items": items}
        return {"anyOf": [items, array]} if items.get("type") == "string" else array
    if origin is dict:
        schema = {"type": "object", "additionalProperties": json_schema_of(args[1])}
        if args[0] is int:
            schema["propertyNames"] = {"pattern": "^[0-9]+$"}
        return schema
    return {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[hint]}


def object_schema(cls: type, skip: set[str] = frozenset(), extra: dict | None = None) -> dict:
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for field in public_fields(cls):
        if field.name in skip:
            continue
        prop = json_schema_of(hints[field.name])
        if field.metadata.get("doc"):
            prop = {**prop, "description": field.metadata["doc"]}
        properties[yaml_key(field)] = prop
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            required.append(yaml_key(field))
    schema = {"type": "object", "properties": {**properties, **(extra or {})}, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def json_schema(catalogue: Mapping[str, StageSchema]) -> dict:
    """JSON Schema for rule files, for editors (yaml-language-server) and CI validation."""
    stage_files = []
    for name, stage in catalogue.items():
        properties = {
            "stage": {"const": name},
            "description": {"type": "string"},
            "options": object_schema(stage.Options),
            "rules": {"type": "array", "items": object_schema(stage.Rule)},
        }
        if stage.Section:
            key, entry = stage.Section
            properties[key] = {"type": "array", "items": object_schema(entry)}
        stage_files.append({
            "type": "object",
            "properties": properties,
            "required": ["stage"],
            "additionalProperties": False,
        })
    pipeline_file = {
        "type": "object",
        "properties": {"pipeline": {"type": "array", "items": {"enum": list(catalogue)}}},
        "required": ["pipeline"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cleaner.invalid/schema/rules.schema.json",
        "title": "cleaner rule file",
        "description": "A rule file: `stage` with `options` and `rules`, or the stage order as `pipeline`.",
        "oneOf": [pipeline_file, *stage_files],
    }
