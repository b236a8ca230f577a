"""The names registry: entries from YAML, and an index that finds them fast.

Lookups go through dictionaries keyed by a whole name, a given name or a
surname, so matching costs about the same with ten entries or ten thousand.
Accents and case are folded for comparison only; a correction always writes
a form exactly as the registry spells it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import OSA

from ..rulebook import Origin, option


@dataclass(frozen=True, kw_only=True)
class RegistryEntry:
    name: str = option(doc="the canonical spelling")
    kind: Literal["person", "place", "organisation"] = option(doc="person, place or organisation")
    role: str = option("", "what the person does, or what the place or organisation is")
    as_of: str = option("", "when the role was known to be true (YYYY-MM)")
    variants: tuple[str, ...] = option((), "known misspellings and transliterations, corrected to this entry")
    aliases: tuple[str, ...] = option((), "other correct forms (S. Jaishankar, Zelensky): never changed")
    distinct: tuple[str, ...] = option((), "real names of other people close to this one: never merged with it")
    origin: Origin = field(default=Origin(), metadata={"internal": True})

    @property
    def correct_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def all_forms(self) -> tuple[str, ...]:
        return (*self.correct_forms, *self.variants)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case and accents folded, spaces collapsed: the form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'").split())


def squash(text: str) -> str:
    """Folded, without spaces or hyphens: "Marine LePen" and "Marine Le Pen" are one name."""
    return without_gaps(fold(text))


def without_gaps(folded: str) -> str:
    """A folded name without its spaces and hyphens (see `squash`)."""
    return folded.replace(" ", "").replace("-", "")


@lru_cache(maxsize=200_000)
def deletions(word: str) -> frozenset[str]:
    """The word with any one letter left out (and the word itself): a symmetric-delete key set."""
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word))})


def slip_cost(written: str, registry: str) -> float:
    """How far a written word is from the registry's, in typing slips (doubled, swapped, vowel: cheap)."""
    from ..spelling import typing_cost

    return typing_cost(written, registry)


# Every typing slip costs at least this much, so a pair more plain edits apart than
# allowed / this can be turned away by rapidfuzz before the weighted distance is worked out.
_CHEAPEST_SLIP = 0.5


def slips_within(written: str, registry: str, allowed: float) -> bool:
    """Is `written` within `allowed` typing slips of `registry`?"""
    most_edits = int(allowed / _CHEAPEST_SLIP)
    if OSA.distance(written, registry, score_cutoff=most_edits) > most_edits:
        return False
    return slip_cost(written, registry) <= allowed


_NUMERAL = re.compile(r"^(?:[ivxlcdm]+|\d+(?:st|nd|rd|th)?)\.?$")


def part_distance(written: str, registry: str, limit) -> bool:
    """A slip within `limit(word)`, judged per hyphen part when both have the same parts (Jae-yong, Jae-myung).

    Numerals never slip: Charles II is not Charles III.
    """
    if _NUMERAL.match(written) or _NUMERAL.match(registry):
        return written == registry
    written_parts, registry_parts = written.split("-"), registry.split("-")
    if len(written_parts) == len(registry_parts) > 1:
        return all(slips_within(a, b, limit(b)) for a, b in zip(written_parts, registry_parts))
    return slips_within(written, registry, limit(registry))


def one_word_slip(written: list[str], registry: list[str], limit) -> bool:
    """Same words but one, and that one within `limit` edits of the registry's."""
    if len(written) != len(registry):
        return False
    differing = [(a, b) for a, b in zip(written, registry) if a != b]
    return len(differing) == 1 and part_distance(*differing[0], limit)


def name_parts(form: str) -> tuple[str, str] | None:
    """(given names, surname) of a name of two or more words."""
    words = form.split()
    if len(words) < 2:
        return None
    return " ".join(words[:-1]), words[-1]


_SHORTEST_SLIP = 4  # words of places and organisations shorter than this only match exactly


@dataclass(frozen=True)
class Match:
    entry: RegistryEntry
    form: str  # the registry's spelling to write
    distance: int


