"""The document model every reader builds and every stage works on.

A Document is metadata plus an ordered tuple of blocks. Each block keeps a
source map (anchors) from offsets in its current text to line:column in the
input file, so a finding made by any stage, after any earlier edits, still
points at the right place on disk.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypedDict, Unpack

BlockKind = Literal["heading", "paragraph", "quote", "list_item", "code", "table_row"]  # table_row: a line per cell
MarkKind = Literal["emphasis", "strong", "code", "link"]
SourceFormat = Literal["text", "html", "markdown"]
LineEnding = Literal["lf", "crlf", "cr", "mixed"]


@dataclass(frozen=True)
class Anchor:
    """Text offset `offset` of a block starts at `line`:`column` of the input (1-based)."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `replacement` (an empty replacement removes)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Mark:
    """Inline markup over text[start:end]: emphasis, strong, code or a link."""

    start: int
    end: int
    kind: MarkKind
    href: str = ""


class _BlockOptions(TypedDict, total=False):
    """The fields of a Block that have defaults, as `Block.from_lines` takes them."""

    level: int
    ordered: bool
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Block:
    """One block of the article: its kind, its plain text and where it came from."""

    kind: BlockKind
    text: str
    anchors: tuple[Anchor, ...]
    level: int = 0  # heading level, or list nesting depth
    ordered: bool = False  # list items: numbered or bulleted
    marks: tuple[Mark, ...] = ()

    @classmethod
    def from_lines(
        cls, kind: BlockKind, lines: Sequence[tuple[str, int, int]], **extra: Unpack[_BlockOptions]
    ) -> Block:
        """Build a block from (text, line, column) source lines joined by newlines."""
        anchors, parts, offset = [], [], 0
        for text, line, column in lines:
            anchors.append(Anchor(offset, line, column))
            parts.append(text)
            offset += len(text) + 1
        return cls(kind=kind, text="\n".join(parts), anchors=tuple(anchors), **extra)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column in the input file of text offset `offset`."""
        if not self.anchors:
            return (0, 0)
        index = bisect.bisect_right([anchor.offset for anchor in self.anchors], offset) - 1
        anchor = self.anchors[max(index, 0)]
        return anchor.line, anchor.column + max(offset - anchor.offset, 0)

    def line_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each line of the block's text."""
        spans, start = [], 0
        for line in self.text.split("\n"):
            spans.append((start, start + len(line)))
            start += len(line) + 1
        return spans

    def without_lines(self, spans: set[tuple[int, int]]) -> Block:
        """Remove the lines at `spans` together with the line breaks that joined them."""
        lines = self.line_spans()
        edits, index = [], 0
        while index < len(lines):
            if lines[index] not in spans:
                index += 1
                continue
            run_start = index
            while index < len(lines) and lines[index] in spans:
                index += 1
            if index < len(lines):  # a kept line follows: cut up to its start
                edits.append(Edit(lines[run_start][0], lines[index][0], ""))
            elif run_start > 0:  # the run ends the block: cut from the end of the last kept line
                edits.append(Edit(lines[run_start - 1][1], lines[-1][1], ""))
            else:
                edits.append(Edit(0, len(self.text), ""))
        return self.with_edits(edits)

    def with_edits(self, edits: Iterable[Edit]) -> Block:
        """Apply non-overlapping edits; anchors and marks follow the text they belong to."""
        block = self
        for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            block = block._apply(edit)
        return block

    def _apply(self, edit: Edit) -> Block:
        start, end, new = edit.start, edit.end, edit.replacement
        delta = len(new) - (end - start)
        resume_line, resume_column = self.position(end)
        # Text that follows the edit keeps pointing at where it was in the input.
        anchors = [a for a in self.anchors if a.offset < start or (a.offset == start and new)]
        anchors.append(Anchor(start + len(new), resume_line, resume_column))
        anchors += [replace(a, offset=a.offset + delta) for a in self.anchors if a.offset > end]
        marks = []
        for mark in self.marks:
            mark_start = _shift(mark.start, start, end, len(new))
            mark_end = _shift(mark.end, start, end, len(new))
            if mark_end > mark_start:
                marks.append(replace(mark, start=mark_start, end=mark_end))
        text = self.text[:start] + new + self.text[end:]
        return replace(self, text=text, anchors=tuple(anchors), marks=tuple(marks))


def _shift(offset: int, start: int, end: int, new_length: int) -> int:
    if offset <= start:
        return offset
    if offset >= end:
        return offset + new_length - (end - start)
    return start + min(offset - start, new_length)


@dataclass(frozen=True)
class Metadata:
    """What the article is, as opposed to what it says."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601
    section: str | None = None
    source: str | None = None  # input path, as given on the command line
    url: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # other front-matter keys, kept in order
    # Where each field's value starts in the input: (field, line, column).
    origins: tuple[tuple[str, int, int], ...] = ()

    def position(self, field: str) -> tuple[int, int] | None:
        return next(((line, column) for name, line, column in self.origins if name == field), None)

    def as_dict(self) -> dict[str, str]:
        """The set fields in front-matter order."""
        fields = {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "section": self.section,
            "source": self.source,
            "url": self.url,
        }
        result = {key: value for key, value in fields.items() if value}
        result.update(self.extra)
        return result


@dataclass(frozen=True)
class SourceInfo:
    """Facts about the input file the document was read from."""

    path: str = "<text>"
    format: SourceFormat = "text"
    encoding: str = "utf-8"
    encoding_detected: bool = False  # True when the encoding was guessed, not UTF-8
    line_endings: LineEnding = "lf"
    # Runs of more than one blank line between text: (first surplus line, how many surplus).
    blank_runs: tuple[tuple[int, int], ...] = ()
    # Words the article asks checkers to accept: `<!-- cleaner: ignore-words Sindoor Pahalgam -->`.
    ignore_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """Metadata plus the ordered blocks of one article."""

    blocks: tuple[Block, ...]
    metadata: Metadata = field(default_factory=Metadata)
    source: SourceInfo = field(default_factory=SourceInfo)
    html: str | None = None  # an HTML page not yet turned into blocks (parse_html does that)

    def body_text(self) -> str:
        """The blocks' plain text, one blank line apart (used by rule examples and guards)."""
        return "\n\n".join(block.text for block in self.blocks)

    def with_blocks(self, blocks: Iterable[Block]) -> Document:
        return replace(self, blocks=tuple(block for block in blocks if block.text.strip()))
