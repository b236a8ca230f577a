"""CommonMark inline text as the document model sees it: plain text plus marks.

Shared by the Markdown reader (to read articles) and the renderer (to check that
what it writes reads back as the same text and marks).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core import Mark, MarkKind

PARSER = MarkdownIt("commonmark")
DOCUMENT_PARSER = MarkdownIt("commonmark").enable("table")  # articles: GFM tables are read as table rows
_INLINE_MARKS: dict[str, MarkKind] = {"em": "emphasis", "strong": "strong", "link": "link"}


def inline_text(children: list[Token]) -> tuple[str, tuple[Mark, ...]]:
    """The visible text of inline tokens and the marks over it, outermost first."""
    parts: list[str] = []
    marks: list[Mark] = []
    open_marks: list[tuple[MarkKind, int, str]] = []
    length = 0
    for child in children:
        if child.type in ("text", "html_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = "\n"
        elif child.type == "code_inline":
            marks.append(Mark(length, length + len(child.content), "code"))
            piece = child.content
        elif child.type.endswith("_open") and child.type[:-5] in _INLINE_MARKS:
            open_marks.append((_INLINE_MARKS[child.type[:-5]], length, str(child.attrs.get("href", ""))))
            continue
        elif child.type.endswith("_close") and open_marks:
            kind, start, href = open_marks.pop()
            if length > start:
                marks.append(Mark(start, length, kind, href))
            continue
        else:  # images carry no visible text of the article
            continue
        parts.append(piece)
        length += len(piece)
    return "".join(parts), tuple(sorted(marks, key=lambda mark: (mark.start, -mark.end)))


def parse_inline(source: str) -> tuple[str, tuple[Mark, ...]]:
    tokens = PARSER.parseInline(source)
    return inline_text(tokens[0].children or []) if tokens else ("", ())
