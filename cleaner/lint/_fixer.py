"""Apply fixable findings to a file's own text, as small edits at their positions.

`lint --fix` changes only what the findings name and leaves the rest of the
file as it was written (its line wrapping, its Markdown style). Each edit is
checked against the text at its position first; one that does not match, or
that overlaps an edit already made, is left for the next round or reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import Finding
from ..readers import read_string, split_lines


@dataclass
class FixOutcome:
    text: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)


def apply_fixes(original: str, findings: list[Finding], format: str) -> FixOutcome:
    """Apply the fixable findings that still match the text.

    Edits are made in the text as written, so every line keeps its own line
    ending (CRLF, LF or a mixture) unless a line-ending finding is applied.
    """
    lines = split_lines(original)
    starts = _line_starts(original, lines)
    outcome = FixOutcome(original)
    normalize = False
    edits: list[tuple[int, int, str, Finding]] = []
    for finding in findings:
        if not finding.fixable:
            continue
        if finding.fix == "newlines":
            normalize = True
            outcome.applied.append(finding)
            continue
        if finding.fix == "reencode":  # lint writes such a file as UTF-8 (only with --fix-encoding)
            outcome.applied.append(finding)
            continue
        span = _locate(original, lines, starts, finding, format)
        if isinstance(span, str):
            outcome.skipped.append((finding, span))
        else:
            edits.append((*span, finding.replacement, finding))
    text = original
    last_start = len(text) + 1
    for start, end, replacement, finding in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last_start:
            continue  # overlaps an edit already made: the next round sees it again
        text = text[:start] + replacement + text[end:]
        last_start = start
        outcome.applied.append(finding)
    outcome.text = _LINE_BREAK.sub("\n", text) if normalize else text
    return outcome


def _line_starts(text: str, lines: list[str]) -> list[int]:
    """Where each line starts in the text as written (its line breaks may be one or two characters)."""
    starts, offset = [], 0
    breaks = [match.end() - match.start() for match in _LINE_BREAK.finditer(text)]
    for number, line in enumerate(lines):
        starts.append(offset)
        offset += len(line) + (breaks[number] if number < len(breaks) else 0)
    return starts


def _locate(text: str, lines: list[str], starts: list[int], finding: Finding, format: str) -> tuple[int, int] | str:
    if not (1 <= finding.line <= len(lines) and 1 <= finding.end_line <= len(lines)):
        return "position is outside the file"
    start = starts[finding.line - 1] + finding.column - 1
    end = starts[finding.end_line - 1] + finding.end_column - 1
    found = _LINE_BREAK.sub("\n", text[start:end])  # findings see lines joined by "\n"
    if found == finding.before or _same_blank_run(found, finding.before):
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
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    next_break = _LINE_BREAK.search(text, end)
    line_end = next_break.start() if next_break else len(text)
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    if next_break:
        return line_start, next_break.end()
    previous = _LINE_BREAK_BEFORE.search(text, 0, line_start)
    return (previous.start() if previous else line_start), line_end


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BEFORE = re.compile(r"(?:\r\n|\r|\n)$")  # the break that ends the line before
