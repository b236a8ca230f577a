"""Markdown reader: front matter + CommonMark -> Document.

It reads what `render_markdown` writes (so cleaning cleaned output is a no-op)
and what people keep in repositories, with every block mapped back to the
line and column of its text on disk, front matter included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, TypedDict

import yaml
from markdown_it.token import Token

from ..core import Anchor, Block, BlockKind, Document, InputError, Mark, Metadata, SourceInfo
from ..rulebook import PlainLoader, first_alias
from ..text import DOCUMENT_PARSER, inline_text
from ._text import split_lines

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?(?:#{1,6}[ \t]+)?")
_METADATA_KEYS = ("title", "author", "date", "section", "source", "url")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*['\"]?")


def front_matter_origins(lines: list[str], body_start: int) -> tuple[tuple[str, int, int], ...]:
    """(key, line, column of the value) for each top-level key of the front matter."""
    origins = []
    for index in range(1, max(body_start - 1, 1)):
        match = _FRONT_MATTER_KEY.match(lines[index])
        if match:
            origins.append((match.group(1), index + 1, match.end() + 1))
    return tuple(origins)


def split_front_matter(lines: list[str], path: str) -> tuple[dict, int]:
    """Parsed front matter and the index of the first body line (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for index in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[index]):
            front = "\n".join(lines[1:index])
            try:
                alias = first_alias(front)
                if alias is not None:
                    raise InputError(
                        path, f"front matter uses a YAML alias at line {alias.line + 2}; aliases are not read"
                    )
                data = yaml.load(front, Loader=PlainLoader) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark else ""
                raise InputError(path, f"front matter is not valid YAML{where}") from None
            if not isinstance(data, dict):
                raise InputError(path, "front matter must be a YAML mapping")
            return data, index + 1
    return {}, 0


def read_markdown(text: str, source: SourceInfo) -> Document:
    lines = split_lines(text)
    front, body_start = split_front_matter(lines, source.path)
    metadata = replace(_metadata(front), origins=front_matter_origins(lines, body_start))
    tokens = DOCUMENT_PARSER.parse("\n".join(lines[body_start:]))
    blocks = list(_blocks(tokens, lines, body_start))
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        if metadata.title in (None, blocks[0].text):
            if metadata.title is None:
                line, column = blocks[0].position(0)
                metadata = replace(metadata, origins=metadata.origins + (("title", line, column),))
            metadata = replace(metadata, title=blocks[0].text)
            blocks = blocks[1:]
    return Document(blocks=tuple(blocks), metadata=metadata, source=source)


def _metadata(front: dict) -> Metadata:
    # All str, for the str fields of Metadata; Any because mypy checks `**known` against every field.
    known: dict[str, Any] = {key: str(front[key]) for key in _METADATA_KEYS if front.get(key) is not None}
    extra = tuple((str(key), str(value)) for key, value in front.items() if key not in _METADATA_KEYS)
    return Metadata(**known, extra=extra)


class _Nesting(TypedDict, total=False):
    level: int
    ordered: bool


def _blocks(tokens: list[Token], lines: list[str], offset: int) -> Iterator[Block]:
    quote_depth = list_depth = row_line = 0
    ordered: list[bool] = []
    cells: list[tuple[str, tuple[Mark, ...]]] = []
    kind: BlockKind
    extra: _Nesting
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered.pop()
        elif token.type == "tr_open":
            cells, row_line = [], (token.map[0] if token.map else 0) + offset
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            cells.append(inline_text(token.children or []))
        elif token.type == "tr_close":
            yield _table_row(cells, lines[row_line] if row_line < len(lines) else "", row_line + 1)
        elif token.type == "inline" and token.map:
            opener = tokens[index - 1]
            if opener.type == "heading_open":
                kind, extra = "heading", {"level": int(opener.tag[1])}
            elif list_depth:
                kind, extra = "list_item", {"level": list_depth, "ordered": ordered[-1]}
            elif quote_depth:
                kind, extra = "quote", {}
            else:
                kind, extra = "paragraph", {}
            text, marks = inline_text(token.children or [])
            first = token.map[0] + offset
            yield Block(kind=kind, text=text, anchors=_anchors(text, lines, first), marks=marks, **extra)
        elif token.type in ("fence", "code_block") and token.map:
            first = token.map[0] + offset + (1 if token.type == "fence" else 0)
            text = token.content.rstrip("\n")
            yield Block(kind="code", text=text, anchors=_anchors(text, lines, first, markup=False))


def _table_row(cells: list[tuple[str, tuple[Mark, ...]]], source: str, line: int) -> Block:
    """A GFM table row as a table_row block: one line per cell, each anchored where the cell starts."""
    pieces, marks, column, offset = [], [], 0, 0
    for text, cell_marks in cells:
        found = source.find(text[:12], column) if text else -1
        column = found if found >= 0 else column
        pieces.append((text, line, column + 1))
        marks += [Mark(mark.start + offset, mark.end + offset, mark.kind, mark.href) for mark in cell_marks]
        offset += len(text) + 1
        column += len(text)
    return replace(Block.from_lines("table_row", pieces), marks=tuple(marks))


def _anchors(text: str, lines: list[str], first: int, markup: bool = True) -> tuple[Anchor, ...]:
    """Anchors that map every character of `text` to its line and column on disk.

    Each text line is aligned with its source line: markup the reader dropped
    (a list marker, `\\` escapes, `*`, link targets, entities) is skipped, and an
    anchor is placed wherever the distance between text and source changes.
    """
    anchors: list[Anchor] = []
    offset = 0
    for index, piece in enumerate(text.split("\n")):
        number = first + index
        source = lines[number] if number < len(lines) else ""
        start = 0
        if markup:
            match = _LINE_MARKUP.match(source)
            assert match is not None  # every part of the pattern is optional
            start = match.end()
        for text_offset, column in _align(piece, source, start):
            anchors.append(Anchor(offset + text_offset, number + 1, column + 1))
        offset += len(piece) + 1
    return tuple(anchors)


def _align(plain: str, source: str, start: int) -> list[tuple[int, int]]:
    """(offset in plain, 0-based column in source) at the start and wherever the two fall out of step."""
    points = [(0, start)]
    i, j, skipped = 0, start, False
    while i < len(plain) and j < len(source):
        entity = None if source[j] == plain[i] else _ENTITY.match(source, j)
        if source[j] == plain[i] or (entity and html.unescape(entity.group(0)) == plain[i]):
            if skipped:
                points.append((i, j))
                skipped = False
            i, j = i + 1, entity.end() if entity else j + 1
            if entity:
                points.append((i, j))
        else:
            j += 1  # markup the reader did not keep: an escape, `*`, a link target
            skipped = True
    return points
