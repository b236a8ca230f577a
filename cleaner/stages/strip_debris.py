"""Remove page furniture: share rows, "Advertisement", image IDs, read-next lists.

Before: a paragraph, then the line `1549722 rubio 1`, then `READ NEXT` and
`Cancel OK` at the end of the article.
After:  the paragraphs alone; each removed line is a finding.
Never removes a line that no rule claims, and never removes anything from an
article when the rules would take more than `max_removed_share` of its words:
then it reports an error naming the rules instead.

A text copied with its page (the rules removed at least
`line_model_furniture_share` of its lines) also has the lines the rules do not
name judged by the learned line model of rule `debris/unlikely-line`
(`text/_lines.py`); inside the article it never removes more than two lines in
a row, and a headline it removes above the first paragraph becomes the title.

Whole-page text (a `.txt` copy of a page: menus, the article, teasers, footer)
is cut to its article by rule `debris/outside-article` and the line scorer in
`whole_page.py`. That cut is not held to `max_removed_share` (a page rightly
loses most of its words); the scorer only cuts what has the shape of a page,
and the guard then weighs the other rules against the article alone.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, cast

import regex

from ..core import (
    STOP_WORDS,
    ArticleMemo,
    Document,
    Finding,
    Severity,
    is_prose,
    normalize_line,
    word_count,
)
from ..rulebook import Pattern, Regex, RuleBase, compile_pattern, option
from ..text import DEFAULT_LINE_MODEL, ArticleFinder, LineModel, Vocabulary, WholePageOptions, line_features
from .base import MetadataText, Stage, StageResult

_MAX_INNER_RUN = 2  # the line model removes at most this many lines in a row inside an article
_HEADLINE_WORDS = (4, 25)  # a line the line model removes may be the title when it has this many words
_FUNCTION_WORDS = frozenset().union(*STOP_WORDS.values())
_LETTERS = regex.compile(r"\p{L}+")
_SENTENCE_BREAK = regex.compile(r"[.!?]\s+\p{Lu}")
_VOCABULARY_KEYS = ("stop_words", "furniture", "furniture_words", "caption_credit", "article_end")


@dataclass(frozen=True)
class Options:
    max_removed_share: float = option(
        0.5,
        "remove nothing when the rules would take more than this share of the words "
        "(of the article alone on a whole page)",
    )
    body_min_words: int = option(
        12, "a line with this many words that ends a sentence is article text (ends `until: body` cuts)"
    )
    line_model_furniture_share: float = option(
        0.05,
        "the line model judges only texts in which the other rules removed at least this share of the lines: "
        "the sign of a text copied with its page (an already-edited article is never cut by a guess)",
    )
    line_model_everywhere: bool = option(False, "let the line model judge every text, furniture found or not")
    whole_page: WholePageOptions = option(
        factory=WholePageOptions, doc="weights and thresholds of the line scorer that `outside_article` rules run"
    )


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    lines: tuple[str, ...] = option((), "exact lines to remove, compared ignoring case, spacing and a trailing colon")
    line_regex: Regex | None = option(None, "remove lines that this regex matches in full")
    cut_after: Regex | None = option(None, "a marker line (matched in full) that starts a run of furniture")
    learned: bool = option(False, "remove lines that repeat across many files of the same folder in one run")
    min_files: int = option(3, "learned: in at least this many files of the folder")
    min_share: float = option(0.5, "learned: and in at least this share of them")
    until: Literal["end", "block", "body"] = option(
        "body",
        "for cut_after: how far the cut goes: to the end, the end of the block, or the next line of article text",
    )
    max_words: int | None = option(None, "only remove lines with at most this many words")
    ignore_case: bool = option(True, "match regexes without regard to case")
    outside_article: bool = option(
        False, "text input that is a whole page: remove the lines outside its article, found by the line scorer"
    )
    stop_words: dict[str, tuple[str, ...]] = option(
        factory=dict, doc="outside_article: language -> stop words; their share of a line's words is evidence of prose"
    )
    furniture: Regex | None = option(
        None, "outside_article: a line this matches in full is page furniture (share, sign up, credits)"
    )
    furniture_words: tuple[str, ...] = option(
        (), "outside_article: a short line holding one of these, in any case, is furniture"
    )
    caption_credit: Regex | None = option(
        None, "outside_article: a short line in which this is found (lower-cased) is a captioned credit"
    )
    article_end: Regex | None = option(
        None, "outside_article: a line this matches in full ends the article once most of it is behind"
    )
    line_model: str | None = option(
        None,
        "text input: remove the lines no other rule names that the learned line model judges are not article "
        "text; `default` (the shipped model) or the path of a model file written by bench/train_lines.py",
    )
    min_chance: float | None = option(
        None, "line_model: remove a line whose chance of being article text is below this (null: the model's own)"
    )

    matcher_keys = ("lines", "line_regex", "cut_after", "learned", "outside_article", "line_model")

    def validate(self) -> list[tuple[str, str]]:
        problems = super().validate()
        if not self.outside_article:
            problems += [
                (key, f"'{key}' is a word list of the line scorer: only for a rule with outside_article: true")
                for key in _VOCABULARY_KEYS
                if getattr(self, key)
            ]
        if self.min_chance is not None and not self.line_model:
            problems.append(("min_chance", "'min_chance' is a threshold of the line model: only with line_model"))
        if self.min_chance is not None and not 0.0 <= self.min_chance <= 1.0:
            problems.append(("min_chance", "'min_chance' is a chance: between 0 and 1"))
        if self.line_model:
            try:
                LineModel.load(self.line_model_file())
            except (OSError, ValueError, KeyError, TypeError) as error:
                problems.append(("line_model", f"cannot read the line model: {error}"))
        return problems

    def line_model_file(self) -> Path:
        """`default`, or a model file: a relative path is taken from the folder of the rule's file."""
        assert self.line_model  # asked only of a line-model rule
        if self.line_model == "default":
            return DEFAULT_LINE_MODEL
        path = Path(self.line_model).expanduser()
        if path.is_absolute() or self.origin.path.startswith("<"):
            return path
        return Path(self.origin.path).parent / path

    def vocabulary(self) -> Vocabulary:
        def compiled(source: str | None):
            return compile_pattern(source, self.ignore_case).owned_by(self.id) if source else None

        return Vocabulary(
            stop_words=frozenset(word.lower() for words in self.stop_words.values() for word in words),
            furniture=compiled(self.furniture),
            furniture_words=tuple(word.lower() for word in self.furniture_words),
            caption_credit=compiled(self.caption_credit),
            article_end=compiled(self.article_end),
        )


