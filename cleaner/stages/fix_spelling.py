"""Fix typos that are almost certainly typos; report the rest with suggestions.

Before: `“The US President wants to see the confrontation de-escalinate as quickly as possible,”`
After:  `... the confrontation de-escalate as quickly as possible,”` (the article says
        "de-escalate" three more times, and the edit is one dropped and one changed letter).
Never touches a capitalised word, a name in the registry or the user dictionary,
a URL, a handle, a number or code, or the metadata; a grammar finding (such as
a sentence starting with "but") is only reported unless a rule says to apply it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..document import Block, Document, Edit
from ..engines import EngineUnavailable, Issue
from ..findings import Finding, Severity
from ..patterns import Pattern, compile_pattern
from ..schema import Regex, option
from .base import RuleBase, Stage, StageResult

# Words as the stage sees them: letters with inner apostrophes and hyphens.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Stretches never checked: URLs, e-mail addresses, handles, hashtags, code.
_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[@#]\w+|`[^`]*`|\b\w*\d\w*\b")
_LOWERCASE_WORD = re.compile(r"[a-z]+")
_TRANSFORMS = {"capitalize": lambda s: s[:1].upper() + s[1:], "lower": str.lower, "upper": str.upper}


@dataclass(frozen=True)
class Options:
    dialect: Literal["auto", "any", "en-US", "en-GB", "en-IN"] = option(
        "auto", "auto: accept any English spelling and suggest in the article's own dialect; en-IN follows en-GB"
    )
    dictionary: tuple[str, ...] = option((), "words never to flag (rule files add to this list)", extend=True)


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    substitutions: dict[str, str] = option(factory=dict, doc="known misspelling -> correct word; whole words, case kept")
    engine: Literal["embedded", "languagetool"] | None = option(None, "check every word with this engine")
    regex: Regex | None = option(None, "a grammar or style pattern to report")
    message: str = option("", "for `regex`: what is wrong")
    transform: Literal["capitalize", "lower", "upper"] | None = option(None, "for `regex`: the suggestion is the match transformed so")
    apply: bool = option(False, "apply the suggestions of this rule (regex) or of `apply_rules` (engine) instead of only reporting")
    fix: Literal["typos", "none"] = option("typos", "engine: fix almost-certain typos (typos) or only report (none)")
    min_confidence: float = option(0.95, "engine: the best candidate's least share of the probability for a fix")
    min_gain: float = option(2.0, "engine: how much more common (Zipf) the fix must be than the word as written")
    max_cost: float = option(2.0, "engine: the largest weighted edit distance of a fix")
    min_length: int = option(3, "engine: the shortest word that is fixed")
    edit_weight: float = option(2.5, "engine: how much each unit of edit cost lowers a candidate's score")
    article_bonus: float = option(0.5, "engine: score bonus for a candidate the article itself uses")
    report: bool = option(True, "engine: report unknown words it does not fix, with suggestions")
    remote_server: str = option("", "languagetool: server URL (else CLEANER_LANGUAGETOOL_SERVER, else a local server)")
    apply_rules: tuple[str, ...] = option((), "languagetool: grammar rule ids whose suggestion is applied")
    ignore_rules: tuple[str, ...] = option((), "languagetool: rule ids never reported")

    matcher_keys = ("substitutions", "engine", "regex")


class FixSpelling(Stage):
    name = "fix_spelling"
    Options = Options
    Rule = Rule
    default_severity = Severity.ERROR
    entries_from = "normalize_names"  # names in the registry are never "corrected"

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._patterns: dict[str, Pattern] = {
            rule.id: compile_pattern(rule.regex).owned_by(rule.id) for rule in self.rules if rule.regex
        }
        self._substitutions = {
            rule.id: {wrong.lower(): right for wrong, right in rule.substitutions.items()}
            for rule in self.rules if rule.substitutions
        }
        self._protected_words = frozenset(w.lower() for w in options.dictionary) | frozenset(
            token.lower() for entry in entries for form in getattr(entry, "all_forms", ()) for token in _WORD.findall(form)
        )
        self._unavailable: set[str] = set()  # engines already reported unreachable in this process

    def apply(self, document: Document) -> StageResult:
        findings: list[Finding] = []
        blocks = list(document.blocks)
        ignored = self._protected_words | frozenset(w.lower() for w in document.source.ignore_words)
        for rule in self.rules_for(document):
            if rule.engine:
                from ..engines.policy import check_with_engine  # loads the engines only when a rule needs them

                findings += check_with_engine(self, rule, document, blocks, ignored)
                continue
            for index, block in enumerate(blocks):
                if block.kind == "code":
                    continue
                edits, block_findings = self._rule_edits(rule, block, ignored)
                findings += block_findings
                if edits:
                    blocks[index] = block.with_edits(edits)
        return StageResult(document.with_blocks(blocks), tuple(findings))

    def _rule_edits(self, rule: Rule, block: Block, ignored: frozenset[str]) -> tuple[list[Edit], list[Finding]]:
        edits, findings = [], []
        if rule.substitutions:
            table = self._substitutions[rule.id]
            for match in _WORD.finditer(block.text):
                word = match.group(0)
                right = table.get(word.lower())
                if right is None or word.lower() in ignored or protected(block.text, match.start(), match.end()):
                    continue
                fixed = keep_case(word, right)
                if fixed != word:
                    edits.append(Edit(match.start(), match.end(), fixed))
                    findings.append(self.finding(rule, block, match.start(), match.end(), fixed, f"{word!r} is a known misspelling of {fixed!r}"))
        else:
            for match in self._patterns[rule.id].finditer(block.text):
                suggestion = _TRANSFORMS[rule.transform](match.group(0)) if rule.transform else ""
                message = rule.message or rule.description or "grammar"
                if suggestion:
                    message += f" (suggestion: {suggestion!r})"
                if rule.apply and suggestion and suggestion != match.group(0):
                    edits.append(Edit(match.start(), match.end(), suggestion))
                    findings.append(self.finding(rule, block, match.start(), match.end(), suggestion, message))
                else:
                    findings.append(self.finding(rule, block, match.start(), match.end(), suggestion or match.group(0),
                                                 message, fixable=False, severity=rule.severity or Severity.WARNING))
        return edits, findings

    def engine_issue_finding(self, rule: Rule, block: Block, issue: Issue, fixed: str | None, message: str) -> Finding:
        if fixed is not None:
            return self.finding(rule, block, issue.start, issue.end, fixed, message)
        # A report-only finding shows the suggestion as its "after"; with none, the text stays.
        suggestion = issue.suggestions[0] if issue.suggestions else block.text[issue.start:issue.end]
        return self.finding(rule, block, issue.start, issue.end, suggestion, message, fixable=False,
                            severity=rule.severity or Severity.WARNING)

    def unavailable_finding(self, rule: Rule, error: EngineUnavailable) -> list[Finding]:
        """Say once per process that an engine cannot be reached; the rest of the pipeline goes on."""
        if rule.id in self._unavailable:
            return []
        self._unavailable.add(rule.id)
        first = Block.from_lines("paragraph", [("", 1, 1)])
        return [self.finding(rule, first, 0, 0, "", f"{error}; this rule is skipped", fixable=False, severity=Severity.WARNING)]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where the text holds URLs, addresses, handles, numbers or inline code: never changed."""
    return [match.span() for match in _PROTECTED.finditer(text)]


def protected(text: str, start: int, end: int) -> bool:
    return any(first <= start and end <= last for first, last in protected_spans(text))


def keep_case(original: str, replacement: str) -> str:
    """`replacement` in the case pattern of `original`: all caps, capitalised or as given."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
