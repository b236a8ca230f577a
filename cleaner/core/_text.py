"""Small measures of a line of text shared by stages that tell furniture from prose."""
from __future__ import annotations

import re

import regex

# Chinese and Japanese write without spaces: each character counts as a word,
# so length limits mean the same for "商標権侵害" as for a sentence in English.
_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}]+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_prose(text: str, min_words: int) -> bool:
    """A line long enough and finished like a sentence: article text, not furniture."""
    return word_count(text) >= min_words and ends_sentence(text)


def normalize_line(text: str) -> str:
    """Case- and space-insensitive form of a line; trailing colons, dots and bars ignored."""
    return _SPACES.sub(" ", text).strip().rstrip(":.…|").strip().casefold()
