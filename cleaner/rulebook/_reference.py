"""The rule reference, generated from the dataclasses that check rule files.

The README's reference section is this output (a test keeps the two equal),
so the documentation cannot drift from what the loader accepts.
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from ._rule import Example, RuleBase, StageSchema
from ._schema import FieldType, field_type, public_fields, yaml_key

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_COMMON = {field.name for field in dataclasses.fields(RuleBase)}


def describe_type(hint: Any) -> str:
    """A reader's name for a field type: 'list of strings', 'one of: a, b', 'regex'."""
    field = field_type(hint)
    kind, args = field.kind, field.args
    if kind == "regex":
        return "regex"
    if kind == "css":
        return "CSS selector"
    if kind == "choice":
        return "one of: " + ", ".join(map(str, args))
    if kind == "enum":
        return "one of: " + ", ".join(member.value for member in args[0])
    if kind == "list":
        inner = describe_type(args[0])
        return "list of " + ("examples" if args[0] is Example else inner + "s" if " " not in inner else f"({inner})")
    if kind == "mapping":
        return "mapping"
    if kind == "record":
        return "mapping (keys below)"
    if kind == "any":
        return "Any"
    return {str: "string", int: "integer", float: "number", bool: "true/false"}[args[0]]


def _default(field: dataclasses.Field[Any]) -> str:
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


def field_table(cls: type[DataclassInstance], skip: AbstractSet[str] = frozenset()) -> str:
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


def json_schema_of(hint: Any) -> dict[str, Any]:
    """JSON Schema for one field type, mirroring what `schema.build` accepts."""
    return _json_schema(field_type(hint))


def _json_schema(field: FieldType) -> dict[str, Any]:
    if field.optional:
        return {"anyOf": [_json_schema(dataclasses.replace(field, optional=False)), {"type": "null"}]}
    kind, args = field.kind, field.args
    if kind == "regex":
        return {"type": "string", "format": "regex"}
    if kind == "css":
        return {"type": "string", "description": "CSS selector"}
    if kind == "any":
        return {}
    if kind == "choice":
        return {"enum": list(args)}
    if kind == "enum":
        return {"enum": [member.value for member in args[0]]}
    if kind == "record":
        return object_schema(args[0])
    if kind == "list":
        items = json_schema_of(args[0])
        array = {"type": "array", "items": items}
        return {"anyOf": [items, array]} if items.get("type") == "string" else array
    if kind == "mapping":
        schema = {"type": "object", "additionalProperties": json_schema_of(args[1])}
        if args[0] is int:
            schema["propertyNames"] = {"pattern": "^[0-9]+$"}
        return schema
    return {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[args[0]]}


def object_schema(
    cls: type[DataclassInstance], skip: AbstractSet[str] = frozenset(), extra: dict[str, Any] | None = None
) -> dict[str, Any]:
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


def json_schema(catalogue: Mapping[str, StageSchema]) -> dict[str, Any]:
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
        stage_files.append(
            {
                "type": "object",
                "properties": properties,
                "required": ["stage"],
                "additionalProperties": False,
            }
        )
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
