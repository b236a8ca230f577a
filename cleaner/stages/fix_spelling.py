"""Fix typos that are almost certainly typos; report the rest with suggestions.

Before: `“The US President wants to see the confrontation de-escalinate as quickly as possible,”`
After:  `... the confrontation de-escalate as quickly as possible,”` (the article says
        "de-escalate" three more times, and the edit is one dropped and one changed letter).
Never touches a capitalised word, a name in the registry or the user dictionary,
a URL, a file name, a handle, a number or code, or the metadata; a grammar
finding (such as a sentence starting with "but") is only reported unless a
rule says `apply: auto`. What counts as "almost certainly" is in `engines/policy.py`.
"""

from __future__ import annotations

import copy
import re
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Literal

from ..core import AnyMemo, Block, Document, Edit, Finding, Memo, Severity
from ..rulebook import Pattern, Regex, RuleBase, compile_pattern, option
from ..spelling import EngineUnavailable
from .base import Stage, StageResult

# Words as the stage sees them: letters with inner apostrophes and hyphens.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TRANSFORMS = {"capitalize": lambda s: s[:1].upper() + s[1:], "lower": str.lower, "upper": str.upper}


@dataclass(frozen=True)
class Options:
    dialect: Literal["auto", "any", "en-US", "en-GB", "en-IN"] = option(
        "auto", "auto: accept any English spelling and suggest in the article's own dialect; en-IN follows en-GB"
    )
    dictionary: tuple[str, ...] = option((), "words never to flag (rule files add to this list)", extend=True)


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    substitutions: dict[str, str] = option(
        factory=dict, doc="known misspelling -> correct word; whole words, case kept"
    )
    misspellings: Literal["codespell"] | None = option(
        None, "a maintained list of common misspellings (codespell's dictionary) to fix or report"
    )
    engine: Literal["embedded", "languagetool"] | None = option(None, "check every word with this engine")
    regex: Regex | None = option(None, "a grammar or style pattern to report")
    message: str = option("", "for `regex`: what is wrong")
    transform: Literal["capitalize", "lower", "upper"] | None = option(
        None, "for `regex`: the suggestion is the match transformed so"
    )
    min_confidence: float = option(0.9, "engine: the best candidate's least share of the probability for a fix")
    min_gain: float = option(2.0, "engine: how much more common (Zipf) the fix must be than the word as written")
    slip_cost: float = option(
        1.0, "engine: the largest weighted edit cost of a fix the article does not confirm (one slip)"
    )
    max_cost: float = option(
        2.0,
        "engine: the largest weighted edit cost of any candidate (a fix above `slip_cost` needs the article to use it)",
    )
    min_length: int = option(3, "engine: the shortest word that is fixed")
    edit_weight: float = option(2.5, "engine: how much each unit of edit cost lowers a candidate's score")
    article_bonus: float = option(0.5, "engine: score bonus for a candidate the article itself uses")
    article_vocabulary: int = option(
        3, "engine: a word the article uses this many times is its own vocabulary, never a typo"
    )
    batch_vocabulary: int = option(
        3, "engine: a word this many files of one run use is the run's vocabulary, never a typo (0: off)"
    )
    report: bool = option(True, "engine: report unknown words it does not fix, with suggestions")
    remote_server: str = option(
        "", "languagetool: server URL (else CLEANER_LANGUAGETOOL_SERVER, else one installed here)"
    )
    timeout: float = option(30.0, "languagetool: seconds every request for one file may take together")
    apply_rules: tuple[str, ...] = option((), "languagetool: grammar rule ids whose suggestion is applied")
    ignore_rules: tuple[str, ...] = option((), "languagetool: rule ids never reported")

    matcher_keys = ("substitutions", "misspellings", "engine", "regex")


