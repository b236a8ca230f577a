"""The rule reference, generated from the dataclasses that check rule files.

The README's reference section is this output (a test keeps the two equal),
so the documentation cannot drift from what the loader accepts.
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
from typing import Any, Literal, Union

from .schema import Regex, public_fields, yaml_key
from .stages import STAGES
from .stages.base import Example, RuleBase

_COMMON = {field.name for field in dataclasses.fields(RuleBase)}


def describe_type(hint: Any) -> str:
    """A reader's name for a field type: 'list of strings', 'one of: a, b', 'regex'."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return describe_type(next(arg for arg in args if arg is not type(None)))
    if hint is Regex:
        return "regex"
    if origin is Literal:
        return "one of: " + ", ".join(map(str, args))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of: " + ", ".join(member.value for member in hint)
    if origin is tuple:
        inner = describe_type(args[0])
        return "list of " + ("examples" if args[0] is Example else inner + "s" if " " not in inner else f"({inner})")
    if origin is dict:
        return "mapping"
    return {str: "string", int: "integer", float: "number", bool: "true/false"}.get(hint, getattr(hint, "__name__", str(hint)))


def _default(field: dataclasses.Field) -> str:
    if field.default is dataclasses.MISSING:
        return "required" if field.default_factory is dataclasses.MISSING else "`{}`"
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


def rules_reference_markdown() -> str:
    parts = [
        "### Keys every rule has\n",
        field_table(RuleBase),
        "\n### Keys of an example (`examples:` items)\n",
        field_table(Example),
    ]
    for name, stage in STAGES.items():
        parts.append(f"\n### Stage `{name}`\n")
        if stage.Rule is not RuleBase:
            parts.append("Rule keys (besides the common ones):\n")
            parts.append(field_table(stage.Rule, _COMMON))
            parts.append("")
        parts.append("Options (`options:` in any rule file of the stage):\n")
        parts.append(field_table(stage.Options))
    return "\n".join(parts) + "\n"
