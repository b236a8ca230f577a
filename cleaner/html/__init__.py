"""Reading a saved page: the tree, its metadata, site selectors, the content scorer."""

from __future__ import annotations

from ._content import OUTSIDE, REASONS, BlockVerdict, ContentFinder, LinePattern
from ._model import DEFAULT_MODEL, ContentModel
from ._selectors import SelectorIndex

__all__ = [
    "BlockVerdict",
    "ContentModel",
    "DEFAULT_MODEL",
    "ContentFinder",
    "LinePattern",
    "OUTSIDE",
    "REASONS",
    "SelectorIndex",
]
