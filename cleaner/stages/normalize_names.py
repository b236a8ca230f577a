"""Spell people's and places' names one way: the names registry's.

Before: `“... as quickly as possible,” Karoline Levitt, a spokesman for Donald Trump`
After:  `... Karoline Leavitt, a spokesman for Donald Trump` (a listed variant).
Three steps, each a rule: exact variants from the registry; near misses (a full
name whose given name matches an entry and whose surname is a slip of it, or the
reverse); and consistency (one article spelling the same name two ways).
Never changes a form that is itself a registry name or a known different person,
a surname alone, or a name that another name-like word runs into ("Hamza
Shahbaz Sharif" is not "Shahbaz Sharif").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import regex

from ..document import Block, Document, Edit
from ..findings import Finding, Severity
from ..memo import Memo
from ..registry import NameIndex, RegistryEntry, check_entries, fold, name_parts, slip_cost, squash
from ..schema import option
from .base import RuleBase, Stage, StageResult

# Runs of capitalised words (with initials, particles and hyphenated prefixes) that may be names.
_NAME_RUN = regex.compile(
    r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:al|el|ad|an|as|ash|at|az)-\p{Lu}[\p{L}\p{M}'’-]*)"
    r"(?:[ \t]+(?:(?:bin|bint|ibn|abu|al|el|de|da|del|della|der|di|dos|du|la|le|van|von|y|of|the|and|for)[ \t]+)*"
    r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:al|el|ad|an|as|ash|at|az)-\p{Lu}[\p{L}\p{M}'’-]*))*"
)
_TOKEN = regex.compile(r"\S+")
_POSSESSIVE = regex.compile(r"(?:['’]s|['’])$")
_JOINERS = frozenset({"and", "of", "the", "for"})
_PARTICLES = _JOINERS | frozenset(
    {"bin", "bint", "ibn", "abu", "al", "el", "de", "da", "del", "della", "der", "di", "dos", "du", "la", "le", "van", "von", "y"}
)
_ABBREVIATIONS = frozenset({"jr", "sr", "st", "dr", "mr", "mrs", "ms", "gen", "col", "lt", "sgt"})


@dataclass(frozen=True)
class Options:
    titles: tuple[str, ...] = option(
        (), "words that may stand before a name without being part of it (President, Army, Chief...)", extend=True
    )


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    step: Literal["variants", "near_misses", "consistency"] | None = option(None, "which matching step this rule is")
    max_cost: dict[int, float] = option(
        factory=lambda: {1: 0.0, 3: 0.5, 4: 1.25, 8: 2.0},
        doc="near_misses: word length -> the largest slip (doubled or swapped letter, vowel: 0.5-0.75, other edit: 1) allowed from that length",
    )
    one_word_max_cost: dict[int, float] = option(
        factory=lambda: {1: 0.0, 5: 0.75, 6: 1.0, 8: 2.0},
        doc="near_misses: the same for one-word places and organisations, which nothing else confirms",
    )
    fix: bool = option(True, "apply the correction (consistency: fix to the majority form when there is no registry form)")

    matcher_keys = ("step",)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


class NormalizeNames(Stage):
    name = "normalize_names"
    Options = Options
    Rule = Rule
    Section = ("registry", RegistryEntry)
    default_severity = Severity.ERROR

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple[RegistryEntry, ...] = ()) -> None:
        super().__init__(options, rules, entries)
        self.index = NameIndex(entries)
        self._titles = frozenset(fold(title) for title in options.titles)
        self._judged_words: dict[tuple[str, bool], bool] = {}
        self._memo = Memo()

    @classmethod
    def entry_key(cls, entry: RegistryEntry) -> str:
        return fold(entry.name)

    @classmethod
    def check_entries(cls, entries: tuple) -> list[tuple[object, str]]:
        return check_entries(entries)

    def apply(self, document: Document) -> StageResult:
        findings: list[Finding] = []
        blocks = list(document.blocks)
        rules = {rule.step: rule for rule in self.rules_for(document)}
        if "variants" in rules or "near_misses" in rules:
            steps = tuple(sorted((step, id(rule)) for step, rule in rules.items()))
            for index, block in enumerate(blocks):
                matches = self._memo.get(
                    (document.source.path, steps, block.text), lambda: self._registry_matches(block.text, rules)
                )
                edits, block_findings = self._registry_edits(block, matches)
                findings += block_findings
                if edits:
                    blocks[index] = block.with_edits(edits)
        if "consistency" in rules:
            blocks, more = self._consistency(document.source.path, blocks, rules["consistency"])
            findings += more
        return StageResult(document.with_blocks(blocks), tuple(findings))

    def _registry_matches(self, text: str, rules: dict) -> list:
        return [
            match for run in _NAME_RUN.finditer(text) for match in self._run_matches(run, rules) if match[2] != match[0].text
        ]

    def _registry_edits(self, block: Block, matches: list) -> tuple[list[Edit], list[Finding]]:
        edits, findings = [], []
        for span, entry, form, rule, how in matches:
            message = f"{how} {span.text!r} -> {form!r} ({entry.name}, {entry.role or entry.kind})"
            findings.append(self.finding(rule, block, span.start, span.end, form, message, fixable=rule.fix))
            if rule.fix:
                edits.append(Edit(span.start, span.end, form))
        return edits, findings

    def _run_matches(self, run, rules: dict):
        tokens = [_Span(run.start() + m.start(), run.start() + m.end(), m.group(0)) for m in _TOKEN.finditer(run.group(0))]
        words = [fold(_bare(t.text)) for t in tokens]  # compared forms; spans are built only on a hit
        near_place = [self.index.could_be_place(word) for word in words]
        index = self.index
        taken: set[int] = set()
        for length in range(min(len(tokens), 6), 0, -1):
            for first in range(0, len(tokens) - length + 1):
                last = first + length - 1
                if tokens[first].text in _PARTICLES or tokens[last].text in _PARTICLES:
                    continue  # a name neither starts nor ends with "of", "and" or "bin"
                positions = set(range(first, last + 1))
                if positions & taken:
                    continue
                folded = " ".join(words[first:last + 1])
                if folded in index.distinct:
                    taken |= positions  # a known other person is never touched
                    continue
                if folded in index.correct:
                    taken |= positions  # a correct name is never touched...
                    span = self._span(tokens[first:last + 1])
                    accented = self._accents(span, folded)
                    if accented is not None and "variants" in rules:  # ...unless its accents are wrong
                        yield span, index.correct[folded], accented, rules["variants"], "accents of"
                    continue
                entry = index.variants.get(folded)
                spaced = index.squashed.get(folded.replace(" ", "").replace("-", "")) if length >= 2 else None
                person = length >= 2 and (" ".join(words[first:last]) in index.by_given or words[last] in index.by_surname)
                if not (entry or spaced or person or any(near_place[first:last + 1])):
                    continue  # the dictionary look-ups above are cheap; the tests below are not
                if not self._stands_alone(tokens, first, last + 1):
                    continue
                span = self._span(tokens[first:last + 1])
                if entry is not None and "variants" in rules:
                    taken |= positions
                    yield span, entry, index.closest_form(entry, span.text), rules["variants"], "known variant"
                    continue
                if spaced is not None and "variants" in rules:
                    taken |= positions
                    yield span, spaced[1], spaced[0], rules["variants"], "spacing or hyphens of"
                    continue
                if "near_misses" in rules:
                    rest = tokens[:first] + tokens[last + 1:]
                    whole_run = all(self._is_title_or_word(t.text, function_words_only=True) for t in rest)
                    match = self._near_miss(span.text, length, whole_run, rules["near_misses"])
                    if match is not None:
                        taken |= positions
                        yield span, match.entry, match.form, rules["near_misses"], "near miss"

    def _accents(self, span: _Span, folded: str) -> str | None:
        """The registry's spelling when the written one has accents, but not the registry's ("Vučič")."""
        if span.text.isascii():
            return None  # "Erdogan", "Vucic": an ASCII spelling is a house style, not an error
        forms = [f for f in self.index.correct[folded].correct_forms if fold(f) == folded]
        if span.text in forms:
            return None
        accented = [f for f in forms if not f.isascii()]
        return accented[0] if accented else None

    def _near_miss(self, written: str, length: int, whole_run: bool, rule: Rule):
        """A slip of a registry person (full names only) or place; never a real word or a commoner spelling.

        A place must be the whole run of capitalised words: "Doja" in "Doja Cat" is not "Doha".
        """
        limit = self._limit(rule.max_cost)
        match = self.index.near_miss(written, limit) if length >= 2 else None
        if match is None and whole_run:
            match = self.index.place_miss(written, limit, self._limit(rule.one_word_max_cost))
            slips = [a for a, b in zip(written.split(), match.form.split()) if fold(a) != fold(b)] if match else []
            if match and any(_lexicon().known(word.strip(".,")) for word in slips):
                return None  # "Heath" or "Right" is a word: not a slip of "Health" or "Rights"
        if match is None or not self._not_commoner(written, match.form):
            return None
        return match

    @staticmethod
    def _span(tokens: list[_Span]) -> _Span:
        """The tokens as one span, without a possessive or a sentence's full stop."""
        start, end = tokens[0].start, tokens[-1].end
        text = " ".join(t.text for t in tokens)
        last = tokens[-1].text
        possessive = _POSSESSIVE.search(last)
        if possessive:
            drop = len(possessive.group(0))
        elif last.endswith(".") and len(last) > 3 and last[:-1].lower() not in _ABBREVIATIONS:
            drop = 1  # "Munir." ends a sentence; "Jr." and "S." keep their stop
        else:
            drop = 0
        return _Span(start, end - drop, text[: len(text) - drop])

    def _stands_alone(self, tokens: list[_Span], first: int, end: int) -> bool:
        """Not glued to another name-like word: only titles and common words may stand next to it."""
        neighbours = ([tokens[first - 1]] if first else []) + ([tokens[end]] if end < len(tokens) else [])
        return all(self._is_title_or_word(token.text) for token in neighbours)

    def _is_title_or_word(self, word: str, function_words_only: bool = False) -> bool:
        """A title ("Chief"), a registry place ("London"), a common word ("then"), not part of a name.

        With `function_words_only`, only titles, registry forms and words like "The"
        count: "Cat" in "Doja Cat" is a common word but part of a name.
        """
        key = (word, function_words_only)
        if key not in self._judged_words:
            self._judged_words[key] = self._judge_word(word, function_words_only)
        return self._judged_words[key]

    def _judge_word(self, word: str, function_words_only: bool) -> bool:
        bare = _POSSESSIVE.sub("", word).strip(".,;:")
        if fold(bare) in self._titles or fold(bare) in self.index.correct:
            return True
        if function_words_only:
            return bare.lower() in _lexicon().commonest_words(100)
        parts = [part for part in bare.split("-") if part]
        return bool(parts) and all(fold(part) in self._titles or _common_word(part.lower()) for part in parts)

    @staticmethod
    def _limit(table: dict[int, float]):
        """Word -> the largest slip cost allowed for a word of its length."""
        steps = sorted(table.items())

        def limit(word: str) -> float:
            allowed = 0.0
            for length, cost in steps:
                if len(word) >= length:
                    allowed = cost
            return allowed
        return limit

    @staticmethod
    def _not_commoner(written: str, form: str) -> bool:
        """A much commoner spelling is a name of its own: "Caroline" is not a slip of "Karoline"."""
        words = _lexicon()
        pairs = [(a, b) for a, b in zip(written.split(), form.split()) if fold(a) != fold(b)]
        return all(words.zipf(a) < words.zipf(b) + COMMONER_BY for a, b in pairs)

    def _consistency(self, path: str, blocks: list[Block], rule: Rule) -> tuple[list[Block], list[Finding]]:
        """Two spellings of one full name in one article: report, and fix to the commoner if asked."""
        seen: dict[str, list[tuple[int, _Span]]] = {}
        for index, block in enumerate(blocks):
            names = self._memo.get(("full names", path, block.text), lambda: list(self._full_names(block.text)))
            for name in names:
                seen.setdefault(name.text, []).append((index, name))
        counts = Counter({form: len(places) for form, places in seen.items()})
        groups: dict[str, list[str]] = {}  # forms sharing their given names, or their surname
        for form in counts:
            parts = name_parts(form)
            if parts:
                groups.setdefault("g:" + fold(parts[0]), []).append(form)
                groups.setdefault("s:" + fold(parts[1]), []).append(form)
        findings, edits_by_block = [], {}
        for form in counts:
            parts = name_parts(form)
            if not parts:
                continue
            related = Counter({o: counts[o] for key in ("g:" + fold(parts[0]), "s:" + fold(parts[1])) for o in groups[key]})
            twin = self._same_name(form, related, self._limit(rule.max_cost))
            if twin is None:
                continue
            for index, span in seen[form]:
                message = f"{form!r} is spelt {twin!r} elsewhere in the article"
                findings.append(self.finding(rule, blocks[index], span.start, span.end, twin, message, fixable=rule.fix,
                                             severity=rule.severity or Severity.WARNING))
                if rule.fix:
                    edits_by_block.setdefault(index, []).append(Edit(span.start, span.end, twin))
        for index, edits in edits_by_block.items():
            blocks[index] = blocks[index].with_edits(edits)
        return blocks, findings

    def _full_names(self, text: str):
        """Names of two to four words: runs split at "and", "of", "the", "for", without titles around them."""
        for run in _NAME_RUN.finditer(text):
            tokens = [_Span(run.start() + m.start(), run.start() + m.end(), m.group(0)) for m in _TOKEN.finditer(run.group(0))]
            group: list[_Span] = []
            for token in tokens + [None]:
                if token is not None and token.text not in _JOINERS:
                    group.append(token)
                    continue
                while group and self._is_title_or_word(group[0].text, function_words_only=True):
                    group.pop(0)
                while group and self._is_title_or_word(group[-1].text, function_words_only=True):
                    group.pop()
                if 2 <= len(group) <= 4:
                    yield self._span(group)
                group = []

    def _same_name(self, form: str, counts: Counter, limit) -> str | None:
        """The commoner spelling of the same full name, when this one is the rarer of two."""
        parts = name_parts(form)
        if not parts or fold(form) in self.index.correct:
            return None
        for other, number in counts.most_common():
            other_parts = name_parts(other)
            if other == form or not other_parts or number < counts[form] or (number == counts[form] and other > form):
                continue
            same_given = fold(parts[0]) == fold(other_parts[0])
            same_surname = fold(parts[1]) == fold(other_parts[1])
            if same_given and not same_surname and slip_cost(fold(parts[1]), fold(other_parts[1])) <= limit(other_parts[1]):
                return other
            if same_surname and not same_given and slip_cost(fold(parts[0]), fold(other_parts[0])) <= limit(other_parts[0]):
                return other
        return None


# How much more common (Zipf) a written spelling must be than the registry's to count as another name.
COMMONER_BY = 1.5


def _bare(word: str) -> str:
    """A word without a possessive or a trailing full stop or comma."""
    return _POSSESSIVE.sub("", word).rstrip(".,;:") or word


def _lexicon():
    from ..engines.lexicon import lexicon  # loaded on first use, once per process

    return lexicon()


def _common_word(word: str) -> bool:
    """An English word in lowercase that is common enough not to be someone's name."""
    words = _lexicon()
    return (word in words.common or word in words.american or word in words.british) and words.zipf(word) >= 3.0