class FixSpelling(Stage[Options, Rule]):
    name = "fix_spelling"
    default_severity = Severity.ERROR
    entries_from = "normalize_names"  # names in the registry are never "corrected"

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._patterns: dict[str, Pattern] = {
            rule.id: compile_pattern(rule.regex).owned_by(rule.id) for rule in self.rules if rule.regex
        }
        self._substitutions = {
            rule.id: {wrong.lower(): right for wrong, right in rule.substitutions.items()}
            for rule in self.rules
            if rule.substitutions
        }
        self._protected_words = frozenset(w.lower() for w in options.dictionary) | frozenset(
            token.lower()
            for entry in entries
            for form in getattr(entry, "all_forms", ())
            for token in _WORD.findall(form)
        )
        self._unavailable: set[str] = set()  # engines already reported unreachable in this process
        self._studied: AnyMemo = Memo(200)  # each rule of the stage reads the same article

    # Batch learning: an unknown word that several files of a run use is the run's own vocabulary
    # (a product, a team's jargon), however much it looks like a slip of a commoner word.
    learns_from_batch = True

    def observe(self, document: Document, findings: tuple[Finding, ...] = ()) -> dict[str, list[str]] | None:
        engines = {rule.id for rule in self.rules if rule.engine and rule.batch_vocabulary}
        judged = [f for f in findings if f.rule_id in engines and f.before.isalpha()]
        if not judged:
            return None
        return {
            "seen": sorted({f.before.lower() for f in judged}),
            "fixed": sorted({f.before.lower() for f in judged if f.fixable}),
        }

    def combine(self, observations: list) -> list[str]:
        minimum = min(
            (rule.batch_vocabulary for rule in self.rules if rule.engine and rule.batch_vocabulary), default=0
        )
        files = Counter(word for seen in observations if seen for word in seen["seen"])
        return sorted(word for word, count in files.items() if minimum and count >= minimum)

    def affected(self, observation, knowledge: list[str]) -> bool:
        return bool(observation) and not set(observation["fixed"]).isdisjoint(knowledge)

    def with_batch(self, knowledge: list[str]) -> FixSpelling:
        taught = copy.copy(self)
        taught._protected_words = self._protected_words | frozenset(knowledge)
        taught._studied = Memo(200)
        return taught

    def warm(self) -> None:
        if any(rule.engine == "embedded" or rule.misspellings for rule in self.rules):
            from ..spelling import lexicon

            words = lexicon()
            words.misspellings()
            words.vocabulary()
            words.commonest_words()
            words.zipf("the")  # word frequencies: read here, shared by every forked worker

    @classmethod
    def default_apply(cls, rule: RuleBase) -> str:
        return "suggest" if getattr(rule, "regex", None) else "auto"

    def apply(self, document: Document) -> StageResult:
        findings: list[Finding] = []
        blocks = list(document.blocks)
        ignored = self._protected_words  # the same set object for every file: memo keys hold it, not copies of it
        if document.source.ignore_words:
            ignored = ignored | frozenset(w.lower() for w in document.source.ignore_words)
        provisional = False  # an engine could not be asked: this result must not be remembered as final
        for rule in self.rules_for(document):
            if rule.engine or rule.misspellings:
                from ..spelling import (
                    _policy as policy,  # loads the engines only when a rule needs them
                )

                try:
                    findings += self._judged(rule, document, blocks, ignored, policy)
                except EngineUnavailable as error:
                    findings += self._unavailable_finding(rule, error)
                    provisional = True
                continue
            for index, block in enumerate(blocks):
                if block.kind == "code":
                    continue
                edits, block_findings = self._rule_edits(rule, block, ignored)
                findings += block_findings
                if edits:
                    blocks[index] = block.with_edits(edits)
        return StageResult(document.with_blocks(blocks), tuple(findings), provisional=provisional)

    def _judged(
        self, rule: Rule, document: Document, blocks: list[Block], ignored: frozenset[str], policy
    ) -> list[Finding]:
        """The engine's or the list's judgements on every block, as edits and findings."""
        texts = tuple(block.text for block in blocks if block.kind != "code")
        article = self._studied.get(
            (document.source.path, texts, ignored), lambda: policy.study(texts, self.options.dialect, ignored)
        )
        listed = any(other.misspellings for other in self.rules_for(document))
        settings = replace(self._thresholds(rule, policy), leave_listed=listed)
        findings: list[Finding] = []
        started = time.monotonic()
        for index, block in enumerate(blocks):
            if block.kind == "code":
                continue
            if rule.misspellings:
                judged = policy.judge_listed(block.text, article)
            elif rule.engine == "languagetool":
                judged = self._languagetool(rule, block.text, article, settings, policy, started)
            else:
                judged = policy.judge_block(block.text, article, settings, (document.source.path, rule.id))
            edits = []
            for judgement in judged:
                fix = judgement.fix if self.applies(rule) else None
                if fix is not None:
                    edits.append(Edit(judgement.start, judgement.end, fix))
                    findings.append(self.finding(rule, block, judgement.start, judgement.end, fix, judgement.message))
                elif rule.report or judgement.fix is not None:
                    findings.append(
                        self._suggestion(
                            rule, block, judgement.start, judgement.end, judgement.suggestions, judgement.message
                        )
                    )
            if edits:
                blocks[index] = block.with_edits(edits)
        return findings

    @staticmethod
    def _thresholds(rule: Rule, policy):
        return policy.Thresholds(
            min_confidence=rule.min_confidence,
            min_gain=rule.min_gain,
            slip_cost=rule.slip_cost,
            max_cost=rule.max_cost,
            min_length=rule.min_length,
            edit_weight=rule.edit_weight,
            article_bonus=rule.article_bonus,
            article_vocabulary=rule.article_vocabulary,
        )

    def _languagetool(self, rule: Rule, text: str, article, settings, policy, started: float) -> list:
        from ..spelling import languagetool_engine

        setting = policy.DIALECTS.get(self.options.dialect, self.options.dialect)
        engine = languagetool_engine("en-US" if setting in ("auto", "any") else setting, rule.remote_server)
        judged = []
        for issue in engine.check(text, started, rule.timeout) if text.strip() else []:
            if issue.rule_id in rule.ignore_rules:
                continue
            word = text[issue.start : issue.end]
            fix = None
            if issue.suggestions and issue.kind == "grammar" and issue.rule_id in rule.apply_rules:
                fix = issue.suggestions[0]
            elif issue.suggestions and issue.kind == "spelling" and len(word) >= rule.min_length:
                fix = (
                    issue.suggestions[0]
                    if policy.judge_suggestion(word, issue.suggestions[0], article, settings)
                    else None
                )
            judged.append(
                policy.Judgement(issue.start, issue.end, fix, f"{issue.message} [{issue.rule_id}]", issue.suggestions)
            )
        return judged

    def _rule_edits(self, rule: Rule, block: Block, ignored: frozenset[str]) -> tuple[list[Edit], list[Finding]]:
        edits, findings = [], []
        if rule.substitutions:
            from ..spelling import protected_spans

            table = self._substitutions[rule.id]
            spans = None
            for match in _WORD.finditer(block.text):
                word = match.group(0)
                right = table.get(word.lower())
                if right is None or word.lower() in ignored:
                    continue
                spans = protected_spans(block.text) if spans is None else spans
                if any(first <= match.start() and match.end() <= last for first, last in spans):
                    continue
                fixed = keep_case(word, right)
                if fixed == word:
                    continue
                message = f"{word!r} is a known misspelling of {fixed!r}"
                if self.applies(rule):
                    edits.append(Edit(match.start(), match.end(), fixed))
                    findings.append(self.finding(rule, block, match.start(), match.end(), fixed, message))
                else:
                    findings.append(self._suggestion(rule, block, match.start(), match.end(), (fixed,), message))
        else:
            for match in self._patterns[rule.id].finditer(block.text):
                suggestion = _TRANSFORMS[rule.transform](match.group(0)) if rule.transform else ""
                message = rule.message or rule.description or "grammar"
                if suggestion:
                    message += f" (suggestion: {suggestion!r})"
                if self.applies(rule) and suggestion and suggestion != match.group(0):
                    edits.append(Edit(match.start(), match.end(), suggestion))
                    findings.append(self.finding(rule, block, match.start(), match.end(), suggestion, message))
                else:
                    findings.append(
                        self._suggestion(
                            rule, block, match.start(), match.end(), (suggestion,) if suggestion else (), message
                        )
                    )
        return edits, findings

    def _suggestion(
        self, rule: Rule, block: Block, start: int, end: int, suggestions: tuple[str, ...], message: str
    ) -> Finding:
        """A report-only finding: its "after" is the first suggestion, or the text as it is."""
        after = suggestions[0] if suggestions else block.text[start:end]
        return self.finding(
            rule,
            block,
            start,
            end,
            after,
            message,
            fixable=False,
            severity=rule.severity or Severity.WARNING,
            suggestions=tuple(suggestions),
        )

    def _unavailable_finding(self, rule: Rule, error: EngineUnavailable) -> list[Finding]:
        """Say once per process that an engine cannot be reached; the rest of the pipeline goes on."""
        if rule.id in self._unavailable:
            return []
        self._unavailable.add(rule.id)
        first = Block.from_lines("paragraph", [("", 1, 1)])
        return [
            self.finding(
                rule, first, 0, 0, "", f"{error}; this rule is skipped", fixable=False, severity=Severity.WARNING
            )
        ]


def keep_case(original: str, replacement: str) -> str:
    """`replacement` in the case pattern of `original`: all caps, capitalised or as given."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
