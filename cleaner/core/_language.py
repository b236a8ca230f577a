"""Which language an article is in, from its commonest words.

Every language has a few dozen words that make up a large share of any text
("the", "of" / "le", "de" / "der", "und"). Counting them tells the languages
apart well on a paragraph or more; on a line or two the answer is None and
rules that ask (`languages: [en]`) apply as if the text were theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from ._memo import Memo

STOP_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": "the of and to in is was that for it with as on be at by this are from have has had not but were which "
        "an they you he she their would will been there what about if who more said also or after",
        "fr": "le la les des du de et un une est pas pour que qui dans sur au aux avec ce cette il elle ils nous vous "
        "son sa ses ont sont été mais plus par ne se leur lui",
        "de": "der die das und ist nicht ein eine einer einen dem den des zu im mit von auf für bei aus sich auch es "
        "sie er wir nach wie als noch wird wurde sind war oder aber",
        "es": "el la los las y en del por con una es se lo al su para como más pero sus le ya que fue ha este esta "
        "son muy sin sobre también",
        "it": "il la le gli di e che un una per non con del della dei delle sono nel nella alla anche come più ma "
        "questo questa ha è",
        "pt": "o os as um uma de da do das dos em no na nos nas por para com que se não mais foi é ao à pelo pela "
        "seu sua também como",
        "nl": "de het een en van in is dat op te zijn voor met die niet aan er maar om ook als bij door naar dan "
        "wordt werd nog",
        "pl": "i w na z że się nie do to jest o jak po co ale od przez dla za tak jego już ich być oraz który "
        "która było są",
    }.items()
}
_WORD = regex.compile(r"\p{L}+")
_SAMPLE = 6000  # characters: enough to tell, and cheap on a long text
_MIN_HITS = 4
_MARGIN = 1.5  # the winner must have this many times the runner-up's hits
_GUESSED: Memo[str, str | None] = Memo(5_000)


def _languages_of_stop_words() -> dict[str, tuple[str, ...]]:
    languages: dict[str, tuple[str, ...]] = {}
    for code, words in STOP_WORDS.items():
        for word in words:
            languages[word] = (*languages.get(word, ()), code)
    return languages


_LANGUAGES_OF = _languages_of_stop_words()  # stop word -> the languages that have it


def main_stop_words(blocks: Iterable[Sequence[str]]) -> frozenset[str]:
    """The stop words of the language most of a text's words (lower-cased, per block or line) belong to.
    Unlike guess_language it always answers, so a short or mixed text still gets a word list."""
    counts = dict.fromkeys(STOP_WORDS, 0)
    seen = 0
    for words in blocks:
        for word in words:
            for code in _LANGUAGES_OF.get(word, ()):
                counts[code] += 1
        seen += len(words)
        if seen > 1000:
            break
    return STOP_WORDS[max(counts, key=counts.__getitem__)]


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language among those above, or None when it cannot tell."""
    sample = text[:_SAMPLE]
    return _GUESSED.get(sample, lambda: _guess(sample))


def _guess(sample: str) -> str | None:
    words = [word.lower() for word in _WORD.findall(sample)]
    hits = sorted(((sum(word in stop for word in words), code) for code, stop in STOP_WORDS.items()), reverse=True)
    (best, code), (second, _) = hits[0], hits[1]
    if best < _MIN_HITS or best < _MARGIN * second:
        return None
    return code
