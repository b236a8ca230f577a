"""Which engine results `fix_spelling` applies, and which it only reports.

The auto-fix policy: a word is fixed only when it is lowercase, unknown to
the word lists, not protected (URL, handle, number, code, user dictionary,
names registry), at least `min_length` letters, and its best correction takes
`min_confidence` of the probability, is `min_gain` Zipf points more common
than the word as written (rare real words stay) and costs at most `max_cost`.
In a hyphenated word each part is judged on its own ("de-escalinate").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..document import Block, Document, Edit
from ..findings import Finding
from ..memo import Memo
from . import EngineUnavailable, Issue
from .embedded import EmbeddedEngine, embedded_engine
from .languagetool import languagetool_engine

if TYPE_CHECKING:
    from ..stages.fix_spelling import FixSpelling, Rule

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_]+")
_APOSTROPHE = str.maketrans({"’": "'"})
_SEPARATORS = re.compile(r"['’-]")
_DIALECTS = {"en-IN": "en-GB"}
# A text is English when it uses several of the language's commonest words, or when this
# share of its lowercase words is known; otherwise nothing in it is judged.
ENGLISH_SHARE = 0.8
ENGLISH_SHARE_WITH_COMMON_WORDS = 0.6
_COMMON_TYPES = 3
_MIN_WORDS_FOR_LANGUAGE = 8


def check_with_engine(stage: FixSpelling, rule: Rule, document: Document, blocks: list[Block], ignored: frozenset[str]) -> list[Finding]:
    try:
        if rule.engine == "languagetool":
            return _check_languagetool(stage, rule, document, blocks, ignored)
        return _check_embedded(stage, rule, document, blocks, ignored)
    except EngineUnavailable as error:
        return stage.unavailable_finding(rule, error)


def article_dialect(engine: EmbeddedEngine, parts: set[str]) -> str:
    """en-GB or en-US when the article's spellings lean one way, else any."""
    british = len(parts & engine.lexicon.british)
    american = len(parts & engine.lexicon.american)
    return "en-GB" if british > american else "en-US" if american > british else "any"


def looks_english(engine: EmbeddedEngine, parts: set[str]) -> bool:
    """English has its commonest words everywhere, and most of its other words are in the lists."""
    lowercase = [w for w in parts if w.islower()]
    if len(lowercase) < _MIN_WORDS_FOR_LANGUAGE:
        return True
    known = sum(engine.known(w, "any") for w in lowercase) / len(lowercase)
    common = engine.lexicon.commonest_words()
    if sum(w in common for w in lowercase) >= _COMMON_TYPES:
        return known >= ENGLISH_SHARE_WITH_COMMON_WORDS  # short English text with a typo or two
    return known >= ENGLISH_SHARE


def _check_embedded(stage: FixSpelling, rule: Rule, document: Document, blocks: list[Block], ignored: frozenset[str]) -> list[Finding]:
    block_words = [(index, _words_of(document.source.path, block.text)) for index, block in enumerate(blocks) if block.kind != "code"]
    words = set().union(*(found for _, found in block_words)) if block_words else set()
    parts = {part for word in words for part in _SEPARATORS.split(word) if part}
    setting = _DIALECTS.get(stage.options.dialect, stage.options.dialect)
    if setting == "auto":
        accept, suggest = "any", article_dialect(embedded_engine("any"), parts)
    else:
        accept = suggest = setting
    engine = embedded_engine(suggest)
    suspects = {w for w in words if w.lower() not in ignored and not engine.known(w.translate(_APOSTROPHE), accept)}
    if not suspects or not looks_english(engine, parts):
        return []  # nothing unknown, or another language: nothing here is an English typo
    article_words = frozenset(w.lower() for w in words | parts)
    findings: list[Finding] = []
    for index, found in block_words:
        if not found & suspects:
            continue
        block = blocks[index]
        key = (document.source.path, id(rule), block.text, accept, article_words, ignored)
        judged = _JUDGED.get(key)
        if judged is None:
            judged = _judge_block(engine, rule, block.text, list(_WORD.finditer(block.text)), suspects, accept, article_words, ignored)
            _remember(key, judged)
        edits = [Edit(start, end, fixed) for start, end, fixed, _, _ in judged if fixed]
        for start, end, fixed, message, suggestion in judged:
            issue = Issue(start, end, rule.id, "spelling", message, (suggestion,) if suggestion else ())
            findings.append(stage.engine_issue_finding(rule, block, issue, fixed, message))
        if edits:
            blocks[index] = block.with_edits(edits)
    return findings


def _words_of(path: str, text: str) -> frozenset[str]:
    return _WORDS.get((path, text), lambda: frozenset(_WORD.findall(text)))


_WORDS = Memo()

# A block judged once is not judged again while the pipeline repeats its rounds
# over the same article: (start, end, fix, message, suggestion) per word.
_JUDGED: dict[tuple, list[tuple[int, int, str | None, str, str | None]]] = {}
_JUDGED_LIMIT = 20_000


def _remember(key: tuple, judged: list) -> None:
    if len(_JUDGED) >= _JUDGED_LIMIT:
        _JUDGED.clear()
    _JUDGED[key] = judged


