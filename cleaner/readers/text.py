"""Plain text reader: bytes -> Document, one paragraph block per run of non-blank lines.

Scraped `.txt` files put one paragraph per line or per run of lines, with blank
lines between; that is the only structure we rely on.
"""
from __future__ import annotations

import re

from ..document import Block, Document, SourceInfo

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_endings(text: str) -> str:
    """Which line ending the text uses: lf, crlf, cr or mixed."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("lf", lf), ("crlf", crlf), ("cr", cr)) if count]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else "lf"


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def read_text(text: str, source: SourceInfo, first_line: int = 1) -> Document:
    """Split text into paragraph blocks; each line keeps its input line number."""
    blocks: list[Block] = []
    current: list[tuple[str, int, int]] = []
    for number, line in enumerate(split_lines(text), start=first_line):
        if line.strip():
            current.append((line, number, 1))
        elif current:
            blocks.append(Block.from_lines("paragraph", current))
            current = []
    if current:
        blocks.append(Block.from_lines("paragraph", current))
    return Document(blocks=tuple(blocks), source=source)
