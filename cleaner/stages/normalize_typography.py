"""Make spacing, quotes and dashes consistent without changing a word.

Before: `Senator representing Yobe North , Ahmad Lawan , on Tuesday`
After:  `Senator representing Yobe North, Ahmad Lawan, on Tuesday`
Quotes and dashes follow the `quotes` and `dashes` options; by default the
article keeps the style most of it already uses and the rest is brought in
line. Never touches letters, digits or the order of words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..core import ArticleMemo, Document, Edit, Finding
from ..rulebook import Pattern, Regex, RuleBase, compile_pattern, option
from .base import Stage, StageResult

Style = Literal["curly_quotes", "straight_quotes", "unicode_dashes", "ascii_dashes"]

_CURLY = "“”‘’"
_STRAIGHT = "\"'"


@dataclass(frozen=True)
class Options:
    quotes: Literal["consistent", "curly", "straight", "keep"] = option(
        "consistent", "consistent: the style most quotes in the article use; keep: change nothing"
    )
    dashes: Literal["consistent", "unicode", "ascii", "keep"] = option(
        "consistent", "consistent: `--` becomes — only when the article already uses —"
    )


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    regex: Regex | None = option(None, "text to replace wherever this regex matches")
    replace: str = option("", "replacement, with \\1 or \\g<name> for groups")
    style: Style | None = option(None, "run only when the article's quotes or dashes are being set to this style")
    blank_lines: bool = option(False, "report runs of more than one blank line between blocks")

    matcher_keys = ("regex", "blank_lines")


class NormalizeTypography(Stage[Options, Rule]):
    name = "normalize_typography"

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._patterns: dict[str, Pattern] = {
            rule.id: compile_pattern(rule.regex).owned_by(rule.id) for rule in self.rules if rule.regex
        }
        self._memo = ArticleMemo()

    def apply(self, document: Document) -> StageResult:
        styles = self._styles(document)
        findings: list[Finding] = []
        blocks = list(document.blocks)
        for rule in self.rules_for(document):
            if rule.blank_lines:
                findings += self._blank_line_findings(rule, document)
                continue
            if rule.style and rule.style not in styles:
                continue
            for index, block in enumerate(blocks):
                if block.kind == "code":
                    continue
                edits = self._memo.get(
                    document.source.path, (rule.id, block.text), lambda: self._edits(rule, block.text)
                )
                findings += self.edit_findings(rule, block, edits, self._message(rule))
                if edits and self.applies(rule):  # apply: suggest only reports what would change
                    blocks[index] = block.with_edits(edits)
        return StageResult(document.with_blocks(blocks), tuple(findings))

    def _edits(self, rule: Rule, text: str) -> list[Edit]:
        pattern = self._patterns[rule.id]
        edits = []
        for match in pattern.finditer(text):
            replacement = match.expand(rule.replace)
            if replacement != match.group(0):
                edits.append(Edit(match.start(), match.end(), replacement))
        return edits

    def _styles(self, document: Document) -> set[str]:
        """Which style rules run for this article, from the options and what it already uses."""
        text = document.body_text()
        styles = set()
        quotes = self.options.quotes
        if quotes == "consistent":
            curly = sum(text.count(c) for c in _CURLY)
            straight = sum(text.count(c) for c in _STRAIGHT)
            quotes = "curly" if curly > straight else "straight" if straight > curly else "keep"
        if quotes != "keep":
            styles.add(f"{quotes}_quotes")
        dashes = self.options.dashes
        if dashes == "consistent":
            dashes = "unicode" if "—" in text or "–" in text else "keep"
        if dashes != "keep":
            styles.add(f"{dashes}_dashes")
        return styles

    def _blank_line_findings(self, rule: Rule, document: Document) -> list[Finding]:
        """One finding per run of surplus blank lines in the input, as an edit that removes them."""
        return [
            self.file_finding(
                rule,
                f"{surplus + 1} blank lines between paragraphs; one is enough",
                start=(first, 1),
                end=(first + surplus, 1),
                before="\n" * surplus,
                after=None,
                fixable=self.applies(rule),
            )
            for first, surplus in document.source.blank_runs
        ]

    def _message(self, rule: Rule) -> str:
        return rule.description or "typography"