def _is_headline(text: str) -> bool:
    """One clause of 4 to 25 words with a function word in it: not a tag row, a name or a caption's sentences."""
    if (
        not _HEADLINE_WORDS[0] <= word_count(text) <= _HEADLINE_WORDS[1]
        or text[-1] in ".:;,"
        or _SENTENCE_BREAK.search(text)
    ):
        return False
    return any(word.lower() in _FUNCTION_WORDS for word in _LETTERS.findall(text))


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    lines: frozenset[str]
    pattern: Pattern | None


@dataclass(frozen=True)
class _Claim:
    """One line of one block that one rule wants removed."""

    block: int
    start: int
    end: int
    rule: Rule
    index: int  # the line's number among the text's lines
    outside_article: bool = False  # a whole page's line the scorer left out
    chance: float | None = None  # of being article text, for a line the line model removes


@dataclass(frozen=True)
class LineReading:
    """A text's lines as strip_debris sees them, and what the rules and the page cut claim (no model yet)."""

    positions: list[tuple[int, int, int]]  # (block, start, end) of each line
    texts: list[str]  # each line, stripped
    owner: dict[int, Rule]  # line -> the rule that removes it
    outside: set[int]  # lines outside a whole page's article
    page_rule: Rule | None  # the rule that cut the page, if it is one


