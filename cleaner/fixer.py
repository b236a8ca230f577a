"""Apply fixable findings to a file's own text, as small edits at their positions.

`lint --fix` changes only what the findings name and leaves the rest of the
file as it was written (its line wrapping, its Markdown style). Each edit is
checked against the text at its position first; one that does not match, or
that overlaps an edit already made, is left for the next round or reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding
from .readers import read_string
from .readers.text import line_endings, split_lines

_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@dataclass
class FixOutcome:
    text: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)


def apply_fixes(original: str, findings: list[Finding], format: str) -> FixOutcome:
    """Apply the fixable findings that still match the text; the text keeps its line ends unless told."""
    ending = line_endings(original)
    lines = split_lines(original)
    text = "\n".join(lines)
    starts = _line_starts(lines)
    outcome = FixOutcome(text)
    edits: list[tuple[int, int, str, Finding]] = []
    for finding in findings:
        if not finding.fixable:
            continue
        if finding.fix == "newlines":
            ending = "lf"
            outcome.applied.append(finding)
            continue
        if finding.fix == "reencode":  # the file is always written back as UTF-8
            outcome.applied.append(finding)
            continue
        span = _locate(text, lines, starts, finding, format)
        if isinstance(span, str):
            outcome.skipped.append((finding, span))
        else:
            edits.append((*span, finding.replacement, finding))
    last_start = len(text) + 1
    for start, end, replacement, finding in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last_start:
            continue  # overlaps an edit already made: the next round sees it again
        text = text[:start] + replacement + text[end:]
        last_start = start
        outcome.applied.append(finding)
    newline = _NEWLINES.get(ending, "\n")
    outcome.text = text.replace("\n", newline) if newline != "\n" else text
    return outcome


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _locate(text: str, lines: list[str], starts: list[int], finding: Finding, format: str) -> tuple[int, int] | str:
    if not (1 <= finding.line <= len(lines) and 1 <= finding.end_line <= len(lines)):
        return "position is outside the file"
    start = starts[finding.line - 1] + finding.column - 1
    end = starts[finding.end_line - 1] + finding.end_column - 1
    if text[start:end] == finding.before or _same_blank_run(text[start:end], finding.before):
        if finding.after is None:
            return _whole_lines(text, start, end)
        return start, end
    if finding.after is None and format == "markdown":
        first, last = starts[finding.line - 1], starts[finding.end_line - 1] + len(lines[finding.end_line - 1])
        if read_string(text[first:last], format="markdown").body_text() == finding.before:
            return _whole_lines(text, first, last)
    return f"the text at {finding.line}:{finding.column} is not {finding.before!r}"


def _same_blank_run(found: str, before: str) -> bool:
    return bool(before) and not before.strip() and not found.strip() and found.count("\n") == before.count("\n")


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a removal to whole lines (and their line break) when nothing else is on them."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    if line_end < len(text):
        return line_start, line_end + 1
    return max(line_start - 1, 0), line_end
