"""Which findings lint reports, and how severe each is: --select/--ignore, config, comments.

Patterns name a rule id (`debris/image-id`), an id prefix (`debris/`, `debris`)
or a stage (`strip_debris`), as ruff's --select and --ignore do.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..core import Finding, Severity

_DIRECTIVE = re.compile(r"<!--\s*cleaner:\s*(disable-next-line|disable|enable)\b([^>]*?)-->", re.IGNORECASE)
_ALL = "*"


def matches(finding: Finding, patterns: tuple[str, ...]) -> bool:
    return any(_matches_one(finding, pattern) for pattern in patterns)


def _matches_one(finding: Finding, pattern: str) -> bool:
    return _names(pattern, finding.rule_id, finding.stage)


def _names(pattern: str, rule_id: str, stage: str) -> bool:
    """Does `pattern` name this rule id: all, its stage, the id itself or a prefix of it?"""
    pattern = pattern.strip()
    if pattern in (_ALL, stage, rule_id):
        return True
    prefix = pattern.rstrip("/")
    return rule_id.startswith(prefix + "/") or rule_id.startswith(pattern)


def unknown_patterns(patterns: tuple[str, ...], ids: set[str], stages: tuple[str, ...]) -> list[str]:
    """The patterns that name no rule id, id prefix or stage: a typo in --select would silence everything."""
    return [
        pattern
        for pattern in patterns
        if pattern.strip() not in (_ALL, *stages) and not any(_names(pattern, rule_id, "") for rule_id in ids)
    ]


@dataclass(frozen=True)
class FindingFilter:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # pattern -> severity; the longest pattern wins
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # glob relative to `base` -> patterns
    base: Path = Path(".")

    def apply(self, path: Path, findings: tuple[Finding, ...], source_text: str) -> list[Finding]:
        """The findings lint reports for one file, with severities overridden."""
        ignored = self.ignore + self._file_ignores(path)
        suppressions = Suppressions.parse(source_text)
        kept = []
        for finding in findings:
            if self.select and not matches(finding, self.select):
                continue
            if matches(finding, ignored) or suppressions.suppresses(finding):
                continue
            kept.append(self._with_severity(finding))
        return sorted(kept, key=lambda f: (f.line, f.column, f.rule_id))

    def _file_ignores(self, path: Path) -> tuple[str, ...]:
        try:
            relative = path.resolve().relative_to(self.base).as_posix()
        except ValueError:
            relative = path.as_posix()
        patterns: tuple[str, ...] = ()
        for glob, rules in self.per_file_ignores:
            if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(path.name, glob):
                patterns += rules
        return patterns

    def _with_severity(self, finding: Finding) -> Finding:
        chosen = [(len(pattern), level) for pattern, level in self.severity if _matches_one(finding, pattern)]
        if not chosen:
            return finding
        return replace(finding, severity=max(chosen, key=lambda item: item[0])[1])


@dataclass(frozen=True)
class Suppressions:
    """`<!-- cleaner: disable RULE -->` ... `<!-- cleaner: enable RULE -->` and disable-next-line."""

    ranges: tuple[tuple[int, int, tuple[str, ...]], ...]  # first line, last line, patterns

    @classmethod
    def parse(cls, text: str) -> Suppressions:
        if "cleaner:" not in text:
            return cls(())
        ranges: list[tuple[int, int, tuple[str, ...]]] = []
        open_blocks: dict[str, int] = {}
        lines = text.splitlines()
        for number, line in enumerate(lines, start=1):
            for match in _DIRECTIVE.finditer(line):
                kind = match.group(1).lower()
                rules = tuple(r for r in re.split(r"[\s,]+", match.group(2).strip()) if r) or (_ALL,)
                if kind == "disable-next-line":
                    ranges.append((number + 1, number + 1, rules))
                elif kind == "disable":
                    for rule in rules:
                        open_blocks.setdefault(rule, number)
                else:
                    for rule in rules:
                        closing = [r for r in open_blocks if rule in (r, _ALL) or r == rule]
                        for name in closing:
                            ranges.append((open_blocks.pop(name), number, (name,)))
        ranges += [(start, len(lines) + 1, (rule,)) for rule, start in open_blocks.items()]
        return cls(tuple(ranges))

    def suppresses(self, finding: Finding) -> bool:
        return any(first <= finding.line <= last and matches(finding, rules) for first, last, rules in self.ranges)
