"""Small measures of a line of text shared by stages that tell furniture from prose."""

from __future__ import annotations

import re

import regex

# Chinese and Japanese write without spaces: each character counts as a word,
# so length limits mean the same for "商標権侵害" as for a sentence in English.
_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}]+")
_SPACES = re.compile(r"\s+")

# The one definition of where a sentence ends: one of these marks, then any closing
# quotes or brackets. Callers that judge a line may add marks that end it too (":"
# for a line that introduces what follows).
SENTENCE_MARKS = ".!?…。！？"
CLOSING_MARKS = "\"'”’»)]」』"
_ENDS: dict[str, re.Pattern[str]] = {}


def sentence_end(also: str = "") -> re.Pattern[str]:
    """A pattern for a sentence end (marks, plus `also`) at the end of a text."""
    pattern = _ENDS.get(also)
    if pattern is None:
        marks, closing = re.escape(SENTENCE_MARKS + also), re.escape(CLOSING_MARKS)
        pattern = _ENDS[also] = re.compile(f"[{marks}][{closing}]*$")
    return pattern


# Inside a text: where one sentence stops and another may start.
SENTENCE_BREAK = re.compile(f"[{re.escape(SENTENCE_MARKS)}][{re.escape(CLOSING_MARKS)}]*(?=\\s|$)")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def ends_sentence(text: str, also: str = "") -> bool:
    """Does the text (trailing space aside) end like a sentence?"""
    return bool(sentence_end(also).search(text.rstrip()))


def is_prose(text: str, min_words: int) -> bool:
    """A line long enough and finished like a sentence: article text, not furniture."""
    return word_count(text) >= min_words and ends_sentence(text)


def normalize_line(text: str) -> str:
    """Case- and space-insensitive form of a line; trailing colons, dots and bars ignored."""
    return _SPACES.sub(" ", text).strip().rstrip(":.…|").strip().casefold()
