"""YAML with positions, checked against dataclasses that serve as the schema.

A rule, a stage's options and the project config are each a frozen dataclass.
`build` turns a YAML mapping into one, collecting every problem with the
line and column of the key at fault, so a user sees all mistakes at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import functools
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NewType, TypeVar, Union, cast

import yaml

from ..core import RuleProblem
from ._css import selector_problem
from ._patterns import compile_pattern

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_D = TypeVar("_D", bound="DataclassInstance")

# A string field holding a regular expression: checked to compile at load time.
Regex = NewType("Regex", str)
CssSelector = NewType("CssSelector", str)

Kind = Literal["regex", "css", "any", "choice", "enum", "record", "list", "mapping", "scalar"]


@dataclass(frozen=True)
class FieldType:
    """What a field's type hint means to the rule book. The one reading of type hints: checking
    values (`build`), the reference and the JSON Schema all start from it.

    `args`: the choices (choice), the class (enum, record, scalar), the item type (list), the key
    and value types (mapping).
    """

    kind: Kind
    args: tuple[Any, ...] = ()
    optional: bool = False  # None is allowed too


@functools.cache
def field_type(hint: Any) -> FieldType:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        inner = field_type(next(arg for arg in args if arg is not type(None)))
        return dataclasses.replace(inner, optional=type(None) in args)
    if hint is Regex:
        return FieldType("regex")
    if hint is CssSelector:
        return FieldType("css")
    if hint is Any:
        return FieldType("any")
    if origin is Literal:
        return FieldType("choice", args)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return FieldType("enum", (hint,))
    if dataclasses.is_dataclass(hint):
        return FieldType("record", (hint,))
    if origin is tuple:
        return FieldType("list", (args[0],))
    if origin is dict:
        return FieldType("mapping", args)
    if hint in (str, int, float, bool):
        return FieldType("scalar", (hint,))
    raise TypeError(f"schema cannot check values of type {hint!r}")


def option(
    default: Any = dataclasses.MISSING,
    doc: str = "",
    *,
    key: str | None = None,
    factory: Any = None,
    extend: bool = False,
) -> Any:
    """A dataclass field with a one-line doc (for the rule reference) and an optional YAML key.

    `extend`: a list option that later rule files add to instead of replacing.
    """
    metadata = {"doc": doc, "extend": extend}
    if key:
        metadata["key"] = key
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def yaml_key(field: dataclasses.Field[Any]) -> str:
    return cast(str, field.metadata.get("key", field.name))


def public_fields(cls: type[DataclassInstance]) -> list[dataclasses.Field[Any]]:
    """Fields a YAML file may set (internal fields start with an underscore-free `origin`)."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


# ------------------------------------------------------------------ YAML with marks


class MarkedDict(dict[Any, Any]):
    """A mapping that remembers where it and each of its keys and values stand in the file."""

    line: int = 1
    column: int = 1
    key_marks: dict[Any, tuple[int, int]]
    value_marks: dict[Any, tuple[int, int]]

    def key_position(self, key: str) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.column))

    def value_position(self, key: str) -> tuple[int, int]:
        return self.value_marks.get(key, self.key_position(key))


class MarkedList(list[Any]):
    line: int = 1
    column: int = 1
    item_marks: list[tuple[int, int]]


# libyaml's parser is about ten times faster, and rule files are read at every start.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MarkedLoader(_SafeBase):
    """A safe loader that keeps positions and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            return cast("dict[Any, Any]", super().construct_mapping(node, deep))
        self.flatten_mapping(node)
        result = MarkedDict()
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.key_marks, result.value_marks = {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, "mapping keys must be plain scalars", key_node.start_mark
                )
            if key in result:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result.value_marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> MarkedList:
        result = MarkedList(self.construct_object(child, deep=True) for child in node.value)
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.item_marks = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return result


_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _MarkedLoader.construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _MarkedLoader.construct_sequence)
# Dates stay strings: a rule example's "2025-05-10" is text, not a datetime object.
_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


class PlainLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings they were written as."""


PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@functools.cache
def _type_hints(cls: type[DataclassInstance]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def first_alias(text: str, loader: type[Any] = _SafeBase) -> yaml.Mark | None:
    """The position of the first alias (`*name`) in a YAML text, or None.

    Aliases let a few hundred bytes stand for gigabytes once expanded ("billion
    laughs"); rule files, configs and front matter have no use for them.
    """
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None


def load_yaml(text: str, path: Path) -> tuple[Any, list[RuleProblem]]:
    """Parse YAML safely; never constructs objects from tags such as !!python/object, never expands aliases."""
    try:
        alias = first_alias(text)
        if alias is not None:
            return None, [
                RuleProblem(
                    path,
                    alias.line + 1,
                    alias.column + 1,
                    "invalid YAML: aliases (*name) are not allowed in rule and config files",
                )
            ]
        return yaml.load(text, Loader=_MarkedLoader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(part for part in (error.context, error.problem) if part)
        if "could not determine a constructor" in reason:
            reason = "tags that construct objects are not allowed in rule files (" + reason + ")"
        return None, [RuleProblem(path, line, column, f"invalid YAML: {reason}")]
    except yaml.YAMLError as error:
        return None, [RuleProblem(path, 1, 1, f"invalid YAML: {error}")]


# ------------------------------------------------------------------ building dataclasses


class Problems:
    """Collects problems for one file; each message already names the rule and key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[RuleProblem] = []

    def add(self, position: tuple[int, int], message: str) -> None:
        self.items.append(RuleProblem(self.path, position[0], position[1], message))


def build(
    cls: type[_D], data: Any, problems: Problems, where: str, position: tuple[int, int] = (1, 1), **fixed: Any
) -> _D | None:
    """Make a `cls` from a YAML mapping, adding a problem for each bad key; None if any."""
    if not isinstance(data, dict):
        problems.add(position, f"{where}: expected a mapping, got {_describe(data)}")
        return None
    if not isinstance(data, MarkedDict):
        data = _as_marked(data, position)
    fields = {yaml_key(f): f for f in public_fields(cls)}
    hints = _type_hints(cls)
    before = len(problems.items)
    values: dict[str, Any] = dict(fixed)
    for key, value in data.items():
        if key not in fields:
            problems.add(data.key_position(key), f"{where}: unknown key {key!r} ({_choices(key, fields)})")
            continue
        field = fields[key]
        values[field.name] = _coerce(
            value, hints[field.name], problems, f"{where}: key {key!r}", data.value_position(key)
        )
    for key, field in fields.items():
        required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        if required and field.name not in values:
            problems.add((data.line, data.column), f"{where}: missing required key {key!r}")
    if len(problems.items) > before:
        return None
    try:
        instance = cls(**values)
    except (TypeError, ValueError) as error:
        problems.add((data.line, data.column), f"{where}: {error}")
        return None
    for key, message in getattr(instance, "validate", lambda: [])():
        problems.add(data.key_position(key) if key in data else (data.line, data.column), f"{where}: {message}")
    return None if len(problems.items) > before else instance


def _coerce(value: Any, hint: Any, problems: Problems, where: str, position: tuple[int, int]) -> Any:
    field = field_type(hint)
    if value is None and field.optional:
        return None
    kind, args = field.kind, field.args
    if kind == "regex":
        if not isinstance(value, str):
            problems.add(position, f"{where}: expected a regex string, got {_describe(value)}")
            return None
        try:
            compile_pattern(value)
        except ValueError as error:
            problems.add(position, f"{where}: {error}")
        return value
    if kind == "css":
        if not isinstance(value, str):
            problems.add(position, f"{where}: expected a CSS selector string, got {_describe(value)}")
            return None
        problem = selector_problem(value)
        if problem:
            problems.add(position, f"{where}: invalid CSS selector {value!r}: {problem}")
        return value
    if kind == "any":
        return value
    if kind == "choice":
        if value not in args:
            problems.add(
                position,
                f"{where}: expected one of {', '.join(map(str, args))}, got {value!r}{did_you_mean(value, args)}",
            )
        return value
    if kind == "enum":
        choices = [member.value for member in args[0]]
        if value not in choices:
            problems.add(
                position, f"{where}: expected one of {', '.join(choices)}, got {value!r}{did_you_mean(value, choices)}"
            )
            return None
        return args[0](value)
    if kind == "record":
        return build(args[0], value, problems, where, position)
    if kind == "list":
        item_hint = args[0]
        if isinstance(value, str) and item_hint in (str, Regex):
            value = [value]
        if not isinstance(value, list):
            problems.add(position, f"{where}: expected a list, got {_describe(value)}")
            return ()
        marks = getattr(value, "item_marks", [position] * len(value))
        return tuple(
            _coerce(item, item_hint, problems, f"{where} item {i + 1}", marks[i]) for i, item in enumerate(value)
        )
    if kind == "mapping":
        if not isinstance(value, dict):
            problems.add(position, f"{where}: expected a mapping, got {_describe(value)}")
            return {}
        value_marks = getattr(value, "value_marks", {})
        return {
            _coerce(key, args[0], problems, f"{where} key", value_marks.get(key, position))
            if args[0] is not str
            else str(key): _coerce(item, args[1], problems, f"{where}.{key}", value_marks.get(key, position))
            for key, item in value.items()
        }
    scalar = args[0]
    if scalar is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if type(value) is not scalar:
        problems.add(position, f"{where}: expected {_type_name(scalar)}, got {_describe(value)}")
    return value


def _as_marked(data: dict[Any, Any], position: tuple[int, int]) -> MarkedDict:
    marked = MarkedDict(data)
    marked.line, marked.column = position
    marked.key_marks, marked.value_marks = {}, {}
    return marked


def _choices(key: Any, fields: dict[str, dataclasses.Field[Any]]) -> str:
    text = "expected one of: " + ", ".join(fields)
    return text + did_you_mean(key, list(fields), prefix="; ")


def did_you_mean(value: Any, choices: Iterable[object], prefix: str = " ") -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    return f"{prefix}did you mean {close[0]!r}?" if close else ""


def _type_name(hint: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}.get(hint, str(hint))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    kind = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer", float: "a number"}
    for cls, name in kind.items():
        if isinstance(value, cls):
            return f"{name} ({value!r})" if isinstance(value, (str, int, float)) else name
    return type(value).__name__
