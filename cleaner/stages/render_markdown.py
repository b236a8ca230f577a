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
from dataclasses import dataclass, replace
from typing import Literal

import yaml

from ..core import Block, Document, Mark
from ..rulebook import RuleBase, option
from ..text import PARSER, parse_inline
from .base import Stage, StageResult

# Characters that could start inline markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
# Line starts that CommonMark would read as a block: heading, quote, list item,
# thematic break, fence, setext underline, HTML block or indented code.
_BLOCK_START = re.compile(
    r"^(#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|=+[ \t]*$|-+[ \t]*$|~~~|(?:[-_*][ \t]*){3,}$)"
)
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


def table_row(body: str, header_columns: int = 0) -> str:
    """A GFM table row from its cells, one per line; the first row of a table also gets the line under it."""
    cells = [cell.strip().replace("|", "\\|") for cell in body.split("\n")]
    cells += [""] * (header_columns - len(cells))
    row = "| " + " | ".join(cells) + " |"
    if not header_columns:
        return row
    return row + "\n|" + "---|" * len(cells)


def _columns(blocks: tuple[Block, ...] | list[Block], start: int) -> int:
    """The most cells of any row in the table starting at `start` (GFM drops cells beyond the first row's)."""
    most = 1
    for block in blocks[start:]:
        if block.kind != "table_row":
            break
        most = max(most, block.text.count("\n") + 1)
    return most


# A paragraph with more inline marks than this is written as plain text: each mark is
# checked by reading the Markdown back, and real articles have a few dozen at most.
MAX_MARKS = 2000


def render_inline(block: Block) -> str:
    """Block text as CommonMark: escaped text and inline marks, one source line per line.

    Marks are written only when they read back as the same text and marks (CommonMark
    refuses `*` next to some punctuation); otherwise links alone, otherwise plain text.
    """
    plain = _lines(escape_inline(block.text))
    if len(block.marks) > MAX_MARKS:
        return plain  # reading back that many marks costs more than they are worth (a page of inline tags)
    marks = _nested(block.text, block.marks)
    if not marks:
        return plain
    expected = parse_inline(plain)[0]
    for attempt in (marks, tuple(mark for mark in marks if mark.kind in ("link", "code"))):
        if not attempt:
            break
        rendered = _lines(_render_span(block.text, 0, len(block.text), list(attempt)))
        text, read_marks = parse_inline(rendered)
        if text == expected and _signature(text, _nested(text, read_marks)) == _signature(block.text, attempt):
            return rendered
    return plain


def _signature(text: str, marks: tuple[Mark, ...]) -> list[tuple[str, str, str]]:
    return [
        (mark.kind, _destination(mark.href) if mark.kind == "link" else "", text[mark.start : mark.end])
        for mark in marks
    ]


def _destination(href: str) -> str:
    """The link target as a CommonMark reader gives it back (percent-encoded), so a re-read changes nothing."""
    return PARSER.normalizeLink(href)


def _lines(rendered: str) -> str:
    lines = (line.strip() for line in rendered.split("\n"))
    return "\n".join(escape_block_start(line) for line in lines if line)


def _nested(text: str, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """Marks trimmed to their words, without repeats, split where two cross: a tree, outermost first."""
    pending = []
    for mark in marks:
        start, end = mark.start, mark.end
        if mark.kind != "code":
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if end > start:
            pending.append(replace(mark, start=start, end=end))
    pending.sort(key=_nesting_order)
    result: list[Mark] = []
    stack: list[Mark] = []
    while pending:
        mark = pending.pop(0)
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if any(outer.kind == mark.kind for outer in stack) or (stack and stack[-1].kind == "code"):
            continue  # bold inside bold adds nothing; nothing is marked inside code
        if stack and mark.end > stack[-1].end:  # crossing: keep the part inside, retry the rest
            rest = replace(mark, start=stack[-1].end)
            mark = replace(mark, end=stack[-1].end)
            pending.append(rest)
            pending.sort(key=_nesting_order)
        result.append(mark)
        stack.append(mark)
    return tuple(result)


_KIND_DEPTH = {"link": 0, "strong": 1, "emphasis": 2, "code": 3}


def _nesting_order(mark: Mark) -> tuple[int, int, int]:
    """Outer marks first; over the same words a link holds the bold, and the bold the italic."""
    return mark.start, -mark.end, _KIND_DEPTH.get(mark.kind, 4)


def _render_span(text: str, start: int, end: int, marks: list[Mark]) -> str:
    parts: list[str] = []
    position = start
    index = 0
    while index < len(marks):
        mark = marks[index]
        inner_end = index + 1
        while inner_end < len(marks) and marks[inner_end].start < mark.end:
            inner_end += 1
        parts.append(escape_inline(text[position : mark.start]))
        parts.append(_wrap(text, mark, marks[index + 1 : inner_end]))
        position = mark.end
        index = inner_end
    parts.append(escape_inline(text[position:end]))
    return "".join(parts)


def _wrap(text: str, mark: Mark, inner: list[Mark]) -> str:
    if mark.kind == "code":
        segment = text[mark.start : mark.end]
        fence = "``" if "`" in segment else "`"
        return f"{fence}{segment}{fence}"
    rendered = _render_span(text, mark.start, mark.end, inner)
    if mark.kind == "emphasis":
        return f"*{rendered}*"
    if mark.kind == "strong":
        return f"**{rendered}**"
    return f"[{rendered}](<{_destination(mark.href)}>)"


class RenderMarkdown(Stage[Options, RuleBase]):
    name = "render_markdown"

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
        previous = ""
        blocks = document.blocks
        for index, block in enumerate(blocks):
            body = render_inline(block)
            if not body:
                continue
            if block.kind != "list_item":
                counters.clear()
            if block.kind == "table_row":
                columns = _columns(blocks, index) if previous != "table_row" else 0
                rendered = table_row(body, columns)
            else:
                rendered = self._render_block(block, body, counters)
            if block.kind == previous and block.kind in ("list_item", "table_row"):
                parts[-1] += "\n" + rendered  # items of one list, rows of one table stay together
            else:
                parts.append(rendered)
            previous = block.kind
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
            # A list cannot start deeper than one level below the item before it (the
            # items between may have been furniture); Markdown would read it shallower.
            depth = min(max(block.level, 1), max(counters, default=0) + 1)
            counters[depth] = counters.get(depth, 0) + 1
            for deeper in [d for d in counters if d > depth]:
                del counters[deeper]
            marker = f"{counters[depth]}." if block.ordered else self.options.bullet
            indent = "   " * (depth - 1)
            pad = " " * (len(marker) + 1)
            lines = body.split("\n")
            return indent + marker + " " + ("\n" + indent + pad).join(lines)
        return body
