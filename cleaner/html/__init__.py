"""Reading a saved page: the tree, its metadata, site selectors, the content scorer."""

from __future__ import annotations

from ._content import OUTSIDE, REASONS, ContentFinder, LinePattern
from ._selectors import SelectorIndex

__all__ = ["ContentFinder", "LinePattern", "OUTSIDE", "REASONS", "SelectorIndex"]
