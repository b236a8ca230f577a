"""Plain-text analysis a stage leans on: the whole-page scorer, the line model, CommonMark escaping."""

from __future__ import annotations

from ._commonmark import DOCUMENT_PARSER, PARSER, inline_text, parse_inline
from ._lines import DEFAULT_LINE_MODEL, LineModel, line_feature_names, line_features
from ._whole_page import ArticleFinder, Vocabulary, WholePageOptions

__all__ = [
    "ArticleFinder",
    "DEFAULT_LINE_MODEL",
    "LineModel",
    "DOCUMENT_PARSER",
    "PARSER",
    "Vocabulary",
    "WholePageOptions",
    "line_feature_names",
    "line_features",
    "inline_text",
    "parse_inline",
]
