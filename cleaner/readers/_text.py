"""Plain text reader: bytes -> Document, one paragraph block per run of non-blank lines.

Scraped `.txt` files put one paragraph per line or per run of lines, with blank
lines between; that is the only structure we rely on.
"""

from __future__ import annotations

import re
from typing import cast

from ..core import Block, Document, LineEnding, SourceInfo

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A line that is only an HTML comment (such as a `<!-- cleaner: disable ... -->`
# directive) is not part of the article.
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")


def line_endings(text: str) -> LineEnding:
    """Which line ending the text uses: lf, crlf, cr or mixed."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("lf", lf), ("crlf", crlf), ("cr", cr)) if count]
    if len(kinds) > 1:
        return "mixed"
    return cast(LineEnding, kinds[0]) if kinds else "lf"


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def blank_runs(lines: list[str], first_line: int = 1) -> tuple[tuple[int, int], ...]:
    """(first surplus line, surplus count) for each run of 2+ blank lines between text lines."""
    runs, blank_start = [], None
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            if blank_start is not None and number - blank_start > 1:
                runs.append((blank_start + 1, number - blank_start - 1))
            blank_start = None
        elif blank_start is None and number > first_line:
            blank_start = number
    return tuple(runs)


def read_text(text: str, source: SourceInfo, first_line: int = 1) -> Document:
    """Split text into paragraph blocks; each line keeps its input line number."""
    blocks: list[Block] = []
    current: list[tuple[str, int, int]] = []
    for number, line in enumerate(split_lines(text), start=first_line):
        if line.strip() and not _COMMENT_LINE.match(line):
            current.append((line, number, 1))
        elif current:
            blocks.append(Block.from_lines("paragraph", current))
            current = []
    if current:
        blocks.append(Block.from_lines("paragraph", current))
    return Document(blocks=tuple(blocks), source=source)
