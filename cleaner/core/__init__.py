"""The document model and what every layer shares: blocks, findings, errors, a memo, text statistics."""
from __future__ import annotations

from ._document import Anchor, Block, Document, Edit, Mark, Metadata, SourceInfo
from ._errors import CleanerError, InputError, RuleFileError, RuleProblem, RuleTimeout
from ._findings import Finding, Severity
from ._language import guess_language
from ._memo import Memo
from ._text import is_prose, normalize_line, word_count
from ._version import VERSION

__all__ = ["Anchor", "Block", "CleanerError", "Document", "Edit", "Finding", "InputError", "Mark", "Memo", "Metadata", "RuleFileError", "RuleProblem", "RuleTimeout", "Severity", "SourceInfo", "VERSION", "guess_language", "is_prose", "normalize_line", "word_count"]
