"""The names registry behind `normalize_names`: who and where, and the slips to look for."""

from __future__ import annotations

from ._registry import (
    NameIndex,
    RegistryEntry,
    check_entries,
    fold,
    name_parts,
    one_word_slip,
    without_gaps,
)

__all__ = ["NameIndex", "RegistryEntry", "check_entries", "fold", "name_parts", "one_word_slip", "without_gaps"]
