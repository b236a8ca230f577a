"""Find the article in a scraped HTML page and turn it into blocks; lift its metadata.

Before: a whole page: navigation, share bars, the article, related stories,
        a cookie dialog, a footer.
After:  the article's headings, paragraphs, quotes and lists (links and
        emphasis kept), and title, author, date, section and URL from
        JSON-LD, <meta> and <title>.
Drop rules (CSS selectors) remove furniture, keep rules name the article, and
a content finder picks the article among what is left and prunes what is
still furniture inside it (see content.py). Each dropped block is a finding.
Never runs on text or Markdown input; images become nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from ..core import Block, Document, Finding, Metadata, Severity
from ..html import (
    DEFAULT_MODEL,
    OUTSIDE,
    REASONS,
    BlockVerdict,
    ContentFinder,
    ContentModel,
    LinePattern,
    SelectorIndex,
)
from ..html import _meta as htmlmeta
from ..html import _page as htmlpage
from ..html._page import Node, Page
from ..rulebook import CssSelector, Regex, RuleBase, compile_pattern, option
from .base import MetadataText, Stage, StageResult

_METADATA_FIELDS = ("title", "author", "date", "section", "url")


@dataclass(frozen=True)
class Options:
    skip_tags: tuple[str, ...] = option(
        (
            "script",
            "style",
            "noscript",
            "template",
            "svg",
            "math",
            "iframe",
            "object",
            "embed",
            "canvas",
            "video",
            "audio",
            "source",
            "track",
            "picture",
            "img",
            "map",
            "button",
            "input",
            "select",
            "option",
            "textarea",
            "label",
            "head",
            "title",
            "meta",
            "link",
        ),
        "elements whose content is never article text (not even read)",
    )
    positive_hints: tuple[str, ...] = option(
        (
            "article",
            "articlebody",
            "content",
            "story",
            "storybody",
            "body",
            "entry",
            "post",
            "text",
            "main",
            "blog",
            "news",
            "prose",
            "richtext",
            "rte",
        ),
        "class or id words (split at -, _ and camelCase) that make an element more likely the article",
    )
    negative_hints: tuple[str, ...] = option(
        (
            "comment",
            "comments",
            "sidebar",
            "related",
            "promo",
            "footer",
            "header",
            "nav",
            "menu",
            "share",
            "sharing",
            "social",
            "widget",
            "ad",
            "ads",
            "advert",
            "advertisement",
            "banner",
            "sponsor",
            "sponsored",
            "newsletter",
            "subscribe",
            "subscription",
            "signup",
            "popular",
            "trending",
            "recommended",
            "recirc",
            "outbrain",
            "taboola",
            "teaser",
            "teasers",
            "rail",
            "toolbar",
            "breadcrumb",
            "breadcrumbs",
            "tags",
            "tag",
            "meta",
            "byline",
            "author",
            "caption",
            "credit",
            "credits",
            "masthead",
            "modal",
            "popup",
            "cookie",
            "next",
            "prev",
            "pagination",
            "pager",
            "bio",
            "timestamp",
            "dateline",
            "video",
            "gallery",
            "rating",
            "reactions",
            "login",
            "print",
            "cta",
            "callout",
        ),
        "class or id words that make an element less likely the article (and a small box of them furniture)",
    )
    container_tags: tuple[str, ...] = option(
        ("div", "section", "article", "main", "body", "td", "center", "form"),
        "elements that can be the article's container",
    )
    good_min_chars: int = option(70, "a block this long (and not mostly links) is paragraph-like text")
    good_max_link_density: float = option(0.35, "a paragraph-like block has at most this share of its text in links")
    other_text_penalty: float = option(0.35, "container score: paragraph text minus this times its other text")
    other_link_penalty: float = option(0.35, "container score: ... minus this times the link text of its other blocks")
    negative_hint_factor: float = option(0.2, "text under a furniture-named element counts this much")
    positive_hint_bonus: float = option(0.1, "container score bonus for a content-named element")
    drop_guard_share: float = option(
        0.35, "a `guard` drop rule is ignored on an element holding this share of the page's paragraph text"
    )
    drop_majority_share: float = option(
        0.66, "no drop rule removes an element holding more than this share of the page's paragraph text"
    )
    furniture_box_max_share: float = option(
        0.15, "inside the article, a furniture-named box holding at most this share of its text goes"
    )
    link_list_density: float = option(0.75, "a block with more of its text in links than this is a link list")
    list_item_link_density: float = option(0.5, "... and a list item with more than this")
    url_share: float = option(0.5, "a block whose text is more than this share URLs goes")
    furniture_max_chars: int = option(80, "`furniture` rules apply to short blocks up to this length ...")
    furniture_max_good_chars: int = option(400, "... and to paragraph-like blocks up to this length")
    related_max_link_density: float = option(0.3, "after a `related` heading, blocks with more links than this go too")
    standfirst_min_chars: int = option(60, "a subheading this long before the first paragraph is the standfirst")
    edge_max_chars: int = option(
        60, "shorter blocks that do not end a sentence at the article's edges go (bylines, dates)"
    )
    edge_head_blocks: int = option(4, "at most this many such blocks at the start")
    edge_tail_blocks: int = option(2, "and at the end")
    title_word_share: float = option(0.8, "an <h1> with this share of its words in the page title repeats the title")
    teaser_cards: bool = option(
        True, "list items holding a heading, and elements each holding one linked headline, are cards for other stories"
    )
    json_ld_min_chars: int = option(500, "a JSON-LD articleBody at least this long ...")
    json_ld_fallback_share: float = option(
        0.5, "... replaces the blocks found when they hold less than this share of its length"
    )
    min_output_share: float = option(
        0.2, "warn (html/little-text) when the output holds less than this share of the page's paragraph text"
    )
    content_model: str = option(
        "default",
        "the learned model that has the last word on each block: `default` (the shipped one), `off`, "
        "or the path of a model file written by bench/train_content.py",
    )


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    drop: CssSelector | None = option(None, "CSS selector of elements that are never the article")
    guard: bool = option(
        False, "drop: ignore a match that holds `drop_guard_share` of the page's text (broad selectors)"
    )
    keep: CssSelector | None = option(
        None, "CSS selector of the article's element: never dropped, and the article itself"
    )
    min_share: float = option(0.0, "keep: only when the element holds at least this share of the page's paragraph text")
    furniture: Regex | None = option(None, "a block matching this in full (ignoring case) inside the article goes")
    related: Regex | None = option(
        None, "a short block matching this in full opens a list of other stories: it and the list go"
    )

    matcher_keys = ("drop", "keep", "furniture", "related")

    def validate(self) -> list[tuple[str, str]]:
        problems = super().validate()
        if self.apply == "suggest":  # a page is read into blocks once: a rule either shapes them or is off
            problems.append(("apply", "parse_html rules always apply; use `enabled: false` to switch one off"))
        return problems


@dataclass(frozen=True)
class PageReading:
    """What the stage made of a page before choosing its blocks (also what the content model trains on)."""

    metadata: Metadata
    page: Page
    containers: list[Node]
    verdicts: list[BlockVerdict]
    finder: ContentFinder
    article_body: str  # the page's JSON-LD articleBody, if it has one


class ParseHtml(Stage[Options, Rule]):
    name = "parse_html"
    builtin_ids = (
        "html/no-content",
        "html/unpruned",
        "html/json-ld-body",
        "html/little-text",
        OUTSIDE,
        *REASONS.values(),
    )
    default_severity = Severity.INFO
    example_format = "html"

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._skip = frozenset(options.skip_tags)
        self._compiled_for: dict[tuple[str, ...], tuple[Callable, ContentFinder]] = {}

    def apply(self, document: Document) -> StageResult:
        if document.html is None:
            return StageResult(document)
        reading = self.judge(document)
        blocks = tuple(verdict.block.block for verdict in reading.verdicts if not verdict.reason)
        findings = self._findings(reading.verdicts, reading.containers)
        # The article is never lost quietly: each fallback below says what it did.
        blocks, findings = self._from_json_ld(reading.article_body, blocks, findings)
        if not any(block.text.strip() for block in blocks):
            blocks, findings = self._unpruned(reading.verdicts, findings)
        if not any(block.text.strip() for block in blocks):
            findings.append(
                self.file_finding("html/no-content", "no article text found in this page", severity=Severity.WARNING)
            )
        else:
            findings += self._coverage(reading, sum(len(block.text) for block in blocks))
        document = replace(document, html=None, metadata=reading.metadata, blocks=blocks)
        return StageResult(document, tuple(findings))

    def _from_json_ld(
        self, body: str, blocks: tuple[Block, ...], findings: list[Finding]
    ) -> tuple[tuple[Block, ...], list[Finding]]:
        """The page's JSON-LD articleBody instead of blocks that hold much less than it."""
        found = sum(len(block.text) for block in blocks)
        if len(body) < self.options.json_ld_min_chars or found >= self.options.json_ld_fallback_share * len(body):
            return blocks, findings
        message = (
            f"the page's blocks held {found} characters of text; took its JSON-LD articleBody "
            f"({len(body)} characters) instead"
        )
        return _paragraphs(body), [
            *findings,
            self.file_finding("html/json-ld-body", message, severity=Severity.WARNING),
        ]

    def _unpruned(
        self, verdicts: list[BlockVerdict], findings: list[Finding]
    ) -> tuple[tuple[Block, ...], list[Finding]]:
        """Every block of the article failed the finder's tests (a post that is a list of links): an empty page
        helps no one, so the blocks only the finder's guesses removed are kept, and the warning says so."""
        blocks = tuple(
            verdict.block.block
            for verdict in verdicts
            if verdict.reason and verdict.reason != OUTSIDE and not verdict.by_rule
        )
        message = f"every block of the article failed the tests for article text; kept all {len(blocks)}"
        if not blocks:
            # The finder chose a container with nothing in it (a comment form): the page's own <article>
            # element, if it has one, is the better guess.
            blocks = _article_element_blocks(verdicts)
            message = f"nothing was found where the article was looked for; kept the <article> element's {len(blocks)}"
        if not blocks:
            return blocks, findings
        return blocks, [*findings, self.file_finding("html/unpruned", message, severity=Severity.WARNING)]

    def _coverage(self, reading: PageReading, found: int) -> list[Finding]:
        """A warning when the output holds little of the paragraph text no rule removed."""
        paragraphs = sum(
            len(verdict.block.text)
            for verdict in reading.verdicts
            if not verdict.by_rule and reading.finder.is_paragraph(verdict.block)
        )
        if found >= self.options.min_output_share * paragraphs:
            return []
        message = (
            f"kept {found} characters of the page's {paragraphs} characters of paragraph text "
            f"({found / paragraphs:.0%}): the article may be missing"
        )
        return [self.file_finding("html/little-text", message, severity=Severity.WARNING)]

    def judge(self, document: Document) -> PageReading:
        """The page's metadata and blocks, the elements that hold the article and a verdict per block."""
        assert document.html is not None
        root = htmlpage.parse(document.html)
        head = htmlmeta.read_head(root, htmlpage.body_and_head(root)[1])
        scoped = replace(document, metadata=_merge(document.metadata, htmlmeta.page_metadata(head)))
        classifier, finder = self._compiled(self.rules_for(scoped))  # `sources` globs can see the page's URL
        lines = htmlpage.LineFinder(document.html)
        page = htmlpage.read_page(root, classifier(root, document.html), self._skip, lines.line_of)
        found = htmlmeta.page_metadata(head, page.json_ld)
        metadata = _merge(document.metadata, found)
        titles = htmlmeta.page_titles(head) + ([metadata.title] if metadata.title else [])
        containers, verdicts = finder.judge(page, titles)
        if not metadata.author:
            byline = htmlmeta.visible_byline(
                (verdict.block.text, _names_around(verdict.block.node)) for verdict in verdicts
            )
            metadata = _merge(metadata, {"author": byline} if byline else {})
        if not metadata.date:
            date = htmlmeta.visible_date(root, metadata.url or "")
            metadata = _merge(metadata, {"date": date} if date else {})
        article_body = htmlmeta.article_body([*head.json_ld, *page.json_ld])
        return PageReading(metadata, page, containers, verdicts, finder, article_body)

    def _compiled(self, rules: tuple[Rule, ...]) -> tuple[Callable, ContentFinder]:
        """Selectors and patterns of this set of rules, compiled once per process."""
        key = tuple(rule.id for rule in rules)
        if key not in self._compiled_for:
            selector_rules = [rule for rule in rules if rule.drop or rule.keep]
            # Every selector rule has a drop or a keep selector.
            index = SelectorIndex(
                [(cast(CssSelector, rule.drop or rule.keep), number) for number, rule in enumerate(selector_rules)]
            )
            verdicts: dict[tuple[int, ...], tuple[Rule | None, Rule | None]] = {}

            def classifier(root, html: str) -> Callable:
                selectors = index.for_page(root, html)

                def classify(element) -> tuple[Rule | None, Rule | None]:
                    labels = selectors.labels(element)
                    if not labels:
                        return _NEITHER
                    verdict = verdicts.get(labels)
                    if verdict is None:
                        verdict = verdicts[labels] = _keep_and_drop([selector_rules[label] for label in sorted(labels)])
                    return verdict

                return classify

            furniture = [
                LinePattern(compile_pattern(rule.furniture, True).owned_by(rule.id), rule.id)
                for rule in rules
                if rule.furniture
            ]
            related = [
                LinePattern(compile_pattern(rule.related, True).owned_by(rule.id), rule.id)
                for rule in rules
                if rule.related
            ]
            self._compiled_for[key] = classifier, ContentFinder(self.options, furniture, related, self._model())
        return self._compiled_for[key]

    def _model(self) -> ContentModel | None:
        choice = self.options.content_model
        if choice == "off":
            return None
        return ContentModel.load(DEFAULT_MODEL if choice == "default" else Path(choice))

    def _findings(self, verdicts, containers) -> list[Finding]:
        """One finding per drop rule and for what lay outside the article; one per block pruned inside it."""
        findings = []
        dropped: dict[str, list] = {}
        for verdict in verdicts:
            if verdict.reason == OUTSIDE or verdict.by_selector:
                dropped.setdefault(verdict.reason, []).append(verdict.block.block)
        for rule_id, blocks in dropped.items():
            if rule_id == OUTSIDE:
                where = ", ".join(f"<{node.tag}>" + (f" ({node.names})" if node.names else "") for node in containers)
                message = f"kept the article in {where}; dropped {len(blocks)} block(s) of the page outside it"
            else:
                message = f"dropped {len(blocks)} block(s) under elements this rule matches"
            findings.append(self._removal(rule_id, blocks[0], message, summary=True))
        for verdict in verdicts:
            if verdict.reason and not (verdict.reason == OUTSIDE or verdict.by_selector):
                block = verdict.block.block
                findings.append(self._removal(verdict.reason, block, f"dropped: {_shorten(block.text)}"))
        return findings

    def _removal(self, rule_id: str, block, message: str, summary: bool = False) -> Finding:
        rule = next((rule for rule in self.rules if rule.id == rule_id), None)
        return self.file_finding(
            rule or rule_id,
            message,
            start=block.position(0),
            end=block.position(len(block.text)),
            before="" if summary else block.text,
            after=None,
        )


