"""The learned line model: how likely each line of a text article is the article's own.

Scraped article text keeps lines from around the story that no rule names:
related headlines, wire bylines, "Updated ... Posted ..." lines, credits, tag
rows, menus in other languages. Each line gets features that name no site: its
length and shape (sentence end, capitals, digits, stop-word share in the text's
language, separators), its block (alone between blank lines, or one of a run),
where it sits against the article's prose lines, its neighbours and whether a
rule claimed them. No word of a line is a feature, so nothing ties the model to
the sites it was trained on. Gradient-boosted trees, trained by
`bench/train_lines.py` on the dev texts (and texts rendered from the dev
pages) and shipped as `data/line-model.json`, turn them into the chance the
line is article text. Plain Python: a walk down each tree per line.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from ..core import Memo, ends_sentence, main_stop_words

DEFAULT_LINE_MODEL = Path(__file__).resolve().parent.parent / "data" / "line-model.json"
PROSE_WORDS = 12  # a line this long that ends like a sentence is prose
_WORD = regex.compile(r"\p{L}+|\d+")
_LETTERS = regex.compile(r"\p{L}+")
_DATE = regex.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|\b(?:19|20)\d\d\b",
    regex.IGNORECASE,
)
_TIME = regex.compile(r"\b\d{1,2}[:.]\d\d\b|\b(?:a\.?m|p\.?m)\b\.?|\bGMT\b|\bUTC\b|\b[ECMP][SD]T\b", regex.IGNORECASE)
_SEPARATORS = frozenset("|•·»›")
_QUOTES = frozenset('"“”„«»‘’')


def line_feature_names() -> list[str]:
    names = [
        "bias",
        "log_words",
        "log_chars",
        "prose",
        "ends_sentence",
        "ends_colon",
        "starts_capital",
        "stop_share",
        "title_case_share",
        "upper_case_share",
        "digit_share",
        "mean_word_length",
        "separator",
        "url_or_handle",
        "copyright",
        "parenthesised",
        "date",
        "time",
        "quotes",
        "own_block",
        "log_block_lines",
        "first_of_block",
        "last_of_block",
        "position",
        "before_first_prose",
        "after_last_prose",
        "log_lines_to_prose",
        "repeated",
        "text_prose_share",
        "text_claimed_share",
        "text_log_lines",
    ]
    for side in ("previous", "next"):
        names += [f"{side}_log_words", f"{side}_ends_sentence", f"{side}_prose", f"{side}_claimed", f"{side}_missing"]
    return names


@dataclass(frozen=True)
class _Shape:
    words: int
    prose: bool
    ends_sentence: bool
    row: tuple[float, ...]  # the features of the line alone


def _shape(text: str, stop_words: frozenset[str]) -> _Shape:
    tokens = _WORD.findall(text)
    words = len(tokens)
    letters = [token for token in tokens if not token.isdigit()]
    lower = [token.lower() for token in tokens]
    sentence_end = ends_sentence(text[-8:])
    prose = words >= PROSE_WORDS and sentence_end
    row = (
        1.0,
        math.log1p(words),
        math.log1p(len(text)),
        float(prose),
        float(sentence_end),
        float(text.endswith(":")),
        float(text[:1].isupper() or text[:1].isdigit() or text[:1] in _QUOTES),
        sum(map(stop_words.__contains__, lower)) / words if words else 0.0,
        sum(token[0].isupper() for token in letters) / len(letters) if len(letters) >= 3 else 0.0,
        sum(token.isupper() and len(token) > 1 for token in letters) / len(letters) if letters else 0.0,
        sum(map(str.isdigit, text)) / len(text),
        sum(map(len, letters)) / len(letters) / 10 if letters else 0.0,
        float(not _SEPARATORS.isdisjoint(text)),
        float("://" in text or "www." in text or "@" in text or "#" in text),
        float("©" in text or "(c)" in text.lower()),
        float(text.startswith("(") or text.endswith(")")),
        float(bool(_DATE.search(text))),
        float(bool(_TIME.search(text))),
        float(not _QUOTES.isdisjoint(text)),
    )
    return _Shape(words, prose, sentence_end, row)


def line_features(texts: Sequence[str], blocks: Sequence[int], claimed: Sequence[bool]) -> list[list[float]]:
    """One feature row per line. `texts` are the stripped, non-blank lines of a text in order, `blocks` the
    number of the block (run of lines between blank lines) each belongs to, `claimed` whether a rule
    already removes it (such lines are still context for their neighbours)."""
    count = len(texts)
    if not count:
        return []
    stop_words = main_stop_words([word.lower() for word in _LETTERS.findall(text)] for text in texts)
    memo: dict[str, _Shape] = {}
    shapes = []
    for text in texts:
        shape = memo.get(text)
        if shape is None:
            shape = memo[text] = _shape(text, stop_words)
        shapes.append(shape)
    repeats: dict[str, int] = {}
    for text in texts:
        repeats[text] = repeats.get(text, 0) + 1
    block_size: dict[int, int] = {}
    for block in blocks:
        block_size[block] = block_size.get(block, 0) + 1
    prose = [k for k, shape in enumerate(shapes) if shape.prose and not claimed[k]]
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (count, -1)
    to_prose = _distances(count, prose)
    prose_share = len(prose) / count
    claimed_share = sum(claimed) / count  # furniture the rules found says the text was scraped with its page
    rows: list[list[float]] = []
    for k, shape in enumerate(shapes):
        block = blocks[k]
        row = list(shape.row)
        row += [
            float(block_size[block] == 1),
            math.log1p(block_size[block]),
            float(k == 0 or blocks[k - 1] != block),
            float(k == count - 1 or blocks[k + 1] != block),
            k / count,
            float(k < first_prose),
            float(k > last_prose),
            math.log1p(to_prose[k]),
            float(repeats[texts[k]] > 1),
            prose_share,
            claimed_share,
            math.log1p(count),
        ]
        for neighbour in (k - 1, k + 1):
            if 0 <= neighbour < count:
                other = shapes[neighbour]
                row += [
                    math.log1p(other.words),
                    float(other.ends_sentence),
                    float(other.prose),
                    float(claimed[neighbour]),
                    0.0,
                ]
            else:
                row += [0.0, 0.0, 0.0, 0.0, 1.0]
        rows.append(row)
    return rows


def _distances(count: int, marked: list[int]) -> list[int]:
    """For each position, how many lines away the nearest marked one is (count when none is)."""
    result = [count] * count
    for before, after in zip([None, *marked], [*marked, None]):
        low = 0 if before is None else before
        high = count - 1 if after is None else after
        for k in range(low, high + 1):
            result[k] = min(k - before if before is not None else count, after - k if after is not None else count)
    return result


@dataclass(frozen=True)
class LineModel:
    """Gradient-boosted trees: the chance a line is article text is the logistic of a sum of leaf values."""

    baseline: float
    # Per tree, per node: (feature, threshold, left, right) for a split (row[feature] <= threshold goes
    # left), (-1, value, 0, 0) for a leaf. Node 0 is the root.
    trees: tuple[tuple[tuple[int, float, int, int], ...], ...]
    threshold: float  # a line whose chance of being article text is below this is removed

    @classmethod
    def load(cls, path: Path = DEFAULT_LINE_MODEL) -> LineModel:
        return _LOADED.get(str(path), lambda: cls._read(path))

    @classmethod
    def _read(cls, path: Path) -> LineModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != line_feature_names():
            raise ValueError(f"{path}: the line model was trained on other features; run bench/train_lines.py again")
        trees = tuple(tuple(tuple(node) for node in tree) for tree in data["trees"])
        return cls(float(data["baseline"]), trees, float(data["threshold"]))

    def chances(self, rows: Sequence[Sequence[float]]) -> list[float]:
        result = []
        for row in rows:
            total = self.baseline
            for tree in self.trees:
                feature, value, left, right = tree[0]
                while feature >= 0:
                    feature, value, left, right = tree[left if row[feature] <= value else right]
                total += value
            result.append(1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0))))
        return result


_LOADED: Memo[str, LineModel] = Memo(limit=8)
