"""The catalogue of rules: every rule of a rule set, by stage, with what it does and its own examples.

docs/rules.md carries this output for the default rules (a test keeps the two equal).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from ._loading import RuleSet
from ._rule import Example, RuleBase

_SHOWN = 100  # characters of an example shown; the rule file has the rest


def catalogue_markdown(ruleset: RuleSet, effect: Callable[[str, RuleBase], tuple[str, str]]) -> str:
    """Markdown for every rule of `ruleset`, stage by stage in pipeline order; `effect(stage, rule)`
    says how the rule applies (auto or suggest) and its severity, defaults included."""
    parts: list[str] = []
    for stage in ruleset.order:
        rules = ruleset.rules.get(stage, ())
        if not rules:
            continue
        parts.append(f"\n### Stage `{stage}`\n")
        for rule in rules:
            parts.append(_rule_entry(rule, *effect(stage, rule)))
    return "\n".join(parts).lstrip("\n") + "\n"


def _rule_entry(rule: RuleBase, apply: str, severity: str) -> str:
    state = "" if rule.enabled else ", off by default"
    where = f"{Path(rule.origin.path).name}:{rule.origin.line}"
    lines = [
        f"#### `{rule.id}`\n",
        f"{' '.join(rule.description.split()) or '(no description)'}\n",
        f"*{apply}, {severity}{state}; `rules/{where}`*\n",
    ]
    shown = [_example_line(example) for example in rule.examples if example.xfail is None]
    if shown:
        lines.append("\n".join(shown) + "\n")
    return "\n".join(lines)


def _example_line(example: Example) -> str:
    if example.keep is not None:
        return f"- keeps {_code(example.keep)}"
    given = _code(example.input or "")
    if example.out is not None:
        return f"- {given} → {_code(example.out) if example.out.strip() else '(nothing)'}"
    if example.metadata:
        fields = ", ".join(f"{key}: {_code(value)}" for key, value in sorted(example.metadata.items()))
        return f"- {given} → {fields}"
    return f"- reports {example.flags} in {given}"


def _code(text: str) -> str:
    """Text as inline code on one line: line breaks shown as ⏎, long texts cut."""
    flat = " ⏎ ".join(line.strip() for line in text.strip("\n").splitlines()) or " "
    flat = "".join(_visible(char) for char in flat)
    if len(flat) > _SHOWN:
        flat = flat[: _SHOWN - 1] + "…"
    fence = "``" if "`" in flat else "`"
    pad = " " if fence == "``" or flat.startswith(" ") or flat.endswith(" ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _visible(char: str) -> str:
    """Invisible and control characters written as their code point, so the example can be read."""
    if char != " " and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Zs"):
        return f"<U+{ord(char):04X}>"
    return char
