"""The document model and what every layer shares: blocks, findings, errors, a memo, text statistics."""

from __future__ import annotations

from ._document import (
    Anchor,
    Block,
    BlockKind,
    Document,
    Edit,
    LineEnding,
    Mark,
    MarkKind,
    Metadata,
    SourceFormat,
    SourceInfo,
)
from ._errors import CleanerError, InputError, RuleFileError, RuleProblem, RuleTimeout
from ._findings import Finding, Severity, file_finding
from ._language import STOP_WORDS, guess_language, main_stop_words
from ._lazy import lazy_names
from ._memo import AnyMemo, ArticleMemo, Memo
from ._text import SENTENCE_BREAK, ends_sentence, is_prose, normalize_line, word_count
from ._version import VERSION, code_fingerprint, user_cache_folder

__all__ = [
    "code_fingerprint",
    "SENTENCE_BREAK",
    "STOP_WORDS",
    "ends_sentence",
    "file_finding",
    "AnyMemo",
    "ArticleMemo",
    "Anchor",
    "Block",
    "BlockKind",
    "CleanerError",
    "Document",
    "Edit",
    "Finding",
    "InputError",
    "LineEnding",
    "Mark",
    "MarkKind",
    "Memo",
    "Metadata",
    "RuleFileError",
    "RuleProblem",
    "RuleTimeout",
    "Severity",
    "SourceFormat",
    "SourceInfo",
    "VERSION",
    "guess_language",
    "main_stop_words",
    "is_prose",
    "lazy_names",
    "normalize_line",
    "user_cache_folder",
    "word_count",
]
