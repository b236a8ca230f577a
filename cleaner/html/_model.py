"""The learned content model: what each block of a page looks like, and how likely it is the article's.

Every block gets features that say nothing about a site in particular: its
length, punctuation, share of the page language's stop words, link density,
tag, kind, depth and position, what its neighbours look like, how much of the
page's paragraph text the elements around it hold, what the hand-written finder
decided about it, and its class and id words hashed into a few buckets. A
logistic model, trained by `bench/train_content.py` on the dev pages and shipped
as `data/content-model.json`, turns them into the chance that the block belongs
to the article. Plain Python: a dot product per block.
"""

from __future__ import annotations

import json
import math
import operator
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from ..core import Memo, ends_sentence, main_stop_words
from ._page import Node, Page, PageBlock

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "content-model.json"
HASH_BUCKETS = 512
Row = tuple[list[float], list[int]]  # dense features, then the hashed buckets that are on
_WORD = regex.compile(r"\p{L}+|\d+")
_HINT_WORDS = regex.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_PUNCTUATION = tuple('.,;:!?…»«"“”„')
_TAGS = (
    "p",
    "div",
    "li",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "figcaption",
    "section",
    "article",
    "span",
    "header",
    "footer",
    "aside",
    "nav",
    "form",
    "table",
    "tr",
    "ul",
    "ol",
)
_KINDS = ("paragraph", "heading", "list_item", "quote", "code", "table_row")
# What the hand-written finder guessed: kept, outside its container, or pruned inside it (by which test). The
# model is never asked about a block a rule decided, so rules show only through the neighbours' verdicts.
VERDICTS = (
    "",
    "html/outside-article",
    "html/title-repeat",
    "html/no-words",
    "html/link-list",
    "html/url-lines",
    "html/furniture-box",
    "html/teaser-card",
    "html/standfirst",
    "html/edge-line",
)


def _one_hot(values: Sequence[str], extra: int = 0) -> dict[str, list[float]]:
    return {value: [float(value == other) for other in values] + [0.0] * extra for value in values}


_KIND_COLUMNS = _one_hot(_KINDS)
_NO_KIND = [0.0] * len(_KINDS)
_TAG_COLUMNS = _one_hot(_TAGS, extra=1)  # the last column: a tag not listed
_OTHER_TAG = [0.0] * len(_TAGS) + [1.0]
_VERDICT_COLUMNS = _one_hot(VERDICTS)
_OTHER_VERDICT = [0.0] * len(VERDICTS)  # a rule's verdict (in training rows the model never uses)


def _hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % HASH_BUCKETS


def feature_names() -> list[str]:
    names = [
        "bias",
        "log_chars",
        "log_words",
        "link_density",
        "punctuation",
        "stop_share",
        "ends_sentence",
        "starts_upper",
        "digit_share",
        "good",
        "many_lines",
    ]
    names += [f"kind={kind}" for kind in _KINDS] + [f"tag={tag}" for tag in _TAGS] + ["tag=other"]
    names += [f"verdict={verdict or 'kept'}" for verdict in VERDICTS]
    names += [
        "position",
        "log_depth",
        "in_container",
        "container_share",
        "element_share",
        "element_paragraph_share",
        "grandparent_share",
        "negative_hint",
        "positive_hint",
        "container_negative_hint",
    ]
    for side in ("previous", "next"):
        names += [f"{side}_good", f"{side}_link_density", f"{side}_log_chars", f"{side}_kept", f"{side}_sibling"]
    names += ["run_good_share", "after_h1", "page_log_blocks"]
    return names


DENSE = len(feature_names())


@dataclass(frozen=True)
class ContentModel:
    weights: tuple[float, ...]  # DENSE dense weights, then 3 * HASH_BUCKETS for the hashed class/id words
    threshold: float

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> ContentModel:
        return _LOADED.get(str(path), lambda: cls._read(path))

    @classmethod
    def _read(cls, path: Path) -> ContentModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != feature_names() or data.get("hash_buckets") != HASH_BUCKETS:
            raise ValueError(f"{path}: the model was trained on other features; run bench/train_content.py again")
        return cls(tuple(data["weights"]), data["threshold"])

    def scores(self, rows: Sequence[Row]) -> list[float]:
        weights = self.weights
        result = []
        for dense, hashed in rows:
            total = sum(map(operator.mul, dense, weights))
            total += sum([weights[DENSE + index] for index in hashed])
            result.append(1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0))))
        return result


_LOADED: Memo[str, ContentModel] = Memo(limit=8)


