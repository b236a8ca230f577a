"""Spell people's and places' names one way: the names registry's.

Before: `“... as quickly as possible,” Karoline Levitt, a spokesman for Donald Trump`
After:  `... Karoline Leavitt, a spokesman for Donald Trump` (a listed variant).
Three steps, each a rule: exact variants from the registry; near misses (a full
name whose given name matches an entry and whose surname is a slip of it, or the
reverse); and consistency (one article spelling the same name two ways).
Only a listed variant or a person's full name is changed: a slip onto a place or
an organisation ("Yugansk" is one letter from "Lugansk") is only reported.
Never changes a form that is itself a registry name or a known different person,
a surname alone, a name that another name-like word runs into ("Hamza
Shahbaz Sharif" is not "Shahbaz Sharif"), a plural ("Princes William and
Harry"), an all-capitals dateline ("COLUMBIA, S.C."), or a word in a sentence
that is not in English ("Dafür gibt es ...").
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import regex

from ..core import SENTENCE_BREAK, ArticleMemo, Block, Document, Edit, Finding, Memo, Severity
from ..names import (
    NameIndex,
    RegistryEntry,
    check_entries,
    fold,
    name_parts,
    one_word_slip,
    without_gaps,
)
from ..rulebook import RuleBase, option
from .base import Stage, StageResult

# Runs of capitalised words (with initials, particles and hyphenated prefixes) that may be names.
_NAME_RUN = regex.compile(
    r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:al|el|ad|an|as|ash|at|az)-\p{Lu}[\p{L}\p{M}'’-]*)"
    r"(?:[ \t]+(?:(?:bin|bint|ibn|abu|al|el|de|da|del|della|der|di|dos|du|la|le|van|von|y|of|the|and|for)[ \t]+)*"
    r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:al|el|ad|an|as|ash|at|az)-\p{Lu}[\p{L}\p{M}'’-]*))*"
)
_TOKEN = regex.compile(r"\S+")
_POSSESSIVE = regex.compile(r"(?:['’]s|['’])$")
_JOINERS = frozenset({"and", "of", "the", "for"})
# Words that start sentences and join names without being part of them ("The", "In", "After").
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor so yet of in on at to for from by with without about after before since until "
    "when while as if then than that this these those there here it its he she they we you i his her their our "
    "my your said says also both either neither not no yes all any each every some many most more".split()
)
_PARTICLES = _JOINERS | frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "abu",
        "al",
        "el",
        "de",
        "da",
        "del",
        "della",
        "der",
        "di",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "y",
    }
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
        doc="near_misses: word length -> the largest slip (doubled or swapped letter, vowel: 0.5-0.75, "
        "other edit: 1) allowed from that length",
    )
    one_word_max_cost: dict[int, float] = option(
        factory=lambda: {1: 0.0, 5: 0.75, 6: 1.0, 8: 2.0},
        doc="near_misses: the same for one-word places and organisations, which nothing else confirms",
    )
    matcher_keys = ("step",)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


class NormalizeNames(Stage[Options, Rule]):
    name = "normalize_names"
    Section = ("registry", RegistryEntry)
    default_severity = Severity.ERROR

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple[RegistryEntry, ...] = ()) -> None:
        super().__init__(options, rules, entries)
        self.index = NameIndex(entries)
        self._titles = frozenset(fold(title) for title in options.titles)
        self._judged_words: Memo[tuple[str, bool], bool] = Memo()
        self._memo = ArticleMemo()
        self._batch_counts: Counter = Counter()  # full names across the whole run, when it was observed
        self._batch_groups: dict[str, dict[str, int]] = {}
        # The last run's names, grouped once, and each name's verdict: has it a twin written more often?
        self._grouped: tuple[Counter | None, dict[str, list[str]], dict[str, bool]] = (None, {}, {})

    learns_from_batch = True

    def observe(self, document: Document, findings: tuple[Finding, ...] = ()) -> Counter:
        """How often each full name is written, in one file (for consistency across a run)."""
        if not any(rule.step == "consistency" for rule in self.rules):
            return Counter()
        path = document.source.path
        return Counter(
            name.text
            for block in document.blocks
            for name in self._memo.get(path, ("full names", block.text), lambda: list(self._full_names(block.text)))
        )

    def affected(self, observation: Counter, knowledge: Counter) -> bool:
        """A name here has a twin elsewhere in the run that is written more often."""
        rule = next((r for r in self.rules if r.step == "consistency"), None)
        if rule is None or not observation:
            return False
        if self._grouped[0] is not knowledge:
            self._grouped = (knowledge, _group_names(knowledge), {})
        _, groups, verdicts = self._grouped
        limit = self._limit(rule.max_cost)
        for form in observation:
            # The same names recur across a run's files: each is judged once against the run's knowledge.
            verdict = verdicts.get(form)
            if verdict is None:
                verdict = verdicts[form] = self._has_twin(form, knowledge, groups, limit)
            if verdict:
                return True
        return False

    def _has_twin(
        self, form: str, knowledge: Counter, groups: dict[str, list[str]], limit: Callable[[str], float]
    ) -> bool:
        parts = name_parts(form)
        if not parts:
            return False
        related = Counter(
            {o: knowledge[o] for key in ("g:" + fold(parts[0]), "s:" + fold(parts[1])) for o in groups.get(key, ())}
        )
        return self._same_name(form, related, limit) is not None

    def combine(self, observations: list) -> Counter:
        total: Counter = Counter()
        for seen in observations:
            total.update(seen)
        return total

    def with_batch(self, knowledge: Counter) -> NormalizeNames:
        taught = copy.copy(self)
        taught._batch_counts = knowledge
        taught._batch_groups = {
            key: {form: knowledge[form] for form in forms} for key, forms in _group_names(knowledge).items()
        }
        taught._memo = ArticleMemo()
        return taught

    @classmethod
    def entry_key(cls, entry: RegistryEntry) -> str:
        return fold(entry.name)

    @classmethod
    def check_entries(cls, entries: tuple[RegistryEntry, ...]) -> list[tuple[RegistryEntry, str]]:
        return check_entries(entries)

    def apply(self, document: Document) -> StageResult:
        findings: list[Finding] = []
        blocks = list(document.blocks)
        rules = {rule.step: rule for rule in self.rules_for(document)}
        if "variants" in rules or "near_misses" in rules:
            steps = tuple(sorted((step, id(rule)) for step, rule in rules.items()))
            for index, block in enumerate(blocks):
                matches = self._memo.get(
                    document.source.path, (steps, block.text), lambda: self._registry_matches(block.text, rules)
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
            match
            for run in _NAME_RUN.finditer(text)
            for match in self._run_matches(run, rules, text)
            if match[2] != match[0].text
        ]

    def _registry_edits(self, block: Block, matches: list) -> tuple[list[Edit], list[Finding]]:
        edits, findings = [], []
        for span, entry, form, rule, how in matches:
            message = f"{how} {span.text!r} -> {form!r} ({entry.name}, {entry.role or entry.kind})"
            # A slip onto a place or organisation has nothing to confirm it (no given name): reported only.
            if self.applies(rule) and how != _PLACE_MISS:
                findings.append(self.finding(rule, block, span.start, span.end, form, message))
                edits.append(Edit(span.start, span.end, form))
            else:
                findings.append(
                    self.finding(
                        rule,
                        block,
                        span.start,
                        span.end,
                        form,
                        message,
                        fixable=False,
                        severity=rule.severity or Severity.WARNING,
                        suggestions=(form,),
                    )
                )
        return edits, findings

    def _run_matches(self, run, rules: dict, text: str):
        tokens = [
            _Span(run.start() + m.start(), run.start() + m.end(), m.group(0)) for m in _TOKEN.finditer(run.group(0))
        ]
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
                folded = " ".join(words[first : last + 1])
                if folded in index.distinct:
                    taken |= positions  # a known other person is never touched
                    continue
                if folded in index.correct:
                    taken |= positions  # a correct name is never touched...
                    span = self._span(tokens[first : last + 1])
                    accented = self._accents(span, folded)
                    if accented is not None and "variants" in rules:  # ...unless its accents are wrong
                        yield span, index.correct[folded], accented, rules["variants"], "accents of"
                    continue
                entry = index.variants.get(folded)
                spaced = index.squashed.get(without_gaps(folded)) if length >= 2 else None
                person = length >= 2 and (
                    " ".join(words[first:last]) in index.by_given or words[last] in index.by_surname
                )
                if not (entry or spaced or person or any(near_place[first : last + 1])):
                    continue  # the dictionary look-ups above are cheap; the tests below are not
                if not self._stands_alone(tokens, first, last + 1):
                    continue
                span = self._span(tokens[first : last + 1])
                if entry is not None and "variants" in rules:
                    taken |= positions
                    yield span, entry, index.closest_form(entry, span.text), rules["variants"], "known variant"
                    continue
                if spaced is not None and "variants" in rules:
                    taken |= positions
                    yield span, spaced[1], spaced[0], rules["variants"], "spacing or hyphens of"
                    continue
                if "near_misses" in rules and not span.text.isupper():
                    rest = tokens[:first] + tokens[last + 1 :]
                    whole_run = all(self._is_title_or_word(t.text, function_words_only=True) for t in rest)
                    match = self._near_miss(span.text, length, whole_run, rules["near_misses"])
                    if match is not None and _english_around(text, span):
                        taken |= positions
                        how = "near miss" if match.entry.kind == "person" and length >= 2 else _PLACE_MISS
                        yield span, match.entry, match.form, rules["near_misses"], how

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
        if any(_plural_of(fold(a), fold(b)) for a, b in zip(written.split(), match.form.split())):
            return None  # "Princes William and Harry" are two princes, not a slip of "Prince William"
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
        return self._judged_words.get(key, lambda: self._judge_word(word, function_words_only))

    def _judge_word(self, word: str, function_words_only: bool) -> bool:
        bare = _POSSESSIVE.sub("", word).strip(".,;:")
        if fold(bare) in self._titles or fold(bare) in self.index.correct:
            return True
        if function_words_only:
            return bare.lower() in _FUNCTION_WORDS
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
            names = self._memo.get(path, ("full names", block.text), lambda: list(self._full_names(block.text)))
            for name in names:
                seen.setdefault(name.text, []).append((index, name))
        # Across a run the majority is the run's; alone, the article's own.
        local = Counter({form: len(places) for form, places in seen.items()})
        groups = _group_names(local)
        findings: list[Finding] = []
        edits_by_block: dict[int, list[Edit]] = {}
        for form in seen:
            parts = name_parts(form)
            if not parts:
                continue
            keys = ("g:" + fold(parts[0]), "s:" + fold(parts[1]))
            related = Counter({o: local[o] for key in keys for o in groups.get(key, ())})
            for key in keys:
                related.update({o: n for o, n in self._batch_groups.get(key, {}).items() if o not in local})
            for other in related:
                related[other] = max(related[other], self._batch_counts.get(other, 0))
            twin = self._same_name(form, related, self._limit(rule.max_cost))
            if twin is None:
                continue
            for index, span in seen[form]:
                message = (
                    f"{form!r} is spelt {twin!r} elsewhere in {'this run' if self._batch_counts else 'the article'}"
                )
                fix = self.applies(rule)
                findings.append(
                    self.finding(
                        rule,
                        blocks[index],
                        span.start,
                        span.end,
                        twin,
                        message,
                        fixable=fix,
                        severity=rule.severity or Severity.WARNING,
                        suggestions=(twin,),
                    )
                )
                if fix:
                    edits_by_block.setdefault(index, []).append(Edit(span.start, span.end, twin))
        for index, edits in edits_by_block.items():
            blocks[index] = blocks[index].with_edits(edits)
        return blocks, findings

    def _full_names(self, text: str):
        """Names of two to four words: runs split at "and", "of", "the", "for" and sentence ends."""
        for run in _NAME_RUN.finditer(text):
            group: list[_Span] = []
            for match in _TOKEN.finditer(run.group(0)):
                token = _Span(run.start() + match.start(), run.start() + match.end(), match.group(0))
                if token.text in _JOINERS:
                    yield from self._trimmed(group)
                    group = []
                    continue
                group.append(token)
                if token.text.endswith(".") and len(token.text) > 3:  # "Islam." ends a sentence
                    yield from self._trimmed(group)
                    group = []
            yield from self._trimmed(group)

    def _trimmed(self, group: list[_Span]):
        """The name in a group of words, without titles and function words around it."""
        while group and self._is_title_or_word(group[0].text, function_words_only=True):
            group = group[1:]
        while group and self._is_title_or_word(group[-1].text, function_words_only=True):
            group = group[:-1]
        if 2 <= len(group) <= 4:
            yield self._span(group)

    def _same_name(self, form: str, counts: Counter, limit) -> str | None:
        """The commoner spelling of the same full name, when this one is the rarer of two.

        Only a slip in one word of a name in Latin letters, and never a plural, a
        possessive or a full stop: "South Korean" is not "South Korea".
        """
        if not _PERSON_LIKE.match(form) or fold(form) in self.index.correct:
            return None
        words = fold(form).split()
        for other, number in counts.most_common():
            if other == form or number < counts[form] or (number == counts[form] and other > form):
                continue
            other_words = fold(other).split()
            if not one_word_slip(words, other_words, limit):
                continue
            a, b = next((a, b) for a, b in zip(words, other_words) if a != b)
            if _inflected(a, b) or _letters(a) == _letters(b):
                continue  # a plural, a possessive, a full stop: the same word
            return other
        return None


_PLACE_MISS = "near miss (a place or organisation; not changed)"
_LOWER_WORD = regex.compile(r"\b\p{Ll}+\b")


def _english_around(text: str, span: _Span) -> bool:
    """Is the sentence holding `span` in English? A German "Dafür" is not a slip of "Darfur"."""
    starts = [m.end() for m in SENTENCE_BREAK.finditer(text, 0, span.start)]
    start = starts[-1] if starts else 0
    end_match = SENTENCE_BREAK.search(text, span.end)
    sentence = text[start : end_match.start() if end_match else len(text)]
    return _lexicon().reads_as_english(_LOWER_WORD.findall(sentence))


_PERSON_LIKE = regex.compile(r"^[\p{Latin}][\p{Latin}\p{M}'’.-]*(?: [\p{Latin}][\p{Latin}\p{M}'’.-]*){1,3}$")


def _letters(word: str) -> str:
    return "".join(c for c in word if c.isalpha())


def _inflected(a: str, b: str) -> bool:
    """One is the other plus an ending: a plural, a possessive, an adjective ("Korea", "Korean")."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in ("s", "es", "'s", "’s", "n", "an", "ian", "i")


def _plural_of(written: str, registry: str) -> bool:
    return written != registry and written in (registry + "s", registry + "es")


# How much more common (Zipf) a written spelling must be than the registry's to count as another name.
COMMONER_BY = 1.5


def _group_names(counts: Counter) -> dict[str, list[str]]:
    """Full names by their given names ("g:...") and by their surname ("s:...")."""
    groups: dict[str, list[str]] = {}
    for form in counts:
        parts = name_parts(form)
        if parts:
            groups.setdefault("g:" + fold(parts[0]), []).append(form)
            groups.setdefault("s:" + fold(parts[1]), []).append(form)
    return groups


def _bare(word: str) -> str:
    """A word without a possessive or a trailing full stop or comma."""
    return _POSSESSIVE.sub("", word).rstrip(".,;:") or word


def _lexicon():
    from ..spelling import lexicon  # loaded on first use, once per process

    return lexicon()


def _common_word(word: str) -> bool:
    """An English word in lowercase that is common enough not to be someone's name."""
    words = _lexicon()
    return word in words.words and words.zipf(word) >= 3.0
