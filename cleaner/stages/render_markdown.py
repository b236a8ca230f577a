"""Write the Document as YAML front matter, `# Title` and CommonMark blocks.

The only stage that renders text. Plain text is escaped just enough that a
CommonMark reader gives back exactly the same words, so cleaning the output
again changes nothing (the Markdown reader reads what this writes).

Before: `Top News` / title line / `Arpita Kushwaha | May 10, 2025 4:27 PM CST`
After:  front matter with title, author, date, section and source, then
        `# Marco Rubio speaks with the army leader ...` and the paragraphs.
Never changes a word of the text: it only adds markup and escapes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import yaml

from ..document import Block, Document, Mark
from ..schema import option
from .base import Stage, StageResult

# Characters that could start inline markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
# Line starts that CommonMark would read as a block: heading, quote, list item,
# thematic break, fence, setext underline, HTML block or indented code.
_BLOCK_START = re.compile(r"^(#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|=+[ \t]*$|-+[ \t]*$|~~~|(?:[-_*][ \t]*){3,}$)")
_FRONT_MATTER_ORDER = ("title", "author", "date", "section", "source", "url")


@dataclass(frozen=True)
class Options:
    front_matter: bool = option(True, "write YAML front matter with the metadata")
    title_heading: bool = option(True, "write the title as a level-1 heading before the body")
    bullet: Literal["-", "*", "+"] = option("-", "marker for bulleted list items")


def escape_inline(text: str) -> str:
    """Backslash-escape characters that could start inline markup."""
    # "<" becomes an entity: some renderers read "\<tag>" as HTML, none read "&lt;" so.
    return _INLINE_SPECIAL.sub(lambda match: "\\" + match.group(0), text).replace("<", "&lt;")


def escape_block_start(line: str) -> str:
    """Escape a line start that CommonMark would read as a heading, list, quote or rule."""
    match = _BLOCK_START.match(line)
    if not match:
        return line
    if match.group(0)[0].isdigit():  # "1. " -> "1\. ": keep the number, lose the list
        digits = len(match.group(0))
        return line[:digits] + "\\" + line[digits:]
    return "\\" + line


def heading_text(text: str) -> str:
    """One line of heading text; a closing run of `#` would be read as markup."""
    text = " ".join(text.split())
    return re.sub(r"(^|\s)(#+)$", lambda m: m.group(1) + "\\" + m.group(2), text)


def render_inline(block: Block) -> str:
    """Block text as CommonMark: escaped text and inline marks, one source line per line."""
    text = block.text
    if block.marks:
        cuts = sorted({0, len(text), *(m.start for m in block.marks), *(m.end for m in block.marks)})
        rendered = "".join(
            _with_marks(text[start:end], [m for m in block.marks if m.start <= start and end <= m.end])
            for start, end in zip(cuts, cuts[1:])
        )
    else:
        rendered = escape_inline(text)
    lines = (line.strip() for line in rendered.split("\n"))
    return "\n".join(escape_block_start(line) for line in lines if line)


def _with_marks(segment: str, marks: list[Mark]) -> str:
    if any(mark.kind == "code" for mark in marks):
        fence = "``" if "`" in segment else "`"
        return f"{fence}{segment}{fence}"
    rendered = escape_inline(segment)
    for mark in marks:
        if mark.kind == "emphasis":
            rendered = f"*{rendered}*"
        elif mark.kind == "strong":
            rendered = f"**{rendered}**"
        elif mark.kind == "link":
            rendered = f"[{rendered}](<{mark.href}>)"
    return rendered


class RenderMarkdown(Stage):
    name = "render_markdown"
    Options = Options

    def apply(self, document: Document) -> StageResult:
        parts: list[str] = []
        if self.options.front_matter:
            fields = document.metadata.as_dict()
            if fields:
                ordered = {key: fields[key] for key in _FRONT_MATTER_ORDER if key in fields}
                ordered.update({key: value for key, value in fields.items() if key not in ordered})
                dumped = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=10_000)
                parts.append(f"---\n{dumped}---")
        title = document.metadata.title
        if self.options.title_heading and title:
            parts.append("# " + heading_text(escape_inline(title)))
        counters: dict[int, int] = {}
        for block in document.blocks:
            body = render_inline(block)
            if not body:
                continue
            if block.kind != "list_item":
                counters.clear()
            parts.append(self._render_block(block, body, counters))
        text = "\n\n".join(parts)
        return StageResult(document, (), text + "\n" if text else "")

    def _render_block(self, block: Block, body: str, counters: dict[int, int]) -> str:
        if block.kind == "heading":
            return "#" * max(1, min(block.level or 2, 6)) + " " + heading_text(body)
        if block.kind == "quote":
            return "\n".join("> " + line for line in body.split("\n"))
        if block.kind == "code":
            fence = "````" if "```" in block.text else "```"
            return f"{fence}\n{block.text}\n{fence}"
        if block.kind == "list_item":
            depth = max(block.level, 1)
            counters[depth] = counters.get(depth, 0) + 1
            for deeper in [d for d in counters if d > depth]:
                del counters[deeper]
            marker = f"{counters[depth]}." if block.ordered else self.options.bullet
            indent = "   " * (depth - 1)
            pad = " " * (len(marker) + 1)
            lines = body.split("\n")
            return indent + marker + " " + ("\n" + indent + pad).join(lines)
        return body
