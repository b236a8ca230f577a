"""Find the article in the text of a whole web page: which lines to keep.

A select-all copy of a page holds menus, teaser lists, comment sections and
footers around the article. Each line gets a content score from its shape
(length, sentence end, capital start, stop-word share, title case, capitals,
digits, link marks, furniture phrases), adjusted by its block (a paragraph of
its own, a menu, a list of headlines) and its neighbours. The article is the
earliest stretch of lines whose clipped scores add up to at least
`earliest_share` of the best stretch's, extended over one-line paragraphs that
follow it and cut at a comment-section marker. Inside it the prose lines are
kept, and the short runs of other lines between them (subheadings, list items)
unless a furniture line heads the run.

Only a page is cut this way. It must open with navigation (a run of short
lines before the article), and its runs of short lines (menus, link lists)
before the article and after the last prose line must add up to
`min_navigation_lines`. Text that is already an article has too few, and a
long list between its paragraphs does not count, so it is not touched.

Pure: lines in, one bool per line out. An ArticleFinder compiles its word
lists once and is then used for every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import ends_sentence, word_count
from ..rulebook import Pattern, option


@dataclass(frozen=True)
class WholePageOptions:
    """Weights and thresholds of the line scorer (tuned on whole news pages)."""

    length_cap: int = option(30, "the length evidence stops growing at this many words")
    short_words: int = option(5, "a line with fewer words is short")
    menu_words: int = option(
        6, "a block of lines whose middle line has fewer words is a menu; shorter lines make navigation runs"
    )
    title_case_free: float = option(0.5, "share of capitalised words a line may have before it looks like a headline")
    upper_case_free: float = option(0.3, "share of all-capitals words a line may have before it is penalised")
    cjk_chars_per_word: float = option(
        2.0, "Chinese and Japanese characters per word, for the length of lines without spaces"
    )
    cjk_stop_share: float = option(0.25, "stop-word share assumed for Chinese and Japanese lines")
    bias: float = option(-2.5, "score of a line before any evidence")
    weight_length: float = option(4.0, "times the length evidence (words / length_cap, at most 1)")
    weight_sentence_end: float = option(2.0, "a line that ends like a sentence (. ! ? … : ;)")
    weight_capital: float = option(0.3, "a line that starts with a capital, a digit or an opening quote")
    weight_stop_words: float = option(2.0, "times the share of the line's words that are stop words")
    weight_title_case: float = option(-1.5, "times the capitalised-word share above title_case_free (scaled to 0..1)")
    weight_upper_case: float = option(-1.5, "times the all-capitals share above upper_case_free")
    weight_digits: float = option(-2.0, "times the share of the line's characters that are digits")
    weight_link_marks: float = option(-0.5, "a URL, @handle, #tag, a | » › separator or a bullet")
    weight_furniture: float = option(-4.0, "a furniture phrase of rule debris/outside-article")
    weight_short: float = option(-0.5, "a short line")
    weight_own_block: float = option(0.5, "a line with blank lines around it, as paragraphs have")
    weight_menu_block: float = option(-3.0, "every line of a menu block")
    weight_list_block: float = option(-1.0, "every line of a block where most lines do not end like a sentence")
    weight_neighbours: float = option(0.45, "times the mean score of the lines before and after")
    score_floor: float = option(
        -2.5, "scores are clipped at this when looking for the article, so a short box cannot split it"
    )
    earliest_share: float = option(
        0.5, "the article is the earliest stretch holding this share of the best stretch's score"
    )
    end_marker_share: float = option(
        0.5, "an article_end line ends the article once this share of its score lies before it"
    )
    extend_above: float | None = option(
        -4.0, "after the article, keep one-line paragraphs scoring above this up to the last prose one (null: never)"
    )
    prose_score: float = option(1.0, "a line scoring above this is prose")
    max_gap_lines: int = option(8, "runs of at most this many other lines between prose lines are kept")
    phrase_max_words: int = option(30, "furniture and article_end phrases are only looked for in lines this short")
    navigation_run: int = option(3, "consecutive lines shorter than menu_words that make a navigation run")
    min_navigation_lines: int = option(
        8,
        "cut only a page: one that opens with a navigation run and has this many lines of them "
        "before the article and after the last prose line",
    )


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of rule debris/outside-article, compiled."""

    stop_words: frozenset[str] = frozenset()
    furniture: Pattern | None = None  # matched against the whole line
    furniture_words: tuple[str, ...] = ()  # lower case, found anywhere in a short line
    caption_credit: Pattern | None = None  # searched for in lower-cased lines holding "("
    article_end: Pattern | None = None  # matched against the whole line


