"""Which spelling results are certain enough to apply, and which are only reported.

A word is a candidate typo only when nothing knows it: not the word lists
(either dialect, accents or not), not the user's dictionary or the names
registry, not the article (a word it uses `article_vocabulary` times is its
vocabulary), and not English word-building (a known word with a prefix or an
ending: "demerger", "storylines"). Words that are protected (URLs, addresses,
file names, code, handles, anything with a digit), capitalised, quoted as a
word ("energie"), stretched for effect ("pleeease"), or next to another
unknown word (a foreign phrase: "laissez faire") are never judged.

A candidate typo is fixed only with evidence for one correction:

- a listed misspelling (codespell's dictionary) with one correction, which for
  short words the context must agree with; or
- one edit of a kind people make (a neighbouring key, a vowel for a vowel, a
  sound-alike consonant, a swapped, doubled, dropped or extra letter; not the
  first letter unless swapped; a weighted cost of at most `slip_cost`) to a
  word that is `min_gain` Zipf points more common, taking `min_confidence` of
  the probability once the neighbouring words are weighed; two edits only when
  the article itself uses the correction ("de-escalinate" beside "de-escalate").

A fix never changes the number of words, never drops a negation and never
drops letters from the ends of a word (two words run together are reported,
"inwhich" -> "in which"). Everything else is a finding with suggestions.
This module returns plain `Judgement`s; the stage makes findings of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import regex
from rapidfuzz.distance import OSA

from ..core import SENTENCE_BREAK, AnyMemo, Memo, guess_language
from ._embedded import (
    Candidate,
    EmbeddedEngine,
    embedded_engine,
    typing_cost,
    unrelated_swap,
)
from ._lexicon import Dialect
from ._wordforms import (
    FUNCTION_WORDS,
    PREFIXES,
    affixed,
    compound,
    deliberate_stretch,
    run_together,
)

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_]+")
_APOSTROPHE = str.maketrans({"’": "'"})
_SEPARATORS = re.compile(r"['’-]")
# Never checked: URLs, e-mail addresses, file and host names ("unittest.mock", "decuk.org"),
# handles, hashtags, inline code, anything with a digit. Bounded and possessive: linear on long tokens.
_PROTECTED = regex.compile(
    r"(?:https?://|www\.)\S{1,2000}+"
    r"|[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,8}+"
    r"|[\w-]{1,100}+(?:\.[^\W\d_][\w-]{0,99}+){1,8}+"
    r"|[@#]\w{1,100}+"
    r"|\b[^\W\d]{0,100}+\d\w{0,100}+"
)
_CODE = regex.compile(r"`[^`\n]{0,500}+`")
LONGEST_TOKEN = 200
_LONG_TOKEN = regex.compile(rf"(?<!\S)\S{{{LONGEST_TOKEN + 1},}}+")
_QUOTES = "\"'“”‘’«»"
_NEGATION = re.compile(r"n'?t$")
DIALECTS = {"en-IN": "en-GB"}
# A text is English when it uses several of the language's commonest words, or when this
# share of its lowercase words is known; otherwise nothing in it is judged.
ENGLISH_SHARE = 0.8
ENGLISH_SHARE_WITH_COMMON_WORDS = 0.6
_COMMON_TYPES = 3
_MIN_WORDS_FOR_LANGUAGE = 8
# A compound of two common words ("whole" + "scale") needs this much more gain to be called a slip.
COMPOUND_EXTRA_GAIN = 1.0


@dataclass(frozen=True)
class Thresholds:
    """The evidence a fix needs (from the rule's YAML)."""

    min_confidence: float = 0.9
    min_gain: float = 2.0
    slip_cost: float = 1.0
    max_cost: float = 2.0
    min_length: int = 3
    edit_weight: float = 2.5
    article_bonus: float = 0.5
    article_vocabulary: int = 3
    leave_listed: bool = False  # a listed misspelling this engine is not sure of is another rule's to report


@dataclass(frozen=True)
class Judgement:
    """One word of a block: the fix to apply (None: report only), what to say, what to suggest."""

    start: int
    end: int
    fix: str | None
    message: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """What the judgements of one document share: its words, dialect and what never counts as a typo."""

    words: Counter  # lowercase word (and hyphen part) -> uses
    accept: Dialect
    engine: EmbeddedEngine
    ignored: frozenset[str]
    english: bool
    fingerprint: int  # of `words`: judgements depend on the whole article's vocabulary


def study(texts: Iterable[str], dialect_option: str, ignored: frozenset[str]) -> Article:
    """Read a document's texts once: its vocabulary, whether it is English, which dialect it leans to."""
    texts = list(texts)
    words: Counter = Counter()
    plain: set[str] = set()  # lowercase words as written: what tells the language (not names, not "al-Sudani")
    for text in texts:
        for match in WORD.finditer(text):
            written = match.group(0).translate(_APOSTROPHE)
            word = written.lower()
            words[word] += 1
            if "-" in word or "'" in word:
                words.update(part for part in _SEPARATORS.split(word) if part)
            elif written.islower():
                plain.add(written)
    setting = DIALECTS.get(dialect_option, dialect_option)
    accept: Dialect
    suggest: Dialect
    if setting == "auto":
        accept, suggest = "any", article_dialect(embedded_engine("any"), plain)
    else:
        accept = suggest = cast(Dialect, setting)
    engine = embedded_engine(suggest)
    language = guess_language("\n\n".join(texts)[:8000])
    english = language == "en" or (language is None and looks_english(engine, plain))
    return Article(words, accept, engine, ignored, english, hash(frozenset(words.items())))


def article_dialect(engine: EmbeddedEngine, parts: set[str]) -> Dialect:
    """en-GB or en-US when the article's spellings lean one way, else any."""
    british = len(parts & engine.lexicon.british)
    american = len(parts & engine.lexicon.american)
    return "en-GB" if british > american else "en-US" if american > british else "any"


def looks_english(engine: EmbeddedEngine, parts: set[str]) -> bool:
    """For a text too short for its stop words to tell: English has its commonest words everywhere,
    and most of its other words are in the lists."""
    lowercase = [w for w in parts if w.islower()]
    if len(lowercase) < _MIN_WORDS_FOR_LANGUAGE:
        return True
    known = sum(engine.known(w, "any") for w in lowercase) / len(lowercase)
    common = engine.lexicon.commonest_words()
    if sum(w in common for w in lowercase) >= _COMMON_TYPES:
        return known >= ENGLISH_SHARE_WITH_COMMON_WORDS  # short English text with a typo or two
    return known >= ENGLISH_SHARE


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where the text holds URLs, addresses, file names, handles, numbers or inline code: never changed.

    A run of characters without a space longer than `LONGEST_TOKEN` (a base64 blob, minified code, a
    page of glued inline tags) is protected whole, without a search through it.
    """
    spans = []
    start = 0
    # The patterns never match a space, so one scan of the text between long tokens finds what a scan of
    # each token would, without a call per token.
    for long_token in _LONG_TOKEN.finditer(text):
        spans += [m.span() for m in _PROTECTED.finditer(text, start, long_token.start())]
        spans.append(long_token.span())
        start = long_token.end()
    spans += [m.span() for m in _PROTECTED.finditer(text, start)]
    spans += [m.span() for m in _CODE.finditer(text)]  # inline code may hold spaces
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(first <= start and end <= last for first, last in spans)


# Judged blocks, so that the pipeline's later rounds over the same article cost nothing.
_JUDGED: AnyMemo = Memo(20_000)


def judge_block(text: str, article: Article, settings: Thresholds, key: tuple) -> list[Judgement]:
    """The unknown words of one block of text, each judged."""
    return _JUDGED.get(
        (key, text, settings, article.accept, article.ignored, article.fingerprint),
        lambda: list(_judge(text, article, settings)),
    )


def _judge(text: str, article: Article, settings: Thresholds) -> Iterable[Judgement]:
    if not article.english:
        return
    matches = list(WORD.finditer(text))
    engine = article.engine
    normalized = [m.group(0).translate(_APOSTROPHE) for m in matches]
    unknown = {i for i, word in enumerate(normalized) if not engine.known(word, article.accept)}
    suspects = sorted(i for i in unknown if normalized[i].lower() not in article.ignored)  # as _suspect says
    if not suspects:
        return
    spans = protected_spans(text)
    for position in suspects:
        match = matches[position]
        word = match.group(0)
        if _inside(spans, match.start(), match.end()) or _quoted_as_a_word(text, match.start(), match.end()):
            continue
        foreign = _in_a_foreign_phrase(text, matches, position, unknown)
        previous = matches[position - 1].group(0) if position else ""
        following = matches[position + 1].group(0) if position + 1 < len(matches) else ""
        for part in _parts(word, article):
            before = _PART.findall(word[: part.start()])
            after = _PART.findall(word[part.end() :])
            prefix = word[: part.start()]
            judged = _judge_word(
                part.group(0),
                before[-1] if before else previous,
                after[0] if after else following,
                prefix,
                foreign,
                article,
                settings,
            )
            if judged is not None and (judged[0] is not None or part.group(0) == word):  # a hyphenated word's
                # parts may be no words alone ("post-mortem", "have-nots"): they are fixed when sure, never reported
                fix, message, suggestions = judged
                start = match.start() + part.start()
                yield Judgement(start, start + len(part.group(0)), fix, message, suggestions)


def _in_a_foreign_phrase(text: str, matches: list[re.Match], position: int, unknown: set[int]) -> bool:
    """Next to another word no list knows: "laissez faire", "fait accompli", "Yersinia pestis".

    An acronym before it ("BPA-free") or a name after it says nothing of the kind.
    """
    before, after = position - 1, position + 1
    if (
        before in unknown
        and _adjacent(text, matches[before], matches[position])
        and not matches[before].group(0).isupper()
    ):
        return True
    return after in unknown and _adjacent(text, matches[position], matches[after]) and matches[after].group(0).islower()


def _suspect(word: str, article: Article) -> bool:
    normalized = word.translate(_APOSTROPHE)
    return normalized.lower() not in article.ignored and not article.engine.known(normalized, article.accept)


def _adjacent(text: str, first: re.Match, second: re.Match) -> bool:
    """Two words next to each other in one phrase: nothing but spaces between them."""
    return text[first.end() : second.start()].strip(" \t") == ""


def _quoted_as_a_word(text: str, start: int, end: int) -> bool:
    """Written so on purpose: the word alone in quotes ("energie", "themeing."), an elided
    start ('orrible) or a dropped g (keepin')."""
    opening = text[start - 1 : start] if start else ""
    closing = text[end : end + 2]
    if closing[:1] in ("'", "’") and text[start:end].endswith("in"):
        return True
    if opening == "" or opening not in _QUOTES:  # ("" is in every string)
        return False
    after = closing[1:2] if closing[:1] in (".", ",", "!", "?") else closing[:1]
    return opening in "'’" or (after != "" and after in _QUOTES)


def _parts(word: str, article: Article):
    """The pieces of a word to judge: the word itself, or the unknown parts of a compound."""
    engine = article.engine
    normalized = word.translate(_APOSTROPHE)
    if "'" in normalized:
        stem = normalized.split("'")[0]
        if not stem or engine.known(stem, article.accept) or stem.lower() in article.ignored:
            return []
        if "-" not in stem:
            return [next(_PART.finditer(word))]
    pieces = list(_PART.finditer(word))
    if len(pieces) == 1 or "-" not in word:
        return pieces[:1]
    if _known_hyphenated(normalized.lower(), engine, article.accept):
        return []
    return [
        p
        for index, p in enumerate(pieces)
        if p.group(0).lower() not in article.ignored
        and not engine.known(p.group(0), article.accept)
        and not (index + 1 < len(pieces) and p.group(0).lower() in PREFIXES)  # "pre-market", "co-ordinate"
    ]


def _known_hyphenated(word: str, engine: EmbeddedEngine, accept: Dialect) -> bool:
    """A hyphenated word the lists know whole, in the plural ("have-nots", "hi-fis") or without its
    hyphens ("pre-empt", "co-ordinate")."""
    return (
        engine.known(word, accept)
        or (word.endswith("s") and engine.known(word[:-1], accept))
        or engine.known(word.replace("-", ""), accept)
    )


def _judge_word(
    word: str, previous: str, following: str, prefix: str, foreign: bool, article: Article, settings: Thresholds
) -> tuple[str | None, str, tuple[str, ...]] | None:
    """(the fix or None, the message, suggestions), or None to stay silent."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return None  # capitalised words are names far more often than typos: never judged
    lower = word.lower()
    if article.words[lower] >= settings.article_vocabulary:
        return None  # the article's own vocabulary
    engine = article.engine
    lexicon = engine.lexicon
    if engine.known(word, "any"):  # a word of the other dialect: a spelling choice, never a typo
        ranked = _rank(engine, word, previous, following, prefix, article, settings)
        if not ranked:
            return None
        variant = min(ranked, key=lambda c: (c.cost, -c.score)).word  # centre -> center, not entry
        return None, f"{word!r} is not {engine.dialect} spelling (suggestion: {variant!r})", (variant,)
    if affixed(lower, lexicon) or deliberate_stretch(lower, lexicon):
        return None
    ranked = _rank(engine, word, previous, following, prefix, article, settings)
    joined = run_together(lower, lexicon)
    best = ranked[0] if ranked else None
    gain = lexicon.zipf(best.word) - lexicon.zipf(word) if best else 0.0
    if best and not foreign and sure(word, best, gain, prefix, article, settings):
        return best.word, f"{word!r} is a typo for {best.word!r}", (best.word,)
    if foreign or compound(lower, lexicon):
        return None  # a phrase in another language, or two words made one: not for English spelling to judge
    if settings.leave_listed and lower in lexicon.misspellings():
        return None  # the list's rule reports it, with the list's corrections
    suggestions = tuple(c.word for c in ranked[:3])
    if joined:
        return None, f"{word!r} looks like two words run together (suggestion: {joined!r})", (joined,) + suggestions
    if not best or gain < 1.0:
        return None  # the word is about as common as any correction: probably a real word
    return None, f"unknown word {word!r} (suggestions: {', '.join(suggestions)})", suggestions


def _rank(
    engine: EmbeddedEngine,
    word: str,
    previous: str,
    following: str,
    prefix: str,
    article: Article,
    settings: Thresholds,
) -> list[Candidate]:
    words = article.words
    return engine.rank(
        word.lower(),
        previous,
        following,
        edit_weight=settings.edit_weight,
        article_bonus=settings.article_bonus,
        max_cost=settings.max_cost,
        in_article=lambda c: words[c] > 0 or words[(prefix + c).lower()] > 0,
    )


def sure(word: str, best: Candidate, gain: float, prefix: str, article: Article, settings: Thresholds) -> bool:
    """Is the evidence for `best` strong enough to change the word?"""
    needed = settings.min_gain + (COMPOUND_EXTRA_GAIN if compound(word.lower(), article.engine.lexicon) else 0.0)
    if len(word) < settings.min_length or best.share < settings.min_confidence or gain < needed:
        return False
    return edit_allowed(word, best.word, prefix, article, settings)


def edit_allowed(word: str, fix: str, prefix: str, article: Article, settings: Thresholds) -> bool:
    """Is `word` -> `fix` the kind of change a typo fix may make?

    One slip of a kind people make, or two when the article itself uses the fix;
    never dropping a negation, a plural's "s" or letters at either end, and never
    the first letter unless it was swapped with the second.
    """
    lower, fix = word.lower(), fix.lower()
    if _NEGATION.search(lower) and not _NEGATION.search(fix):
        return False  # "wouldnt" is never "would"
    if _drops_an_end(lower, fix):
        return False  # "inwhich" is not "which": a word would be lost
    if lower[:1] != fix[:1] and lower[:2] != fix[1::-1]:
        return False  # people rarely mistype a word's first letter, save by swapping it ("hte"): "sfoster" is a name
    cost = typing_cost(lower, fix)
    if cost <= settings.slip_cost and OSA.distance(lower, fix) == 1 and not unrelated_swap(lower, fix):
        return True  # one slip: "doxxing" is two letters from "doing", however cheap each is
    in_article = article.words[fix] > 0 or article.words[(prefix + fix).lower()] > 0
    return cost <= settings.max_cost and in_article and fix not in FUNCTION_WORDS


def _drops_an_end(word: str, fix: str) -> bool:
    """The fix is the word without two or more of its first or last letters, or without a plural's "s"."""
    if fix + "s" == word:
        return True  # "financials", "hirings": a plural the lists do not know, not a typo
    return len(word) - len(fix) >= 2 and (word.endswith(fix) or word.startswith(fix))


def listed_fix(word: str, previous: str, following: str, article: Article) -> tuple[str | None, tuple[str, ...]] | None:
    """A common misspelling's correction: (the fix or None when unsure, its corrections), or None if not listed."""
    lexicon = article.engine.lexicon
    fixes = lexicon.misspellings().get(word)
    if not fixes:
        return None
    single = [fix for fix in fixes if " " not in fix]
    if len(fixes) != 1 or len(single) != 1:
        return None, fixes  # several corrections, or one that adds a word: the writer must choose
    if len(word) >= 5:
        return fixes[0], fixes
    ranked = article.engine.rank(word, previous, following)  # a short word needs the context to agree
    agrees = not ranked or ranked[0].word == fixes[0].lower()
    return (fixes[0] if agrees else None), fixes


def judge_listed(text: str, article: Article) -> list[Judgement]:
    """Listed misspellings in one block: lowercase whole words, not protected or quoted."""
    if not article.english:
        return []
    # Judged once per text: the pipeline's later rounds see the same blocks again.
    key = (text, article.accept, article.ignored, article.engine.dialect)
    return _LISTED.get(key, lambda: _judge_listed(text, article))


_LISTED: AnyMemo = Memo(20_000)


def _judge_listed(text: str, article: Article) -> list[Judgement]:
    matches = list(WORD.finditer(text))
    spans: list[tuple[int, int]] | None = None
    judged = []
    for position, match in enumerate(matches):
        word = match.group(0)
        if word.lower() in article.ignored or not _suspect(word, article):
            continue
        opening = not word.islower() and _opens_a_sentence(text, matches, position)
        if not (word.islower() or opening):
            continue
        spans = protected_spans(text) if spans is None else spans
        if _inside(spans, match.start(), match.end()) or _quoted_as_a_word(text, match.start(), match.end()):
            continue
        previous = matches[position - 1].group(0) if position else ""
        following = matches[position + 1].group(0) if position + 1 < len(matches) else ""
        listed = listed_fix(word.translate(_APOSTROPHE).lower(), previous, following, article)
        if listed is None:
            continue
        fix, fixes = listed
        if opening:  # "Futhermore, ..." at the start of a sentence: the list's word, capitalised
            fix = fix[:1].upper() + fix[1:] if fix else None
            fixes = tuple(f[:1].upper() + f[1:] for f in fixes)
        if fix is not None:
            judged.append(
                Judgement(match.start(), match.end(), fix, f"{word!r} is a common misspelling of {fix!r}", (fix,))
            )
        else:
            judged.append(
                Judgement(
                    match.start(),
                    match.end(),
                    None,
                    f"{word!r} is a common misspelling (suggestions: {', '.join(fixes)})",
                    fixes,
                )
            )
    return judged


_SENTENCE_GAP = re.compile(SENTENCE_BREAK.pattern + r"\s+$")  # what ends a sentence, just before a word


def _opens_a_sentence(text: str, matches: list[re.Match], position: int) -> bool:
    """A capitalised word only because a sentence starts with it: "Futhermore, the...", not "Aer Lingus"
    (the next word is lowercase) and not a name in capitals."""
    word = matches[position].group(0)
    if not (word[:1].isupper() and word[1:].islower()) or "-" in word or "'" in word:
        return False
    start = matches[position].start()
    if text[:start].strip() if start < 8 else not _SENTENCE_GAP.search(text, start - 8, start):
        return False
    following = matches[position + 1].group(0) if position + 1 < len(matches) else ""
    return following.islower()


def judge_suggestion(word: str, suggestion: str, article: Article, settings: Thresholds) -> bool:
    """Is another engine's spelling suggestion (LanguageTool's) safe to apply under the same evidence?"""
    engine = article.engine
    parts, fixed_parts = _PART.findall(word), _PART.findall(suggestion)
    letters = word.replace("-", "")
    if not (letters.isalpha() and letters.islower()) or word.lower() in article.ignored:
        return False
    if len(parts) != len(fixed_parts) or not all(engine.known(p) for p in fixed_parts):
        return False
    for written, fixed in zip(parts, fixed_parts):
        if written == fixed:
            continue
        if affixed(written, engine.lexicon) or article.words[written.lower()] >= settings.article_vocabulary:
            return False
        gain = engine.lexicon.zipf(fixed) - engine.lexicon.zipf(written)
        if gain < settings.min_gain or not edit_allowed(written, fixed, "", article, settings):
            return False
    return True