class NameIndex:
    """Every form of every entry, by whole name, given name and surname."""

    def __init__(self, entries: tuple[RegistryEntry, ...]) -> None:
        self.correct: dict[str, RegistryEntry] = {}
        self.variants: dict[str, RegistryEntry] = {}
        self.distinct: set[str] = set()
        self.squashed: dict[str, tuple[str, RegistryEntry]] = {}
        self.by_given: dict[str, list[tuple[str, str, RegistryEntry]]] = {}
        self.by_surname: dict[str, list[tuple[str, str, RegistryEntry]]] = {}
        # Places and organisations: words of their names by one-letter deletions, for slips like "Karchi".
        self.by_deletion: dict[str, list[tuple[int, str, str, RegistryEntry]]] = {}
        for entry in entries:
            for form in entry.correct_forms:
                self.correct[fold(form)] = entry
                self.squashed.setdefault(squash(form), (form, entry))
                parts = name_parts(form)
                if parts and entry.kind == "person":
                    given, surname = fold(parts[0]), fold(parts[1])
                    self.by_given.setdefault(given, []).append((surname, form, entry))
                    self.by_surname.setdefault(surname, []).append((given, form, entry))
                if entry.kind != "person":
                    for position, word in enumerate(fold(form).split()):
                        if len(word) < _SHORTEST_SLIP:
                            continue  # "UN", "US": too short to tell a slip from another word
                        for key in deletions(word):
                            self.by_deletion.setdefault(key, []).append((position, word, form, entry))
            for form in entry.variants:
                self.variants[fold(form)] = entry
            self.distinct.update(fold(form) for form in entry.distinct)

    def closest_form(self, entry: RegistryEntry, written: str) -> str:
        """The entry's correct form nearest to what was written (keeps the writer's style)."""
        folded = fold(written)
        return min(entry.correct_forms, key=lambda form: (OSA.distance(folded, fold(form)), form != entry.name))

    def near_miss(self, written: str, limit) -> Match | None:
        """The one registry person this full name is a slip of, or None when none or several."""
        parts = name_parts(written)
        if not parts:
            return None
        given, surname = fold(parts[0]), fold(parts[1])
        found: dict[str, Match] = {}
        for registry_surname, form, entry in self.by_given.get(given, ()):
            if registry_surname != surname and part_distance(surname, registry_surname, limit):
                found.setdefault(form, Match(entry, form, OSA.distance(surname, registry_surname)))
        for registry_given, form, entry in self.by_surname.get(surname, ()):
            if registry_given != given and one_word_slip(given.split(), registry_given.split(), limit):
                found.setdefault(form, Match(entry, form, OSA.distance(given, registry_given)))
        return _unique_best(found)

    def could_be_place(self, folded_word: str) -> bool:
        """Cheap test: is this (folded) word one deletion from a word of some place or organisation?"""
        return len(folded_word) >= _SHORTEST_SLIP - 1 and any(key in self.by_deletion for key in deletions(folded_word))

    def place_miss(self, written: str, limit, one_word_limit) -> Match | None:
        """The one place or organisation whose name differs from `written` by a slip in one word.

        A one-word name has no other words to confirm it, so it gets the stricter `one_word_limit`.
        """
        words = fold(written).split()
        limit = one_word_limit if len(words) == 1 else limit
        found: dict[str, Match] = {}
        for position, word in enumerate(words):
            for key in deletions(word):
                for registry_position, registry_word, form, entry in self.by_deletion.get(key, ()):
                    if registry_position == position and one_word_slip(words, fold(form).split(), limit):
                        found.setdefault(form, Match(entry, form, OSA.distance(word, registry_word)))
        return _unique_best(found)


def _unique_best(found: dict[str, Match]) -> Match | None:
    if not found:
        return None
    best = min(found.values(), key=lambda m: m.distance)
    rivals = {m.entry.name for m in found.values() if m.distance == best.distance}
    return best if len(rivals) == 1 else None


def check_entries(entries: tuple[RegistryEntry, ...]) -> list[tuple[RegistryEntry, str]]:
    """A variant claimed by two entries, or a variant that is some entry's correct form."""
    problems: list[tuple[RegistryEntry, str]] = []
    owner: dict[str, RegistryEntry] = {}
    correct = {fold(form): entry for entry in entries for form in entry.correct_forms}
    for entry in entries:
        for variant in entry.variants:
            key = fold(variant)
            if key in correct and correct[key] is not entry:
                other = correct[key]
                problems.append(
                    (
                        entry,
                        f"registry entry {entry.name!r}: variant {variant!r} is a correct form of "
                        f"entry {other.name!r} ({other.origin}); it would corrupt correct text",
                    )
                )
            elif key in owner and owner[key] is not entry:
                other = owner[key]
                problems.append(
                    (
                        entry,
                        f"registry entry {entry.name!r}: variant {variant!r} is also claimed by "
                        f"entry {other.name!r} ({other.origin})",
                    )
                )
            owner.setdefault(key, entry)
    return problems
