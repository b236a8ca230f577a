"""Plain-text analysis a stage leans on: the whole-page scorer, CommonMark escaping."""

from __future__ import annotations

from ._commonmark import DOCUMENT_PARSER, PARSER, inline_text, parse_inline
from ._whole_page import ArticleFinder, Vocabulary, WholePageOptions

__all__ = [
    "ArticleFinder",
    "DOCUMENT_PARSER",
    "PARSER",
    "Vocabulary",
    "WholePageOptions",
    "inline_text",
    "parse_inline",
]