@dataclass(frozen=True)
class PageVerdict:
    """What the finder made of a page."""

    keep: tuple[bool, ...]  # one per input line; blank lines are never kept
    is_whole_page: bool  # it opens with navigation and has enough of it: the page may be cut to `keep`


# Line shape. These describe writing in general, not any site or language.
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LINK_MARK = re.compile(r"""\S@\S|^@|#\w|\s[|»›>•·]\s|[|»›]$""")
_LINK_MARK_CHARS = frozenset("@#|»›>•·")  # _LINK_MARK can only match a line holding one of these
_BULLETS = frozenset("+•·*»›>o-")  # followed by a space, a list or menu item
_OPENERS = "\"'“‘«„(¿¡"
# Pages hold lines of only zero-width spaces or no-break spaces: they are blank.
_INVISIBLE = (
    " \t\r\n\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)


class _Line:
    """Shape of one stripped, non-blank line."""

    __slots__ = (
        "text",
        "words",
        "sentence_end",
        "capital",
        "stop",
        "title",
        "upper",
        "digits",
        "link_mark",
        "furniture",
        "ends_article",
        "short",
        "score",
    )

    text: str
    words: float  # Chinese and Japanese characters count as fractions of a word
    sentence_end: bool
    capital: bool
    stop: float
    title: float
    upper: float
    digits: float
    link_mark: bool
    furniture: bool
    ends_article: bool | None  # None until _ends_article is asked
    short: bool
    score: float


class ArticleFinder:
    """The line scorer with its options and word lists; one per stage, used for every page."""

    def __init__(self, options: WholePageOptions, vocabulary: Vocabulary) -> None:
        self.options = options
        self.vocabulary = vocabulary

    def find(self, lines: list[str]) -> PageVerdict:
        """Which of `lines` (blank lines between blocks, as in the page) are the article."""
        keep = [False] * len(lines)
        stripped = [line.strip(_INVISIBLE) for line in lines]
        index = [i for i, text in enumerate(stripped) if text]
        if not index or not self._may_be_page(stripped):
            return PageVerdict(tuple(keep), False)
        shapes = self._shapes([stripped[i] for i in index])
        scores, own_block = self._context(index, shapes)
        first, last = self._region(scores)
        if last < first:
            return PageVerdict(tuple(keep), False)
        last = self._extend(shapes, scores, own_block, last)
        last = self._cut_at_end_marker(shapes, scores, first, last)
        for k in self._kept(shapes, scores, first, last):
            keep[index[k]] = True
        if not any(keep):
            return PageVerdict(tuple(keep), False)
        before, after = self._navigation(shapes, scores, index, keep)
        # The page opens with navigation, and has enough of it around the article.
        is_page = before > 0 and before + after >= self.options.min_navigation_lines
        return PageVerdict(tuple(keep), is_page)

    def _may_be_page(self, stripped: list[str]) -> bool:
        """Enough lines in runs of short lines for a page's navigation? Cheap, so articles skip the scoring.

        A line counts as short here unless it surely has `menu_words` words (Chinese or
        Japanese lines always count), so this never turns away a text the full gate would cut.
        """
        o = self.options
        in_runs = run = 0
        for text in [*stripped, ""]:
            if text and (word_count(text) < o.menu_words or (not text.isascii() and _CJK.search(text))):
                run += 1
                continue
            if run >= o.navigation_run:
                in_runs += run
            run = 0
        return in_runs >= o.min_navigation_lines

    # -- scores -------------------------------------------------------------

    def _shapes(self, texts: list[str]) -> list[_Line]:
        memo: dict[str, _Line] = {}  # menus repeat: judge each distinct line once
        shapes = []
        for text in texts:
            shape = memo.get(text)
            if shape is None:
                shape = memo[text] = self._shape(text)
            shapes.append(shape)
        return shapes

    def _shape(self, text: str) -> _Line:
        o, vocabulary = self.options, self.vocabulary
        tokens = _WORD.findall(text)
        cjk = 0 if text.isascii() or not _CJK.search(text) else len(_CJK.findall(text))
        if cjk:
            tokens = [token for token in tokens if not _CJK.search(token)]
            words = len(tokens) + cjk / o.cjk_chars_per_word
        else:
            words = float(len(tokens))
        initials = "".join([token[0] for token in tokens])
        digit_tokens = sum(map(str.isdigit, initials))
        letter_tokens = len(initials) - digit_tokens - initials.count("_")
        line = _Line()
        line.text = text
        line.words = words
        line.sentence_end = ends_sentence(text[-8:], also=":;")
        line.capital = text[0].isupper() or text[0].isdigit() or text[0] in _OPENERS or bool(cjk)
        if cjk:
            line.stop = o.cjk_stop_share
        elif tokens:
            line.stop = sum(map(vocabulary.stop_words.__contains__, map(str.lower, tokens))) / len(tokens)
        else:
            line.stop = 0.0
        line.title = sum(map(str.isupper, initials)) / letter_tokens if letter_tokens >= 4 else 0.0
        line.upper = sum(map(str.isupper, tokens)) / letter_tokens if letter_tokens else 0.0
        line.digits = sum(map(len, _DIGITS.findall(text))) / len(text) if digit_tokens else 0.0
        line.link_mark = (
            (text[0] in _BULLETS and text[1:2] == " ")
            or "://" in text
            or "www." in text
            or (not _LINK_MARK_CHARS.isdisjoint(text) and bool(_LINK_MARK.search(text)))
        )
        line.furniture = words <= o.phrase_max_words and self._is_furniture(text)
        line.ends_article = None  # looked up only for lines at the article's end (see _ends_article)
        line.short = words < o.short_words
        line.score = self._content_score(line)
        return line

    def _is_furniture(self, text: str) -> bool:
        vocabulary = self.vocabulary
        if vocabulary.furniture and vocabulary.furniture.fullmatch(text):
            return True
        lower = text.lower()
        if any(word in lower for word in vocabulary.furniture_words):
            return True
        return "(" in text and bool(vocabulary.caption_credit and vocabulary.caption_credit.search(lower))

    def _ends_article(self, line: _Line) -> bool:
        """Whether the line is an article_end phrase; asked only inside and just after the article."""
        if line.ends_article is None:
            end = self.vocabulary.article_end
            line.ends_article = bool(line.words <= self.options.phrase_max_words and end and end.fullmatch(line.text))
        return line.ends_article

    def _content_score(self, line: _Line) -> float:
        o = self.options
        return (
            o.bias
            + o.weight_length * min(line.words, o.length_cap) / o.length_cap
            + o.weight_sentence_end * line.sentence_end
            + o.weight_capital * line.capital
            + o.weight_stop_words * line.stop
            + o.weight_title_case * max(0.0, line.title - o.title_case_free) / (1.0 - o.title_case_free)
            + o.weight_upper_case * max(0.0, line.upper - o.upper_case_free)
            + o.weight_digits * line.digits
            + o.weight_link_marks * line.link_mark
            + o.weight_furniture * line.furniture
            + o.weight_short * line.short
        )

    def _context(self, index: list[int], shapes: list[_Line]) -> tuple[list[float], list[bool]]:
        """Scores with block and neighbour evidence; whether each line is a block of its own."""
        o = self.options
        content = [shape.score for shape in shapes]
        scores = content[:]
        own_block = [False] * len(index)
        starts = [0] + [k for k in range(1, len(index)) if index[k] != index[k - 1] + 1]
        if len(starts) > 1:  # without blank lines there are no blocks to judge
            for start, end in zip(starts, starts[1:] + [len(index)]):
                if end - start == 1:
                    scores[start] += o.weight_own_block
                    own_block[start] = True
                    continue
                block = shapes[start:end]
                added = 0.0
                if sorted(line.words for line in block)[len(block) // 2] < o.menu_words:
                    added += o.weight_menu_block
                if 2 * sum(line.sentence_end for line in block) < len(block):
                    added += o.weight_list_block
                if added:
                    for k in range(start, end):
                        scores[k] += added
        weight, last = o.weight_neighbours, len(content) - 1
        if weight and last:
            for k in range(len(content)):
                if 0 < k < last:
                    scores[k] += weight * 0.5 * (content[k - 1] + content[k + 1])
                else:
                    scores[k] += weight * (content[1] if k == 0 else content[last - 1])
        return scores, own_block

    # -- the article --------------------------------------------------------

    def _region(self, scores: list[float]) -> tuple[int, int]:
        """First and last line of the article: the earliest strong maximum-sum stretch."""
        floor = self.options.score_floor
        values = [score if score > floor else floor for score in scores]
        stretches, todo = [], [(0, len(values))]
        while todo:
            low, high = todo.pop()
            if high <= low:
                continue
            mass, first, last = _best_stretch(values, low, high)
            if mass <= 0 or last < first:
                continue
            stretches.append((first, last, mass))
            todo += [(low, first), (last + 1, high)]
        if not stretches:
            return 0, -1
        best = max(mass for _, _, mass in stretches)
        # Comment threads, teaser lists and footers come after the article and
        # can hold more prose than a short one: the earliest strong stretch wins.
        first, last, _ = min((s for s in stretches if s[2] >= self.options.earliest_share * best), key=lambda s: s[0])
        return first, last

    def _extend(self, shapes: list[_Line], scores: list[float], own_block: list[bool], last: int) -> int:
        """Carry the article over the one-line paragraphs after it (recipes, lists), up to the last prose one."""
        o = self.options
        if o.extend_above is None:
            return last
        extended, k = last, last + 1
        while (
            k < len(shapes)
            and own_block[k]
            and not shapes[k].furniture
            and not self._ends_article(shapes[k])
            and scores[k] > o.extend_above
        ):
            if scores[k] > o.prose_score:
                extended = k
            k += 1
        return extended

    def _cut_at_end_marker(self, shapes: list[_Line], scores: list[float], first: int, last: int) -> int:
        """End the article before a comment-section marker, unless it comes early (a "Comments" link by the title)."""
        total = sum(score for score in scores[first : last + 1] if score > 0)
        before = 0.0
        for k in range(first, last + 1):
            if before >= self.options.end_marker_share * total and self._ends_article(shapes[k]):
                return k - 1
            if scores[k] > 0:
                before += scores[k]
        return last

    def _kept(self, shapes: list[_Line], scores: list[float], first: int, last: int) -> list[int]:
        """Prose lines, and the lines of short gaps between them up to a furniture line."""
        o = self.options
        kept, k = [], first
        while k <= last:
            if scores[k] > o.prose_score:
                kept.append(k)
                k += 1
                continue
            gap_end = k
            while gap_end <= last and scores[gap_end] <= o.prose_score:
                gap_end += 1
            if gap_end - k <= o.max_gap_lines:
                for j in range(k, gap_end):
                    if shapes[j].furniture:
                        break  # "Related articles" and the headlines under it
                    kept.append(j)
            k = gap_end
        return kept

    def _navigation(
        self, shapes: list[_Line], scores: list[float], index: list[int], keep: list[bool]
    ) -> tuple[int, int]:
        """Lines in runs of short lines (menus, link lists) before the article, and after the text's last prose line.

        A list between prose lines does not count, even when the scorer leaves
        it out with the prose after it: an article with a long list is not a page.
        """
        first = keep.index(True)
        last_prose = max((i for i, score in zip(index, scores) if score > self.options.prose_score), default=len(keep))
        short = {i for i, shape in zip(index, shapes) if shape.words < self.options.menu_words}
        before = after = 0
        run: list[int] = []
        for i in range(len(keep) + 1):
            if i in short:
                run.append(i)
                continue
            if len(run) >= self.options.navigation_run:
                if run[-1] < first:
                    before += len(run)
                elif run[0] > last_prose:
                    after += len(run)
            run = []
        return before, after


def _best_stretch(values: list[float], low: int, high: int) -> tuple[float, int, int]:
    """The maximum-sum run of values[low:high] (Kadane): its sum, first and last index."""
    best, current, start, best_first, best_last = float("-inf"), 0.0, low, low, low - 1
    for k in range(low, high):
        if current <= 0:
            current, start = values[k], k
        else:
            current += values[k]
        if current > best:
            best, best_first, best_last = current, start, k
    return best, best_first, best_last