_NEITHER = (None, None)
_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH_END = re.compile(r"(?i)<br\s*/?>|</p>|</h\d>|</li>|\n")


def _paragraphs(body: str) -> tuple[Block, ...]:
    """JSON-LD article text (plain, or with a little HTML in it) as one paragraph per line."""
    text = html.unescape(_TAG.sub("", _PARAGRAPH_END.sub("\n", body)))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return tuple(Block.from_lines("paragraph", [(line, 1, 1)]) for line in lines if line)


def _keep_and_drop(rules: list[Rule]) -> tuple[Rule | None, Rule | None]:
    keep = next((rule for rule in rules if rule.keep), None)
    # A strong drop rule outranks a guarded one: the guard must not save what it names.
    drops = [rule for rule in rules if rule.drop]
    drop = next((rule for rule in drops if not rule.guard), drops[0] if drops else None)
    return keep, None if keep else drop


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _names_around(node: Node) -> str:
    """Class and id words of an element and its parent."""
    names = []
    for _ in range(2):
        names.append(node.names)
        if node.parent is None:
            break
        node = node.parent
    return " ".join(names)


def _merge(metadata: Metadata, found: dict[str, str]) -> Metadata:
    fields = {key: found[key] for key in _METADATA_FIELDS if key in found and not getattr(metadata, key)}
    extra = metadata.extra + ((("description", found["description"]),) if "description" in found else ())
    return replace(metadata, **cast(MetadataText, fields), extra=extra)


def _article_element_blocks(verdicts: list[BlockVerdict]) -> tuple[Block, ...]:
    """The blocks no rule dropped inside the <article> element holding the most text."""
    by_article: dict[int, list[Block]] = {}
    for verdict in verdicts:
        if verdict.by_rule:
            continue
        node: Node | None = verdict.block.node
        while node is not None and node.tag != "article":
            node = node.parent
        if node is not None:
            by_article.setdefault(id(node), []).append(verdict.block.block)
    if not by_article:
        return ()
    return tuple(max(by_article.values(), key=lambda blocks: sum(len(block.text) for block in blocks)))