def _judge_block(engine: EmbeddedEngine, rule: Rule, text: str, matches, suspects: set[str], accept: str,
                 article_words: frozenset[str], ignored: frozenset[str]) -> list[tuple[int, int, str | None, str, str | None]]:
    from ..stages.fix_spelling import protected_spans

    judged = []
    spans = None
    for position, match in enumerate(matches):
        word = match.group(0)
        if word not in suspects:
            continue
        spans = protected_spans(text) if spans is None else spans
        if any(start <= match.start() and match.end() <= end for start, end in spans):
            continue
        previous = matches[position - 1].group(0) if position else ""
        following = matches[position + 1].group(0) if position + 1 < len(matches) else ""
        for part in _parts(word, engine, accept, ignored):
            before = _PART.findall(word[: part.start()])
            after = _PART.findall(word[part.end():])
            prefix = word[: part.start()]
            fixed, message, suggestion = _decide(engine, rule, part.group(0), before[-1] if before else previous,
                                                 after[0] if after else following,
                                                 lambda c: c in article_words or (prefix + c).lower() in article_words)
            if fixed or (message and rule.report):
                start = match.start() + part.start()
                judged.append((start, start + len(part.group(0)), fixed, message, suggestion))
    return judged


def _parts(word: str, engine: EmbeddedEngine, accept: str, ignored: frozenset[str]):
    """The pieces of a word to judge: the word itself, or the unknown parts of a compound."""
    normalized = word.translate(_APOSTROPHE)
    if "'" in normalized:
        stem = normalized.split("'")[0]
        if engine.known(stem, accept) or not stem:
            return []
    pieces = list(_PART.finditer(word))
    if len(pieces) == 1 or "-" not in word:
        return [pieces[0]] if pieces else []
    return [p for p in pieces if p.group(0).lower() not in ignored and not engine.known(p.group(0), accept)]


def _decide(engine: EmbeddedEngine, rule: Rule, word: str, previous: str, following: str,
            in_article) -> tuple[str | None, str, str | None]:
    """(the fix or None, the message for the finding or '' to stay silent, the suggestion or None)."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return None, "", None  # capitalised words are names far more often than typos: never judged
    ranked = engine.rank(
        word.lower(), previous, following, edit_weight=rule.edit_weight, article_bonus=rule.article_bonus,
        max_cost=rule.max_cost, in_article=in_article,
    )
    if not ranked:
        return None, "", None
    best = ranked[0]
    if engine.known(word, "any"):  # a word of the other dialect: a spelling choice, never a typo
        variant = min(ranked, key=lambda c: (c.cost, -c.score)).word  # centre -> center, not entry
        return None, f"{word!r} is not {engine.dialect} spelling (suggestion: {variant!r})", variant
    gain = engine.lexicon.zipf(best.word) - engine.lexicon.zipf(word)
    suggestions = ", ".join(c.word for c in ranked[:3])
    if gain < 1.0:  # the word is about as common as any correction: probably a real word
        return None, "", None
    sure = (
        rule.fix == "typos"
        and len(word) >= rule.min_length
        and best.share >= rule.min_confidence
        and gain >= rule.min_gain
    )
    if sure:
        return best.word, f"{word!r} is a typo for {best.word!r}", best.word
    return None, f"unknown word {word!r} (suggestions: {suggestions})", best.word


def _check_languagetool(stage: FixSpelling, rule: Rule, document: Document, blocks: list[Block], ignored: frozenset[str]) -> list[Finding]:
    setting = _DIALECTS.get(stage.options.dialect, stage.options.dialect)
    language = "en-US" if setting in ("auto", "any") else setting
    engine = languagetool_engine(language, rule.remote_server)
    embedded = embedded_engine("any")
    findings: list[Finding] = []
    for index, block in enumerate(blocks):
        if block.kind == "code" or not block.text.strip():
            continue
        edits: list[Edit] = []
        for issue in engine.check(block.text):
            if issue.rule_id in rule.ignore_rules:
                continue
            word = block.text[issue.start:issue.end]
            fixed = _languagetool_fix(rule, issue, word, embedded, ignored)
            message = f"{issue.message} [{issue.rule_id}]"
            if fixed is not None:
                edits.append(Edit(issue.start, issue.end, fixed))
            findings.append(stage.engine_issue_finding(rule, block, issue, fixed, message))
        if edits:
            blocks[index] = block.with_edits(edits)
    return findings


def _languagetool_fix(rule: Rule, issue: Issue, word: str, embedded: EmbeddedEngine, ignored: frozenset[str]) -> str | None:
    if not issue.suggestions:
        return None
    if issue.kind == "grammar":
        return issue.suggestions[0] if issue.rule_id in rule.apply_rules else None
    letters = word.replace("-", "")
    if rule.fix != "typos" or not (letters.isalpha() and letters.islower()) or word.lower() in ignored or len(word) < rule.min_length:
        return None
    suggestion = issue.suggestions[0]
    parts, fixed_parts = _PART.findall(word), _PART.findall(suggestion)
    if len(parts) != len(fixed_parts) or not all(embedded.known(p) for p in fixed_parts):
        return None
    gain = min(embedded.lexicon.zipf(b) - embedded.lexicon.zipf(a) for a, b in zip(parts, fixed_parts) if a != b)
    return suggestion if gain >= rule.min_gain else None
