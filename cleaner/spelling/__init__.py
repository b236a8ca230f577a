"""Spelling and grammar engines behind `fix_spelling`, loaded lazily and once per process.

The engines' modules are imported on first use of a name, so a command that only
reads rules (`cleaner rules list`) does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._embedded import embedded_engine, typing_cost
    from ._engine import EngineUnavailable
    from ._languagetool import languagetool_engine
    from ._lexicon import lexicon
    from ._policy import protected_spans

_HOMES = {
    "EngineUnavailable": "._engine",
    "embedded_engine": "._embedded",
    "typing_cost": "._embedded",
    "languagetool_engine": "._languagetool",
    "lexicon": "._lexicon",
    "protected_spans": "._policy",
}
__all__ = ["EngineUnavailable", "embedded_engine", "languagetool_engine", "lexicon", "protected_spans", "typing_cost"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name], __name__), name)
