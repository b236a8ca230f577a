"""Spelling and grammar engines behind `fix_spelling`, loaded lazily and once per process."""

from __future__ import annotations

from ._embedded import embedded_engine, typing_cost
from ._engine import EngineUnavailable
from ._languagetool import languagetool_engine
from ._lexicon import lexicon
from ._policy import protected_spans

__all__ = ["EngineUnavailable", "embedded_engine", "languagetool_engine", "lexicon", "protected_spans", "typing_cost"]