def features(
    page: Page,
    reasons: Sequence[str],
    by_selector: Sequence[bool],
    containers: Sequence[Node],
    is_good: Callable[[PageBlock], bool],
    wanted: Sequence[bool] | None = None,
) -> list[Row | None]:
    """One (dense, hashed) feature row per block of `page` (None where `wanted` says no); `reasons` are the
    verdicts before the model, and `by_selector` says which of them a drop rule gave (those blocks do not count
    towards the page's language)."""
    tokens = [
        _WORD.findall(block.text.lower()) if wanted is None or wanted[index] else []
        for index, block in enumerate(page.blocks)
    ]
    stop_words = main_stop_words([words for words, dropped in zip(tokens, by_selector) if not dropped])
    root_raw = page.nodes[0].raw or 1.0
    container_ids = {id(node) for node in containers}
    # Per element, from the top down (a parent comes before its children): depth, and whether it or an element
    # around it has a furniture-like or content-like name, or is one of the article's containers.
    above: dict[int, tuple[int, bool, bool, bool]] = {}
    for node in page.nodes:
        depth, negative, positive, inside = above.get(id(node.parent), (-1, False, False, False))
        above[id(node)] = (
            depth + 1,
            negative or node.hint < 0,
            positive or node.hint > 0,
            inside or id(node) in container_ids,
        )
    container_raw = max((node.raw for node in containers), default=0.0)
    container_negative = any(node.hint < 0 for node in containers)
    blocks = page.blocks
    count = len(blocks)
    texts = [block.text for block in blocks]
    sizes = [len(text) for text in texts]
    goods = [is_good(block) for block in blocks]
    link_density = [block.links / (size or 1) for block, size in zip(blocks, sizes)]
    log_chars = [math.log1p(size) for size in sizes]
    kept = [not reason for reason in reasons]
    total_good = sum(size for size, good in zip(sizes, goods) if good) or 1
    good_before = 0
    seen_h1 = False
    rows: list[Row | None] = []
    for index, block in enumerate(blocks):
        text = texts[index]
        if goods[index]:
            good_before += sizes[index]
        seen_h1 = seen_h1 or (block.kind == "heading" and block.node.tag == "h1")
        if wanted is not None and not wanted[index]:
            rows.append(None)
            continue
        size = sizes[index] or 1
        words = tokens[index]
        node = block.node
        parent = node.parent
        grandparent = parent.parent if parent is not None else None
        row = [
            1.0,
            log_chars[index],
            math.log1p(len(words)),
            link_density[index],
            sum(map(text.count, _PUNCTUATION)) / size * 10,
            sum(map(stop_words.__contains__, words)) / len(words) if words else 0.0,
            float(ends_sentence(text)),
            float(text[:1].isupper() or text[:1].isdigit()),
            sum(map(text.count, "0123456789")) / size,
            float(goods[index]),
            float("\n" in text),
        ]
        row += _KIND_COLUMNS.get(block.kind, _NO_KIND)
        row += _TAG_COLUMNS.get(node.tag, _OTHER_TAG)
        row += _VERDICT_COLUMNS.get(reasons[index], _OTHER_VERDICT)
        depth, negative, positive, inside = above[id(node)]
        row += [
            index / count,
            math.log1p(depth),
            float(inside),
            container_raw / root_raw,
            _share(node, root_raw),
            (node.raw / (node.raw + node.other)) if node.raw + node.other else 0.0,
            _share(grandparent, root_raw),
            float(negative),
            float(positive),
            float(container_negative),
        ]
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < count:
                row += [
                    float(goods[neighbour]),
                    link_density[neighbour],
                    log_chars[neighbour],
                    float(kept[neighbour]),
                    float(blocks[neighbour].node.parent is parent),
                ]
            else:
                row += [0.0, 0.0, 0.0, 0.0, 0.0]
        row += [good_before / total_good, float(seen_h1), math.log1p(count)]
        hashed = _name_buckets(node.names, 0)
        if parent is not None:
            hashed = hashed + _name_buckets(parent.names, 1)
        if grandparent is not None:
            hashed = hashed + _name_buckets(grandparent.names, 2)
        rows.append((row, hashed))
    return rows


def _name_buckets(names: str, level: int) -> list[int]:
    """The buckets of an element's class and id words, as the element itself (0), its parent or grandparent."""
    if not names:
        return []
    return _BUCKETS.get((names, level), lambda: _buckets_of(names, level))


def _buckets_of(names: str, level: int) -> list[int]:
    words = sorted({word.lower() for word in _HINT_WORDS.findall(names)})
    return [level * HASH_BUCKETS + _hash(f"{level}:{word}") for word in words]


_BUCKETS: Memo[tuple[str, int], list[int]] = Memo(limit=50_000)


def _share(node: Node | None, root_raw: float) -> float:
    return node.raw / root_raw if node is not None else 0.0


__all__ = ["ContentModel", "DEFAULT_MODEL", "Row", "features", "feature_names"]
