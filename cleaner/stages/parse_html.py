"""Find the article in a scraped HTML page and turn it into blocks; lift its metadata.

Before: a whole page: navigation, share bars, the article, related stories,
        a cookie dialog, a footer.
After:  the article's headings, paragraphs, quotes and lists (links and
        emphasis kept), and title, author, date, section and URL from
        JSON-LD, <meta> and <title>.
Selector rules drop furniture (or name the content) first; a content finder
scores what is left by text, link density, paragraph count and class/id hints.
Never runs on text or Markdown input; images become nothing unless kept.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from bs4 import Tag

from .. import htmltree
from ..document import Document, Metadata
from ..findings import Finding, Severity
from ..schema import option
from .base import RuleBase, Stage, StageResult

_METADATA_FIELDS = ("title", "author", "date", "section", "url")


@dataclass(frozen=True)
class Options:
    positive_hints: tuple[str, ...] = option(
        ("article", "content", "story", "body", "post", "entry", "text", "main", "news"),
        "class or id words that make an element more likely the article",
    )
    negative_hints: tuple[str, ...] = option(
        ("comment", "sidebar", "related", "promo", "footer", "header", "nav", "menu", "share", "social", "widget",
         "advert", "sponsor", "newsletter", "subscribe", "recommend", "popular", "trending", "cookie", "modal",
         "banner", "breadcrumb", "tags", "author-bio", "caption", "credit", "outbrain", "taboola"),
        "class or id words that make an element less likely the article",
    )
    min_paragraph_chars: int = option(25, "shorter paragraphs count little towards a container's score")


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    drop: str | None = option(None, "CSS selector of elements to remove before anything else")
    keep: str | None = option(None, "CSS selector of the article's content: when it matches, no other finding is done")

    matcher_keys = ("drop", "keep")


class ParseHtml(Stage):
    name = "parse_html"
    Options = Options
    Rule = Rule
    default_severity = Severity.INFO
    example_format = "html"

    def apply(self, document: Document) -> StageResult:
        if document.html is None:
            return StageResult(document)
        soup = htmltree.parse(document.html)
        found = htmltree.page_metadata(soup)
        metadata = _merge(document.metadata, found)
        findings: list[Finding] = []
        scoped = replace(document, metadata=metadata)
        rules = self.rules_for(scoped)  # `sources` globs can now see the page's own URL
        for rule in rules:
            if rule.drop:
                dropped = soup.select(rule.drop)
                for element in dropped:
                    element.decompose()
                if dropped:
                    findings.append(self._finding(rule, f"dropped {len(dropped)} element(s) matching {rule.drop!r}"))
        kept = [element for rule in rules if rule.keep for element in soup.select(rule.keep)]
        roots = kept or [self._content_root(soup)]
        lines = _LineFinder(document.html)
        title = metadata.title
        blocks = [
            block for root in roots for block in htmltree.blocks_from(root, lines.line_of)
            if not (title and block.kind == "heading" and block.text.strip() == title.strip())
        ]
        if not any(block.text.strip() for block in blocks):
            findings.append(Finding(rule_id="html/no-content", stage=self.name, severity=Severity.WARNING,
                                    message="no article text found in this page", line=1, column=1, end_line=1,
                                    end_column=1, before="", after="", fixable=False))
        return StageResult(replace(document, html=None, metadata=metadata, blocks=tuple(blocks)), tuple(findings))

    def _content_root(self, soup) -> Tag:
        """The element that holds the article: the most well-written, least linked text."""
        scores: dict[int, float] = {}
        elements: dict[int, Tag] = {}
        for paragraph in soup.find_all(["p", "pre", "blockquote"]):
            text = htmltree.text_of(paragraph)
            if len(text) < self.options.min_paragraph_chars:
                continue
            links = sum(len(htmltree.text_of(a)) for a in paragraph.find_all("a"))
            value = (1 + text.count(",") + min(len(text) // 100, 3)) * (1 - links / max(len(text), 1))
            parent = paragraph.parent
            for weight in (1.0, 0.5, 0.25):
                if not isinstance(parent, Tag) or parent.name in ("html", "[document]"):
                    break
                key = id(parent)
                elements[key] = parent
                scores[key] = scores.get(key, 0.0) + value * weight
                parent = parent.parent
        if not scores:
            return soup.body or soup
        best = max(scores, key=lambda key: scores[key] * self._hint_weight(elements[key]))
        return elements[best]

    def _hint_weight(self, element: Tag) -> float:
        words = " ".join([element.get("id") or "", *(element.get("class") or [])]).lower()
        weight = 1.0
        if any(hint in words for hint in self.options.positive_hints) or element.name in ("article", "main"):
            weight *= 1.25
        if any(hint in words for hint in self.options.negative_hints):
            weight *= 0.5
        return weight

    def _finding(self, rule: Rule, message: str) -> Finding:
        return Finding(rule_id=rule.id, stage=self.name, severity=self.severity(rule), message=message, line=1,
                       column=1, end_line=1, end_column=1, before="", after="", fixable=False)


def _merge(metadata: Metadata, found: dict[str, str]) -> Metadata:
    fields = {key: found[key] for key in _METADATA_FIELDS if key in found and not getattr(metadata, key)}
    extra = metadata.extra + ((("description", found["description"]),) if "description" in found else ())
    return replace(metadata, **fields, extra=extra)


class _LineFinder:
    """The input line where a block's text appears, searching forward from the last block."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.position = 0
        self.line = 1

    def line_of(self, text: str) -> int:
        probe = text[:24]
        found = self.html.find(probe, self.position)
        if found >= 0:
            self.line += self.html.count("\n", self.position, found)
            self.position = found
        return self.line
