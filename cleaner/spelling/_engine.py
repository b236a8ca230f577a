"""Spelling and grammar engines behind `fix_spelling`, loaded lazily and once per process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Issue:
    """One problem an engine found in a text: offsets into that text, ranked suggestions."""

    start: int
    end: int
    rule_id: str
    kind: Literal["spelling", "grammar"]
    message: str
    suggestions: tuple[str, ...] = ()


class EngineUnavailable(Exception):
    """The engine cannot run here (no server reachable, no dictionary); the reason says why."""
