"""English words, how often they are used, which words follow which, and known misspellings.

- Which words exist: SCOWL's "huge" word lists for American and British
  English, accented words also without their accents; which spellings only
  one dialect uses: SCOWL's "large" lists (all vendored in `cleaner/data/`,
  see SCOWL-COPYRIGHT.txt there; `scripts/build_wordlists.py` rebuilds them).
- How common a word is: wordfreq's large English list, shipped as
  `frequencies-en.txt.gz` (CC BY-SA 4.0, sources in WORDFREQ-LICENSE.txt there;
  `scripts/build_frequencies.py` rebuilds it).
- Which words follow which: symspellpy's bundled unigram and bigram counts.
- Which misspellings are common: codespell's dictionary (CC BY-SA 3.0, read as
  data from the installed package), without entries that are real words.

Reading the text files takes seconds, so each part is read once per process, on
first use, and kept in the user's cache folder in marshal's binary form (built on
first use, keyed by the files and this module, written atomically); later
processes load it several times faster. A cache that cannot be read or written
costs only time.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import marshal
import math
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..core import Memo, user_cache_folder

T = TypeVar("T")

Dialect = Literal["any", "en-US", "en-GB"]
_DATA = Path(__file__).resolve().parent.parent / "data"
_SYMSPELL = Path(str(files("symspellpy")))


def _read_words(name: str) -> frozenset[str]:
    with gzip.open(_DATA / f"{name}.txt.gz", "rt", encoding="utf-8") as stream:
        return frozenset(line.rstrip("\n") for line in stream if line.strip())


class Lexicon:
    def __init__(self) -> None:
        self.words, self.american, self.british = _kept(
            "words",
            lambda: (
                _read_words("words"),
                _read_words("words-en-us"),  # spellings only American English uses
                _read_words("words-en-gb"),
            ),
        )
        # Frequencies and word pairs are read on first use: most texts hold no unknown word.
        self._frequency: dict[str, float] | None = None
        self._counts: tuple[dict[str, int], dict[str, int], int] | None = None
        self._known: Memo[tuple[str, str], bool] = Memo(limit=500_000)
        self._vocabularies: dict[str, frozenset[str]] = {}
        self._commonest: dict[int, frozenset[str]] = {}
        self._misspellings: dict[str, tuple[str, ...]] | None = None

    def known(self, word: str, dialect: Dialect = "any") -> bool:
        """Is `word` an English word (exactly as written, or with a capital at the start)?"""
        return self._known.get((word, dialect), lambda: self._judge_known(word, dialect))

    def _judge_known(self, word: str, dialect: Dialect) -> bool:
        forms = (word, word.lower(), word[:1].upper() + word[1:])
        other = self.british if dialect == "en-US" else self.american if dialect == "en-GB" else frozenset()
        return word.lower() not in other and any(self._known_exact(form) for form in forms)

    def _known_exact(self, word: str) -> bool:
        return word in self.words

    def zipf(self, word: str) -> float:
        """Zipf frequency (log10 per billion words); 0 for words wordfreq never saw."""
        if self._frequency is None:
            self._frequency = _kept("frequencies", _read_frequencies)
        probability = self._frequency.get(word.lower())
        return math.log10(probability) + 9 if probability else 0.0

    def _word_counts(self) -> tuple[dict[str, int], dict[str, int], int]:
        if self._counts is None:
            self._counts = _kept("counts", _read_counts)
        return self._counts

    def commonest_words(self, count: int = 60) -> frozenset[str]:
        """The most frequent English words ("the", "and", "said"...), a fingerprint of the language."""
        if count not in self._commonest:
            unigrams = self._word_counts()[0]
            self._commonest[count] = frozenset(sorted(unigrams, key=lambda word: unigrams[word], reverse=True)[:count])
        return self._commonest[count]

    def reads_as_english(self, words: list[str], minimum: int = 3, share: float = 0.6) -> bool:
        """Are most of these lowercase words English? (Too few to tell: yes.)"""
        lowercase = [w for w in words if w.isalpha() and w.islower()]
        if len(lowercase) < minimum:
            return True
        return sum(self.known(w) for w in lowercase) >= share * len(lowercase)

    def misspellings(self) -> dict[str, tuple[str, ...]]:
        """Common misspelling -> its corrections, from codespell's dictionary; never a real word."""
        if self._misspellings is None:
            words = self.words  # the entries are lowercase: as written or capitalised is all known() would try
            self._misspellings = _kept(
                "misspellings",
                lambda: {
                    wrong: fixes
                    for wrong, fixes in _read_misspellings().items()
                    if wrong not in words and wrong.capitalize() not in words
                },
            )
        return self._misspellings

    def unigram(self, word: str) -> int:
        return self._word_counts()[0].get(word, 0)

    @property
    def unigram_total(self) -> int:
        return self._word_counts()[2]

    def bigram(self, first: str, second: str) -> int:
        return self._word_counts()[1].get(f"{first} {second}", 0)

    def vocabulary(self, dialect: Dialect = "any") -> frozenset[str]:
        """Lowercase plain words that can be suggested as corrections.

        Words rarer than Zipf 1 are left out: a correction must be far more
        common than the word it replaces, so they could never be chosen anyway.
        """
        if dialect not in self._vocabularies:
            if dialect == "any":
                words = _kept("vocabulary", self._plain_common_words)
            else:
                other = self.british if dialect == "en-US" else self.american
                words = self.vocabulary("any") - other
            self._vocabularies[dialect] = words
        return self._vocabularies[dialect]

    def _plain_common_words(self) -> frozenset[str]:
        self.zipf("the")  # loads the frequencies
        frequency = self._frequency or {}
        return frozenset(
            w
            for w in frequency.keys() & self.words  # wordfreq's words are lowercase already
            if frequency[w] >= 1e-8 and w.isalpha() and (len(w) > 1 or w in ("a", "i"))
        )