class StripDebris(Stage[Options, Rule]):
    name = "strip_debris"
    builtin_ids = ("strip_debris/content-loss-guard",)

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._compiled = tuple(
            _CompiledRule(
                rule,
                frozenset(normalize_line(line) for line in rule.lines),
                compile_pattern(source, rule.ignore_case).owned_by(rule.id)
                if (source := rule.line_regex or rule.cut_after)
                else None,
            )
            for rule in self.rules
        )
        # Lines longer than every rule's max_words can only match an exact `lines` entry.
        patterned = [c.rule for c in self._compiled if c.pattern is not None]
        self._memo = ArticleMemo()
        self._learned: dict[str, frozenset[str]] = {}  # folder -> lines this run showed are furniture
        self._longest = (
            None
            if any(r.max_words is None for r in patterned)
            else max((r.max_words for r in patterned if r.max_words is not None), default=0)
        )
        # Each outside_article rule with its word lists compiled. The last that applies to a page cuts it,
        # so a user's rule for some files (a site's own menus) wins over the default for those files.
        self._page_finders = tuple(
            (rule, ArticleFinder(options.whole_page, rule.vocabulary())) for rule in self.rules if rule.outside_article
        )

    learns_from_batch = True

    def warm(self) -> None:
        for rule in self.rules:
            if rule.line_model:
                LineModel.load(rule.line_model_file())

    def observe(self, document: Document, findings: tuple[Finding, ...] = ()) -> list | None:
        """[folder, short lines] of one cleaned file (plain data: lint caches it as JSON)."""
        rule = self._learning_rule(document)
        if rule is None:
            return None
        lines = {
            normalize_line(line)
            for block in document.blocks
            for line in block.text.split("\n")
            if line.strip() and (rule.max_words is None or word_count(line) <= rule.max_words)
        }
        return [str(Path(document.source.path).parent), sorted(lines)]

    def combine(self, observations: list) -> dict[str, frozenset[str]]:
        """Per folder, the lines that enough of its files share: furniture the rules did not know."""
        rule = next((c.rule for c in self._compiled if c.rule.learned), None)
        files: Counter = Counter()
        counts: dict[str, Counter] = {}
        for seen in observations:
            if seen is None:
                continue
            folder, lines = seen
            files[folder] += 1
            counts.setdefault(folder, Counter()).update(lines)
        learned = {}
        for folder, lines in counts.items():
            assert rule is not None  # only a learning rule observes lines
            common = {
                line
                for line, number in lines.items()
                if number >= rule.min_files and number / files[folder] >= rule.min_share
            }
            if common:
                learned[folder] = frozenset(common)
        return learned

    def affected(self, observation, knowledge: dict[str, frozenset[str]]) -> bool:
        return observation is not None and not knowledge.get(observation[0], frozenset()).isdisjoint(observation[1])

    def with_batch(self, knowledge: dict[str, frozenset[str]]) -> StripDebris:
        taught = copy.copy(self)
        taught._learned = knowledge
        taught._memo = ArticleMemo()
        return taught

    def _learning_rule(self, document: Document) -> Rule | None:
        return next((c.rule for c in self._compiled if c.rule.learned and c.rule.applies_to(document)), None)

    def read_lines(self, document: Document) -> LineReading:
        """The lines, and which of them the rules and the whole-page cut remove."""
        active = [c for c in self._compiled if c.rule.applies_to(document)]
        positions = [(b, start, end) for b, block in enumerate(document.blocks) for start, end in block.line_spans()]
        texts = [document.blocks[b].text[start:end].strip() for b, start, end in positions]
        owner = self._owners(document, active, positions, texts)
        page_rule, outside = self._outside_article(document, positions, texts)
        for index in outside:
            assert page_rule is not None  # lines are outside an article only on a page a rule cut
            if index not in owner or not self.applies(owner[index]):
                owner[index] = page_rule
        return LineReading(positions, texts, owner, outside, page_rule)

    def line_model_rule(self, document: Document) -> Rule | None:
        """The line-model rule for this text (the last that applies, so a user's own wins); none for other input."""
        if document.source.format != "text":
            return None
        return next((r for r in reversed(self.rules) if r.line_model and r.applies_to(document)), None)

    def line_chances(self, reading: LineReading, rule: Rule) -> dict[int, float]:
        """Each non-blank line's chance of being article text, by the rule's line model."""
        asked = [index for index, text in enumerate(reading.texts) if text]
        rows = line_features(
            [reading.texts[index] for index in asked],
            [reading.positions[index][0] for index in asked],
            [index in reading.owner for index in asked],
        )
        return dict(zip(asked, LineModel.load(rule.line_model_file()).chances(rows)))

    def _unlikely_lines(self, document: Document, reading: LineReading) -> tuple[Rule | None, dict[int, float]]:
        rule = self.line_model_rule(document)
        if rule is None:
            return None, {}
        lines = sum(1 for text in reading.texts if text)
        share = len(reading.owner) / lines if lines else 0.0
        scraped = bool(reading.owner) and share >= self.options.line_model_furniture_share
        if not (scraped or self.options.line_model_everywhere):
            # Only a text in which the rules found enough furniture was copied with its page: an already-edited
            # article (even one with a few date-like lines of code) is never cut by a guess.
            return None, {}
        chances = self.line_chances(reading, rule)
        threshold = rule.min_chance if rule.min_chance is not None else LineModel.load(rule.line_model_file()).threshold
        unlikely = {
            index: chance for index, chance in chances.items() if chance < threshold and index not in reading.owner
        }
        return rule, self._without_long_inner_runs(reading, unlikely)

    def _without_long_inner_runs(self, reading: LineReading, unlikely: dict[int, float]) -> dict[int, float]:
        """Between the article's first and last prose lines, debris comes a line or two at a time; a longer run
        of lines the model doubts is a list, a table or code of the article's own, and is kept."""
        lines = [i for i, text in enumerate(reading.texts) if text and i not in reading.owner]
        prose = [k for k, i in enumerate(lines) if is_prose(reading.texts[i], self.options.body_min_words)]
        if not prose:
            return unlikely
        kept = dict(unlikely)
        run: list[int] = []
        for k, index in enumerate([*lines, -1]):
            if index in unlikely:
                run.append(k)
                continue
            if len(run) > _MAX_INNER_RUN and run[0] > prose[0] and run[-1] < prose[-1]:
                for position in run:
                    del kept[lines[position]]
            run = []
        return kept

    def apply(self, document: Document) -> StageResult:
        reading = self.read_lines(document)
        positions, texts, owner, outside, page_rule = (
            reading.positions,
            reading.texts,
            reading.owner,
            reading.outside,
            reading.page_rule,
        )
        model_rule, unlikely = self._unlikely_lines(document, reading)
        if model_rule is not None:
            for index in unlikely:
                owner[index] = model_rule
        if not owner:
            return StageResult(document)
        claims = [
            _Claim(*positions[index], rule, index, index in outside, unlikely.get(index))
            for index, rule in sorted(owner.items())
        ]
        flagged = [c for c in claims if not self.applies(c.rule)]  # apply: suggest only reports the line
        dropped = [c for c in claims if self.applies(c.rule)]
        findings = [self._finding(document, c, fixable=False) for c in flagged]
        total = sum(word_count(text) for index, text in enumerate(texts) if index not in outside)

        def too_much(claims: list[_Claim]) -> tuple[list[_Claim], int, bool]:
            by_rules = [c for c in claims if not c.outside_article]
            removed = sum(word_count(document.blocks[c.block].text[c.start : c.end]) for c in by_rules)
            return by_rules, removed, bool(by_rules and total and removed / total > self.options.max_removed_share)

        by_rules, removed, over = too_much(dropped)
        if over and unlikely:
            # The model's guesses give way first: they must not stop what the rules name (and Markdown, which
            # the model never judges, would then lose those lines on a second clean).
            dropped = [c for c in dropped if c.chance is None]
            unlikely = {}
            by_rules, removed, over = too_much(dropped)
        if over:
            findings.append(self._guard_finding(document, by_rules, removed, total))
            dropped = [c for c in dropped if c.outside_article]
            if not dropped:
                return StageResult(document, tuple(findings))
        headline = self._headline(document, texts, owner, unlikely)
        findings += [self._finding(document, c, fixable=True) for c in dropped if c.index != headline]
        document, dropped_fields = self._forget_navigation_title(document, page_rule, positions, texts, outside)
        findings += dropped_fields
        if headline is not None and any(c.index == headline for c in dropped):
            document, moved = self._headline_as_title(document, owner[headline], positions[headline], texts[headline])
            findings.append(moved)
        blocks = list(document.blocks)
        by_block: dict[int, list[_Claim]] = {}
        for claim in dropped:
            by_block.setdefault(claim.block, []).append(claim)
        for index, block_claims in by_block.items():
            blocks[index] = blocks[index].without_lines({(c.start, c.end) for c in block_claims})
        return StageResult(document.with_blocks(blocks), tuple(findings))

    def _headline(self, document: Document, texts: list[str], owner: dict[int, Rule], unlikely: dict[int, float]):
        """The line the line model removes just above the article's first prose line, when it has the shape of a
        headline and the article has no title: a region copied from a page often starts with bylines, a share
        row and then the headline, so the title was not the text's first line."""
        if document.metadata.title or not unlikely:
            return None
        first_prose = next(
            (i for i, t in enumerate(texts) if t and i not in owner and is_prose(t, self.options.body_min_words)), None
        )
        for index in range(first_prose - 1 if first_prose is not None else -1, -1, -1):
            if not texts[index]:
                continue
            if index in unlikely:
                return index if _is_headline(texts[index]) and self.applies(owner[index]) else None
            if index not in owner:
                return None  # a line the article keeps lies between
        return None

    def _headline_as_title(
        self, document: Document, rule: Rule, position: tuple[int, int, int], text: str
    ) -> tuple[Document, Finding]:
        block, start, end = position
        line, column = document.blocks[block].position(start)
        title = " ".join(text.split())
        metadata = replace(
            document.metadata, title=title, origins=document.metadata.origins + (("title", line, column),)
        )
        message = f"moved to metadata: title {title!r} (the headline)"
        # As extract_metadata's moves: `lint --fix` leaves the headline in the file.
        finding = self.finding(rule, document.blocks[block], start, end, None, message, fixable=False)
        return replace(document, metadata=metadata), finding

    def _owners(self, document: Document, active: list[_CompiledRule], positions, texts: list[str]) -> dict[int, Rule]:
        """Every line some rule claims; the first rule to claim a line owns it."""
        active_key = tuple(id(c) for c in active)
        learned = self._learned.get(str(Path(document.source.path).parent), frozenset())
        owner: dict[int, Rule] = {}
        for index, text in enumerate(texts):
            if index in owner:
                continue
            first = self._memo.get(
                document.source.path, (active_key, text), lambda: self._first_match(active, text, learned)
            )
            if first is None:
                continue
            rule = active[first].rule
            if rule.cut_after:
                for covered in self._cut_extent(positions, texts, index, rule):
                    owner.setdefault(covered, rule)
            else:
                owner[index] = rule
        return owner

    def _outside_article(self, document: Document, positions, texts: list[str]) -> tuple[Rule | None, set[int]]:
        """The rule that cuts this whole page and the lines outside its article; none for any other text."""
        if document.source.format != "text":
            return None, set()
        rule, finder = next(((r, f) for r, f in reversed(self._page_finders) if r.applies_to(document)), (None, None))
        if rule is None:
            return None, set()
        assert finder is not None  # found with its rule
        lines: list[str] = []
        line_of: list[int] = []  # position index -> line of `lines`
        for index, (block, _, _) in enumerate(positions):
            if index and block != positions[index - 1][0]:
                lines.append("")  # blocks are runs of lines that blank lines separated in the input
            line_of.append(len(lines))
            lines.append(texts[index])
        verdict = finder.find(lines)
        if not verdict.is_whole_page:
            return None, set()
        return rule, {index for index, line in enumerate(line_of) if not verdict.keep[line] and texts[index]}

    def _forget_navigation_title(
        self, document: Document, rule: Rule | None, positions, texts: list[str], outside: set[int]
    ) -> tuple[Document, list[Finding]]:
        """A title or section label taken from above a page's article was a menu line ("Skip to main content")."""
        kept = [index for index, text in enumerate(texts) if text and index not in outside]
        if rule is None or not kept:
            return document, []
        block, start, _ = positions[kept[0]]
        article_line = document.blocks[block].position(start)[0]
        metadata = document.metadata
        wrong = [
            (name, line, column)
            for name, line, column in metadata.origins
            if name in ("title", "section") and line < article_line and getattr(metadata, name)
        ]
        if not wrong:
            return document, []
        findings = [
            self.file_finding(
                rule,
                f"removed the {name} taken from the page's navigation",
                start=(line, column),
                end=(line, column + len(getattr(metadata, name))),
                before=getattr(metadata, name),
                after=None,
            )
            for name, line, column in wrong
        ]
        names = {name for name, _, _ in wrong}
        metadata = replace(
            metadata,
            **cast(MetadataText, {name: None for name in names}),
            origins=tuple(origin for origin in metadata.origins if origin[0] not in names),
        )
        return replace(document, metadata=metadata), findings

    def _first_match(self, active: list[_CompiledRule], text: str, learned: frozenset[str]) -> int | None:
        """Index of the first active rule that claims this line (a cut marker or a furniture line)."""
        normalized = normalize_line(text)
        if normalized in learned:
            first_learning = next((i for i, c in enumerate(active) if c.rule.learned), None)
            if first_learning is not None:
                return first_learning
        if self._longest is not None and text.count(" ") >= self._longest:
            return next((i for i, c in enumerate(active) if normalized in c.lines), None)
        words = word_count(text)
        for i, compiled in enumerate(active):
            if compiled.rule.max_words is not None and words > compiled.rule.max_words:
                continue
            if normalized in compiled.lines:
                return i
            if compiled.pattern is not None and compiled.pattern.fullmatch(text):
                return i
        return None

    def _cut_extent(self, positions, texts: list[str], marker: int, rule: Rule) -> list[int]:
        """The marker line and the lines its cut covers."""
        covered = [marker]
        for index in range(marker + 1, len(positions)):
            if rule.until == "block" and positions[index][0] != positions[marker][0]:
                break
            if rule.until == "body" and is_prose(texts[index], self.options.body_min_words):
                break
            covered.append(index)
        return covered

    def _finding(self, document: Document, claim: _Claim, fixable: bool) -> Finding:
        verb, rule = "removed" if fixable else "found", claim.rule
        severity = None
        if rule.outside_article:
            message = f"{verb} a line outside the article of this page"
        elif claim.chance is not None:
            message = f"{verb} a line the line model gives a {claim.chance:.0%} chance of being article text"
        elif rule.learned:
            message = f"{verb} a line that repeats across the files of this folder"
        else:
            message = f"{verb} page furniture: {rule.description or rule.id}"
            severity = None if fixable else (rule.severity or Severity.WARNING)
        block = document.blocks[claim.block]
        return self.finding(rule, block, claim.start, claim.end, None, message, fixable=fixable, severity=severity)

    def _guard_finding(self, document: Document, dropped: list[_Claim], removed: int, total: int) -> Finding:
        rule_ids = sorted({claim.rule.id for claim in dropped})
        first = dropped[0]
        block = document.blocks[first.block]
        return self.file_finding(
            "strip_debris/content-loss-guard",
            f"nothing removed by rules {', '.join(rule_ids)}: they would remove {removed} of {total} words "
            f"({removed / total:.0%}, more than max_removed_share {self.options.max_removed_share:.0%})",
            start=block.position(first.start),
            severity=Severity.ERROR,
        )
