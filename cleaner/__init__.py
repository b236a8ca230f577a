"""cleaner: turn scraped news articles into clean Markdown, with a finding for every change.

The names below are loaded on first use, so that `cleaner --help` does not import
every stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core import VERSION

if TYPE_CHECKING:
    from ._api import Result, clean_text
    from .pipeline import Settings, load_pipeline

__all__ = ["Result", "Settings", "clean_text", "load_pipeline"]
__version__ = VERSION

_LAZY = {"Result": "._api", "clean_text": "._api", "Settings": ".pipeline", "load_pipeline": ".pipeline"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name], __name__), name)