def _kept(part: str, build: Callable[[], T]) -> T:
    """A part of the word data from the user's cache folder, or built and kept there for the next process."""
    folder = user_cache_folder() / "words"
    path = folder / f"{part}-{_data_key()}.marshal"
    try:
        kept: T = marshal.loads(path.read_bytes())  # from bytes: marshal.load(stream) reads in tiny pieces
        return kept
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"{part}-*.marshal"):  # other versions of the data or of this module
            stale.unlink(missing_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{part}-", suffix=".tmp")
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(marshal.dumps(value))  # type: ignore[arg-type]  # sets, dicts, tuples and strings
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home: the next process builds it again
    return value


@lru_cache(maxsize=1)
def _data_key() -> str:
    """The word files (name, size, time) and this module's code: a change in either builds the cache again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    sources: list[Any] = [*sorted(_DATA.glob("*.gz")), _SYMSPELL / "frequency_dictionary_en_82_765.txt"]
    sources += [_SYMSPELL / "frequency_bigramdictionary_en_243_342.txt", _codespell_dictionary()]
    for source in sources:
        try:
            status = source.stat() if source else None
        except OSError:
            status = None
        digest.update(f"{source}|{status and status.st_size}|{status and status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def _codespell_dictionary() -> Path | None:
    spec = importlib.util.find_spec("codespell_lib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary.txt"


def _read_frequencies() -> dict[str, float]:
    """Each word's probability: a word in bucket i was seen with probability 10^(-i/100)."""
    frequency: dict[str, float] = {}
    with gzip.open(_DATA / "frequencies-en.txt.gz", "rt", encoding="utf-8") as stream:
        for line in stream:
            index, words = line.rstrip("\n").split("\t", 1)
            probability = 10 ** (-int(index) / 100)
            for word in words.split(" "):
                frequency[word] = probability
    return frequency


def _read_counts() -> tuple[dict[str, int], dict[str, int], int]:
    """symspellpy's unigram counts, bigram counts (keyed "first second") and the unigram total."""
    unigrams: dict[str, int] = {}
    with (_SYMSPELL / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8") as stream:
        for line in stream:
            word, count = line.split()
            unigrams[word] = int(count)
    bigrams: dict[str, int] = {}
    with (_SYMSPELL / "frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8") as stream:
        for line in stream:
            pair, _, count = line.rpartition(" ")
            bigrams[pair] = int(count)
    return unigrams, bigrams, sum(unigrams.values())


def _read_misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's main dictionary ("wrong->right, other,"), found without importing codespell's code."""
    path = _codespell_dictionary()
    if path is None:
        return {}
    table: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            wrong, _, right = line.rstrip("\n").partition("->")
            fixes = tuple(fix.strip() for fix in right.split(",") if fix.strip())
            if wrong.isalpha() and wrong.islower() and fixes:
                table[wrong] = fixes
    return table


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
