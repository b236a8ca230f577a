"""Where the article is in a page, and what inside it is still furniture.

1. Drop rules remove what they match, but a broad rule (`guard: true`, such as
   `[class*=sidebar]`) is ignored on an element that holds a large share of the
   page's paragraph text: it has matched a wrapper of the article itself.
2. Every container element is scored by the paragraph-like text under it, less
   a share of its other text and links, weighted by class and id hint words;
   the best one is the article (a keep rule's element wins when it is big enough).
3. Inside it, blocks that are still furniture go: title repeats, link lists,
   furniture lines, share rows in furniture-named boxes, teaser cards, "Related"
   sections, a standfirst, and bylines and dates at the edges.
Pure functions over what `htmlpage.read_page` gives; no tree, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from ..core import Memo, ends_sentence
from ..rulebook import Pattern
from ._model import ContentModel, features
from ._page import Node, Page, PageBlock

_HINT_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_HAS_WORD = re.compile(r"[^\W_]")
# An edge line that ends in a colon or a closing quote or bracket reads as finished too (a quote, a caption).
_LINE_ENDS = ":\"”'’)»"
_URL = re.compile(r"(?:https?://|www\.)\S+")
_FURNITURE_EDGES = " .:|-–—•·"  # "Share:", "| Advertisement |" are still furniture lines
_RELATED_EDGES = _FURNITURE_EDGES + ">»"

OUTSIDE = "html/outside-article"
REASONS = {
    "title": "html/title-repeat",
    "no-words": "html/no-words",
    "link-dense": "html/link-list",
    "urls": "html/url-lines",
    "hint": "html/furniture-box",
    "teaser": "html/teaser-card",
    "standfirst": "html/standfirst",
    "edge": "html/edge-line",
    "model": "html/content-model",
}
# The finder's own guesses, which the content model may overrule. A heading that says the title again is no
# guess: the title is written already, and keeping it would print it twice.
_FINDER_REASONS = frozenset(REASONS.values()) - {REASONS["title"]}


class ContentOptions(Protocol):
    """The parse_html options the finder reads (see stages/parse_html.py for what each means); read-only."""

    @property
    def positive_hints(self) -> tuple[str, ...]: ...

    @property
    def negative_hints(self) -> tuple[str, ...]: ...

    @property
    def container_tags(self) -> tuple[str, ...]: ...

    @property
    def good_min_chars(self) -> int: ...

    @property
    def good_max_link_density(self) -> float: ...

    @property
    def other_text_penalty(self) -> float: ...

    @property
    def other_link_penalty(self) -> float: ...

    @property
    def negative_hint_factor(self) -> float: ...

    @property
    def positive_hint_bonus(self) -> float: ...

    @property
    def drop_guard_share(self) -> float: ...

    @property
    def drop_majority_share(self) -> float: ...

    @property
    def furniture_box_max_share(self) -> float: ...

    @property
    def link_list_density(self) -> float: ...

    @property
    def list_item_link_density(self) -> float: ...

    @property
    def url_share(self) -> float: ...

    @property
    def furniture_max_chars(self) -> int: ...

    @property
    def furniture_max_good_chars(self) -> int: ...

    @property
    def related_max_link_density(self) -> float: ...

    @property
    def standfirst_min_chars(self) -> int: ...

    @property
    def edge_max_chars(self) -> int: ...

    @property
    def edge_head_blocks(self) -> int: ...

    @property
    def edge_tail_blocks(self) -> int: ...

    @property
    def title_word_share(self) -> float: ...

    @property
    def teaser_cards(self) -> bool: ...


@dataclass(frozen=True)
class LinePattern:
    """A furniture or "related" rule as the finder uses it."""

    pattern: Pattern
    rule_id: str


@dataclass
class BlockVerdict:
    block: PageBlock
    reason: str = ""  # a rule id; empty when the block is kept
    by_selector: bool = False  # removed by a drop rule, before the finder ran
    by_rule: bool = False  # removed by a rule (drop, furniture, related, or outside a keep rule's element)


class ContentFinder:
    def __init__(
        self,
        settings: ContentOptions,
        furniture: list[LinePattern],
        related: list[LinePattern],
        model: ContentModel | None = None,
    ) -> None:
        self.settings = settings
        self.model = model
        self.furniture = furniture
        self.related = related
        self.positive = frozenset(word.lower() for word in settings.positive_hints)
        self.negative = frozenset(word.lower() for word in settings.negative_hints)
        self.containers = frozenset(settings.container_tags)
        self._hints: Memo[str, int] = Memo(limit=100_000)

    def judge(self, page: Page, titles: list[str]) -> tuple[list[Node], list[BlockVerdict]]:
        """The elements that hold the article, and a verdict for every block of the page."""
        for node in page.nodes:
            node.hint = self._hint(node.names) if node.names else 0
        verdicts = [BlockVerdict(block) for block in page.blocks]
        dropped = self._apply_drops(page, verdicts)
        live = [v.block for v in verdicts if not v.reason]
        containers = self._containers(page, live) if live else []
        if not containers and live:
            containers = [page.nodes[0]]  # no paragraph-like text at all: prune the whole body
        titles = [_normal(title) for title in titles]
        for verdict in verdicts:
            if verdict.reason:
                continue
            container = next((node for node in containers if verdict.block.node.within(node)), None)
            if container is None:
                verdict.reason = OUTSIDE
            else:
                verdict.reason = self._block_reason(verdict.block, titles) or self._in_furniture_box(
                    verdict.block, container
                )
        inside = [v for index, v in enumerate(verdicts) if v.reason != OUTSIDE and index not in dropped]
        if self.settings.teaser_cards:
            self._teaser_cards(inside, set(map(id, containers)))
        self._related_sections(inside)
        self._standfirst(inside)
        self._edges(inside)
        named = any(node.keep is not None for node in containers)
        for verdict in verdicts:
            reason = verdict.reason
            verdict.by_rule = (
                verdict.by_selector
                or (reason == OUTSIDE and named)
                or (bool(reason) and reason != OUTSIDE and reason not in _FINDER_REASONS)
            )
        if self.model is not None:
            self._apply_model(self.model, page, verdicts, containers)
        return containers, verdicts

    def rows(self, page: Page, verdicts: list[BlockVerdict], containers: list[Node], wanted=None):
        """The content model's feature rows for the hand finder's verdicts (what training reads)."""
        return features(
            page,
            [verdict.reason for verdict in verdicts],
            [verdict.by_selector for verdict in verdicts],
            containers,
            self._good,
            wanted,
        )

    def _apply_model(
        self, model: ContentModel, page: Page, verdicts: list[BlockVerdict], containers: list[Node]
    ) -> None:
        """The learned model has the last word on every block no rule removed: the finder's own guesses."""
        wanted = [not verdict.by_rule for verdict in verdicts]
        rows = self.rows(page, verdicts, containers, wanted)
        live = [index for index, row in enumerate(rows) if row is not None]
        chances = model.scores([row for row in rows if row is not None])
        if not any(chance >= model.threshold for chance in chances):
            return  # the model would leave the page empty: the finder's choice is the better guess
        for index, chance in zip(live, chances):
            verdict = verdicts[index]
            if chance >= model.threshold:
                verdict.reason = ""
            elif not verdict.reason:
                verdict.reason = REASONS["model"]

    # ------------------------------------------------------------ drops and finder

    def is_paragraph(self, block: PageBlock) -> bool:
        """Paragraph-like: long enough and not mostly links."""
        return self._good(block)

    def _good(self, block: PageBlock) -> bool:
        size = len(block.text)
        return size >= self.settings.good_min_chars and block.links <= self.settings.good_max_link_density * size

    def _sum(self, page: Page, blocks: list[PageBlock]) -> None:
        """Text per node, bottom-up: nodes come in document order, so children follow parents."""
        for node in page.nodes:
            node.good = node.raw = node.other = node.other_links = 0.0
        for block in blocks:
            node = block.node
            plain = len(block.text) - block.links
            if self._good(block):
                node.good += plain
                node.raw += plain
            else:
                node.other += plain
                node.other_links += block.links
        factor = self.settings.negative_hint_factor
        for node in reversed(page.nodes):
            parent = node.parent
            if parent is not None:
                parent.good += node.good * factor if node.hint < 0 else node.good
                parent.raw += node.raw
                parent.other += node.other
                parent.other_links += node.other_links

    def _apply_drops(self, page: Page, verdicts: list[BlockVerdict]) -> set[int]:
        """Blocks under an element a drop rule matched, unless the rule matched the article's own wrapper: an
        element holding most of the page's paragraph text, or, for a broad `guard` rule, a good share of it or
        the element the finder would take as the article once the other drop rules have run."""
        self._sum(page, page.blocks)
        total = page.nodes[0].raw
        guarded, majority = self.settings.drop_guard_share * total, self.settings.drop_majority_share * total
        protected = self._article_wrappers(page, verdicts)
        self._sum(page, page.blocks)
        dropped = set()
        for index, verdict in enumerate(verdicts):
            for node in verdict.block.drops:
                rule = node.drop
                assert rule is not None  # read_page lists only the nodes a drop rule matched
                broad = getattr(rule, "guard", False)
                if broad and id(node) in protected:
                    continue
                limit = guarded if broad else majority
                if node.raw <= limit or node.raw == 0:
                    verdict.reason = rule.id
                    verdict.by_selector = True
                    dropped.add(index)
                    break
        return dropped

    def _article_wrappers(self, page: Page, verdicts: list[BlockVerdict]) -> set[int]:
        """The element the finder would take as the article if only the exact (unguarded) drop rules ran, and
        the elements around it: a broad rule matching one of them has hit the article's wrapper."""
        if not any(node.drop is not None and getattr(node.drop, "guard", False) for node in page.nodes):
            return set()
        majority = self.settings.drop_majority_share * page.nodes[0].raw
        live = [
            verdict.block
            for verdict in verdicts
            if not any(
                not getattr(node.drop, "guard", False) and (node.raw <= majority or node.raw == 0)
                for node in verdict.block.drops
            )
        ]
        chosen = self._containers(page, live) if live else []
        wrappers = set()
        for node in chosen:
            walker: Node | None = node
            while walker is not None:
                wrappers.add(id(walker))
                walker = walker.parent
        return wrappers

    def _containers(self, page: Page, blocks: list[PageBlock]) -> list[Node]:
        self._sum(page, blocks)
        root = page.nodes[0]
        kept = [
            node
            for node in page.nodes
            if node.keep is not None
            and (node.parent is None or node.parent.keep is None)
            and node.raw + node.other > 0
            and node.raw >= getattr(node.keep, "min_share", 0.0) * root.raw
        ]
        if kept:  # a keep rule names the article (in one element or several)
            return kept
        if root.good <= 0:
            return []
        best, best_score = None, float("-inf")
        for node in page.nodes:
            if node.good <= 0 or node.tag not in self.containers:
                continue
            score = (
                node.good
                - self.settings.other_text_penalty * node.other
                - self.settings.other_link_penalty * node.other_links
            )
            if node.hint > 0:
                score *= 1 + self.settings.positive_hint_bonus
            elif node.hint < 0:
                score *= self.settings.negative_hint_factor
            if score > best_score:
                best, best_score = node, score
        return [best] if best is not None else []

    def _hint(self, names: str) -> int:
        """+1 for a content-like class or id, -1 for a furniture-like one (which wins), else 0."""
        return self._hints.get(names, lambda: self._judge_hint(names))

    def _judge_hint(self, names: str) -> int:
        words = {word.lower() for word in _HINT_WORDS.findall(names)}
        return -1 if words & self.negative else 1 if words & self.positive else 0

    # ------------------------------------------------------------ inside the article

    def _block_reason(self, block: PageBlock, titles: list[str]) -> str:
        text, size = block.text, len(block.text)
        settings = self.settings
        if (
            block.node.tag == "h1"
            and block.kind == "heading"
            and _repeats_title(text, titles, settings.title_word_share)
        ):
            return REASONS["title"]
        if not _HAS_WORD.search(text):
            return REASONS["no-words"]
        if size < 200 and _repeats_title(text, titles, None):
            return REASONS["title"]
        if block.links > settings.link_list_density * size or (
            block.kind == "list_item" and block.links > settings.list_item_link_density * size
        ):
            return REASONS["link-dense"]
        limit = settings.furniture_max_good_chars if self._good(block) else settings.furniture_max_chars
        if size < limit:
            bare = text.replace("\n", " ").strip(_FURNITURE_EDGES)
            for line in self.furniture:
                if line.pattern.fullmatch(bare):
                    return line.rule_id
        if "http" in text or "www." in text:
            if sum(len(url) for url in _URL.findall(text)) > settings.url_share * size:
                return REASONS["urls"]
        return ""

    def _in_furniture_box(self, block: PageBlock, container: Node) -> str:
        """A small box inside the article whose class or id names furniture (share row, video, bio)."""
        limit = self.settings.furniture_box_max_share * container.raw
        node: Node | None = block.node
        while node is not None and node is not container:
            if node.hint < 0 and node.raw <= limit:
                return REASONS["hint"]
            node = node.parent
        return ""

    def _teaser_cards(self, verdicts: list[BlockVerdict], containers: set[int]) -> None:
        """Cards pointing at other stories: list items that hold a heading, and elements that each hold one
        linked heading (a headline that is a link) beside others like them."""
        cards = set()
        linked: dict[int, int] = {}  # element -> linked headings under it, up to the article's container
        tops: list[list[Node]] = []
        for verdict in verdicts:
            block = verdict.block
            if block.kind != "heading":
                continue
            node: Node | None = block.node
            while node is not None and id(node) not in containers:
                if node.tag == "li":
                    cards.add(id(node))
                    break
                node = node.parent
            if block.node.tag != "h1" and block.links >= 0.8 * len(block.text):
                path = []
                node = block.node
                while node is not None and id(node) not in containers:
                    linked[id(node)] = linked.get(id(node), 0) + 1
                    path.append(node)
                    node = node.parent
                tops.append(path)
        for path in tops:
            # The card is the largest element holding this heading alone, if its parent holds others too.
            alone = [node for node in path if linked[id(node)] == 1]
            if alone and alone[-1].parent is not None and linked.get(id(alone[-1].parent), 0) >= 2:
                cards.add(id(alone[-1]))
        if not cards:
            return
        for verdict in verdicts:
            node = verdict.block.node
            while node is not None and id(node) not in containers:
                if id(node) in cards:
                    verdict.reason = verdict.reason or REASONS["teaser"]
                    break
                node = node.parent

    def _related_sections(self, verdicts: list[BlockVerdict]) -> None:
        """A "Related stories" line and the links, list items and short lines after it."""
        opened_by = ""
        settings = self.settings
        for verdict in verdicts:
            block = verdict.block
            text, size = block.text, len(block.text)
            if size < 80:
                bare = text.replace("\n", " ").strip(_RELATED_EDGES)
                rule_id = next((line.rule_id for line in self.related if line.pattern.fullmatch(bare)), "")
                if rule_id:
                    opened_by = verdict.reason = verdict.reason or rule_id
                    continue
            if not opened_by:
                continue
            linked = block.links > settings.related_max_link_density * size
            if (self._good(block) and block.kind != "list_item") or (_subheading(block) and not linked):
                opened_by = ""
            elif (
                block.kind == "list_item"
                or linked
                or (size < settings.edge_max_chars and not ends_sentence(text, also=_LINE_ENDS))
            ):
                verdict.reason = verdict.reason or opened_by
            else:
                opened_by = ""

    def _standfirst(self, verdicts: list[BlockVerdict]) -> None:
        """Long headings before the first paragraph are the standfirst, not the story."""
        for verdict in verdicts:
            if verdict.reason:
                continue
            block = verdict.block
            if self._good(block) and not _subheading(block):
                return
            if _subheading(block) and len(block.text) >= self.settings.standfirst_min_chars:
                verdict.reason = REASONS["standfirst"]

    def _edges(self, verdicts: list[BlockVerdict]) -> None:
        """Short lines that are not sentences at the start and end: kickers, bylines, dates, tags."""
        live = [verdict for verdict in verdicts if not verdict.reason]
        settings = self.settings
        for sequence, limit, tail in (
            (live, settings.edge_head_blocks, False),
            (live[::-1], settings.edge_tail_blocks, True),
        ):
            for verdict in sequence[:limit]:
                block = verdict.block
                if (
                    verdict.reason
                    or (tail and block.kind == "list_item")
                    or (block.kind == "heading" and block.node.tag == "h1")
                ):
                    break  # an <h1> that is not the page's title is the article's own headline
                if len(block.text) < settings.edge_max_chars and not ends_sentence(block.text, also=_LINE_ENDS):
                    verdict.reason = REASONS["edge"]
                else:
                    break


def _subheading(block: PageBlock) -> bool:
    return block.kind == "heading" and block.node.tag != "h1"


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _repeats_title(text: str, titles: list[str], word_share: float | None) -> bool:
    """The block says the title again (exactly, inside it, or with a site name added)."""
    normal = _normal(text)
    if not normal:
        return False
    for title in titles:
        if (
            normal == title
            or (len(normal) > 15 and normal in title)
            or (len(title) > 15 and title in normal and len(normal) < len(title) + 30)
        ):
            return True
        words = normal.split()
        if word_share is not None and len(words) >= 4:
            known = set(title.split())
            if sum(word in known for word in words) >= word_share * len(words):
                return True
    return False
