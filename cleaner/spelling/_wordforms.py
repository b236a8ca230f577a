"""How an unknown word can still be a real one, or two words run together.

Word lists never hold every word: English makes new ones from old ones
("demerger", "unrecycled", "capitalisations", "passcard"). These functions
say when an unknown word is built from known words by the usual rules, when
it is two words typed without a space ("inwhich"), and when a stretched
letter is deliberate ("pleeease") rather than a slip ("folllowing").
Pure functions over a `Lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol


class Words(Protocol):
    def known(self, word: str) -> bool: ...
    def zipf(self, word: str) -> float: ...


# English's closed classes: words that join others and make no compound with them ("inwhich" is
# two words; "breakdown", "setup" and "takeover" are one, so "down", "up" and "over" are not here).
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those some any no every each either neither all both half much many more most few less
    and or but nor so yet if than then because though although while whereas unless until since as
    of in on at to for from by with without within about above below over under into onto upon through across along
    against among between behind beyond during except inside outside near around via per
    i me my mine we us our ours you your yours he him his she her hers it its they them their theirs one
    who whom whose which what where when why how whether there here
    be is am are was were been being have has had having do does did done
    will would shall should can could may might must ought not
    just also very too only even still already again ever never always often
""".split()
)

PREFIXES = tuple(
    """
    anti auto back bio co counter cross cyber de dis down e eco en euro fore hyper in inter mega micro mid mini mis
    multi nano neo non off on out over post pre pro re self semi sub super tele trans ultra un under up
""".split()
)
_SIBILANT = ("s", "x", "z", "sh", "ch")


def _any_stem(stem: str) -> bool:
    return True


# Ending -> what the stem before it must look like (spelling rules: "dialler+s", "commoditis(e)+ing").
_SUFFIXES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("s", lambda stem: not stem.endswith(_SIBILANT)),
    ("es", lambda stem: stem.endswith(_SIBILANT + ("o",))),
    ("d", lambda stem: stem.endswith("e")),
    ("r", lambda stem: stem.endswith("e")),
    ("rs", lambda stem: stem.endswith("e")),
    ("y", lambda stem: stem[-1:] not in "aeiouy"),
    *(
        (ending, _any_stem)
        for ending in """
        ed ing ings er ers ly ness less ment ments able ful ship ism ist ists ian ery wards wise like
        isation ization ise ize ised ized ising izing
    """.split()
    ),
)
# A stem or part must be a word people use, not a rare entry that happens to be listed.
MIN_STEM_ZIPF = 2.5
MIN_STEM_LENGTH = 4  # after a prefix ("de + merge")
MIN_SUFFIXED_STEM_LENGTH = 5  # before an ending: "stat + ment", "cute + ing" are slips of longer words
MIN_PART_ZIPF = 3.0
MIN_PART_LENGTH = 4  # "mod + ren", "pep + les", "ark + ward" are accidents
_STRETCH = re.compile(r"(\w)\1{2,}")


def affixed(word: str, words: Words) -> str | None:
    """How `word` is a known word with a prefix or an ending ("de + merger", "storyline + s"), or None."""
    word = word.lower()
    for prefix in PREFIXES:
        stem = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(stem) >= MIN_STEM_LENGTH
            and stem not in FUNCTION_WORDS
            and _common(stem, words, MIN_STEM_ZIPF)
        ):
            return f"{prefix} + {stem}"
    for suffix, stem_shape in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        bare = word[: -len(suffix)]
        for stem in _stems(bare, suffix):
            if len(stem) >= MIN_SUFFIXED_STEM_LENGTH and stem_shape(stem) and _common(stem, words, MIN_STEM_ZIPF):
                return f"{stem} + {suffix}"
    return None


def compound(word: str, words: Words) -> str | None:
    """How `word` is two common content words written as one ("pass + card"), or None."""
    for first, second in splits(word.lower(), words):
        if (
            min(len(first), len(second)) >= MIN_PART_LENGTH
            and first not in FUNCTION_WORDS
            and second not in FUNCTION_WORDS
        ):
            return f"{first} + {second}"
    return None


def _stems(bare: str, suffix: str):
    """The stem as written, and as it was before the ending changed it (e dropped, consonant doubled, y to i)."""
    yield bare
    if suffix[0] in "aeiouy" and suffix not in ("es", "y"):
        yield bare + "e"  # commoditis(e) + ing
        if len(bare) > 2 and bare[-1] == bare[-2] and bare[-1] not in "aeiouyls":
            yield bare[:-1]  # scrag(g) + ed
    if bare.endswith("i"):
        yield bare[:-1] + "y"  # clunki -> clunky + ness, hereditari -> hereditary + es


def splits(word: str, words: Words) -> list[tuple[str, str]]:
    """Ways to read `word` as two common words written together ("pass card", "in which", "a lot")."""
    found = []
    for cut in range(1, len(word)):
        first, second = word[:cut], word[cut:]
        if (len(first) < 2 and first not in ("a", "i")) or len(second) < 2:
            continue
        if _common(first, words, MIN_PART_ZIPF) and _common(second, words, MIN_PART_ZIPF):
            found.append((first, second))
    return found


def run_together(word: str, words: Words) -> str | None:
    """Two words typed without a space, one of them a function word ("inwhich" -> "in which")."""
    readings = []
    for first, second in splits(word.lower(), words):
        if first in FUNCTION_WORDS:
            joined = len(second) >= 3 or second in FUNCTION_WORDS  # "inwhich", "alot", "itis"
        else:  # "justfor", "upto"; not "pest is" in "Yersinia pestis", nor "fa it" in "fait"
            joined = second in FUNCTION_WORDS and (len(second) >= 3 or (len(first) <= 3 and words.zipf(first) >= 4.0))
        if joined:
            readings.append((min(words.zipf(first), words.zipf(second)), f"{first} {second}"))
    return max(readings)[1] if readings else None  # "it is", not "i tis"


def deliberate_stretch(word: str, words: Words) -> bool:
    """A letter held for effect ("pleeease", "hisss", "sooo"), not a key pressed three times ("folllowing").

    A slip leaves a known word when its run is cut to two letters and none when
    cut to one; a stretch ends the word, or reads as a word cut to one letter.
    """
    match = _STRETCH.search(word.lower())
    if match is None:
        return False
    if match.end() == len(word):
        return True
    letter, start, end = match.group(1), match.start(), match.end()
    lower = word.lower()
    doubled, single = lower[:start] + letter * 2 + lower[end:], lower[:start] + letter + lower[end:]
    return not (words.known(doubled) and not words.known(single))


def _common(word: str, words: Words, minimum: float) -> bool:
    return words.known(word) and words.zipf(word) >= minimum
