"""Move the title, byline, date and section label from the top of a text into metadata.

Before: `Top News` / `Marco Rubio speaks with the army leader ...` /
        `Arpita Kushwaha | May 10, 2025 4:27 PM CST` / first paragraph.
After:  section "Top News", the title, author "Arpita Kushwaha" and date
        "2025-05-10T16:27:00-06:00" in metadata; the body starts at the paragraph.
Only looks at the header: the first `header_lines` lines before the first line
of article text, once (a line that becomes first after the header was lifted
is body text). A title is only the first line left, a section only a known
label (`section_labels`), and a date keeps only the parts written ("May 2025"
is 2025-05, never completed from today). Never overwrites metadata the input
already carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import cast

from dateutil import parser as date_parser

from ..core import Block, Document, Finding, Severity, is_prose
from ..rulebook import Pattern, Regex, RuleBase, compile_pattern, option
from .base import MetadataText, Stage, StageResult

_FIELDS = ("title", "author", "section", "date")
_LONGEST_HEADER_LINE = 400
_OFFSET = re.compile(r"^([+-])(\d{1,2}):?(\d{2})$")


@dataclass(frozen=True)
class Options:
    header_lines: int = option(8, "how many lines at the top may hold the title, byline and date")
    body_min_words: int = option(12, "a line with this many words that ends a sentence starts the article text")
    formats: tuple[str, ...] = option(
        ("text",), "input formats whose header is searched (Markdown carries front matter)"
    )
    timezones: dict[str, str] = option(factory=dict, doc="time-zone abbreviation -> UTC offset such as -06:00")
    day_first: bool = option(False, "read 05/10/2025 as 5 October rather than May 10")
    section_labels: tuple[str, ...] = option(
        (), "section names a first line may be (any case): a place, a venue or a name is never a section", extend=True
    )

    def validate(self) -> list[tuple[str, str]]:
        return [
            ("timezones", f"time zone {name!r}: offset {value!r} is not like +05:30 or -06:00")
            for name, value in self.timezones.items()
            if not _OFFSET.match(value.strip())
        ]


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    line_regex: Regex | None = option(
        None, "a header line matched in full; named groups title, author, section, date, time, tz fill metadata"
    )
    first_line_only: bool = option(
        False, "only try the first header line that no earlier rule took (section labels, titles)"
    )
    ignore_case: bool = option(False, "match without regard to case")
    first_heading: bool = option(
        False,
        "an untitled article whose first block is a level-1 heading: that heading is its title (any input format)",
    )

    matcher_keys = ("line_regex", "first_heading")

    def validate(self) -> list[tuple[str, str]]:
        problems = super().validate()
        if self.line_regex:
            groups = compile_pattern(self.line_regex).group_names
            if not groups & {"title", "author", "section", "date"}:
                problems.append(("line_regex", "line_regex needs a named group: title, author, section or date"))
            unknown = groups - {"title", "author", "section", "date", "time", "tz"}
            if unknown:
                problems.append(
                    (
                        "line_regex",
                        f"unknown named groups {sorted(unknown)} (known: title, author, section, date, time, tz)",
                    )
                )
        return problems


class ExtractMetadata(Stage[Options, Rule]):
    name = "extract_metadata"
    default_severity = Severity.WARNING

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._patterns: dict[str, Pattern] = {
            rule.id: compile_pattern(rule.line_regex, rule.ignore_case).owned_by(rule.id)
            for rule in self.rules
            if rule.line_regex
        }
        self._tzinfos = {name.upper(): _offset(value) for name, value in options.timezones.items()}
        self._labels = frozenset(label.casefold() for label in options.section_labels)

    def apply(self, document: Document) -> StageResult:
        titled = self._title_from_first_heading(document)
        if titled is not None:
            return titled
        if document.source.format not in self.options.formats:
            return StageResult(document)
        if any(key in _FIELDS for key, _, _ in document.metadata.origins):
            return StageResult(document)  # the header was read in an earlier round: what is first now is body text
        header = self._header(document)
        fields = {key: value for key, value in document.metadata.as_dict().items() if key in _FIELDS}
        taken: dict[int, Rule] = {}
        findings: list[Finding] = []
        origins: list[tuple[str, int, int]] = []
        for rule in self.rules_for(document):
            if not rule.line_regex:
                continue
            untaken = [position for position in range(len(header)) if position not in taken]
            for position in untaken[:1] if rule.first_line_only else untaken:
                b, start, end = header[position]
                match = self._patterns[rule.id].fullmatch(document.blocks[b].text[start:end].strip())
                if not match:
                    continue
                found = self._fields(match, findings, rule, document.blocks[b], start, end)
                if not found or any(key in fields for key in found):
                    continue
                if not self.applies(rule):  # apply: suggest: say what would be lifted, leave the line
                    findings.append(self._moved(rule, document.blocks[b], start, end, found, suggested=True))
                    taken[position] = rule
                    break
                fields.update(found)
                origins += self._origins(match, document.blocks[b], start, end, found)
                taken[position] = rule
                findings.append(self._moved(rule, document.blocks[b], start, end, found))
                break
        taken = {position: rule for position, rule in taken.items() if self.applies(rule)}
        if not taken:
            return StageResult(document, tuple(findings))
        metadata = replace(
            document.metadata, **cast(MetadataText, fields), origins=document.metadata.origins + tuple(origins)
        )
        blocks = list(document.blocks)
        for b in {header[position][0] for position in taken}:
            spans = {(start, end) for bb, start, end in (header[p] for p in taken) if bb == b}
            blocks[b] = blocks[b].without_lines(spans)
        return StageResult(replace(document, metadata=metadata).with_blocks(blocks), tuple(findings))

    def _title_from_first_heading(self, document: Document) -> StageResult | None:
        """A page whose article opens with its own <h1> but has no <title> is titled by it, as Markdown is."""
        blocks = document.blocks
        if document.metadata.title or not blocks or blocks[0].kind != "heading" or blocks[0].level != 1:
            return None
        rule = next((rule for rule in self.rules_for(document) if rule.first_heading), None)
        if rule is None:
            return None
        heading = blocks[0]
        title = " ".join(heading.text.split())
        if not self.applies(rule):
            return StageResult(
                document,
                (
                    self.finding(
                        rule,
                        heading,
                        0,
                        len(heading.text),
                        None,
                        f"would move to metadata: title {title!r}",
                        fixable=False,
                    ),
                ),
            )
        line, column = heading.position(0)
        metadata = replace(
            document.metadata, title=title, origins=document.metadata.origins + (("title", line, column),)
        )
        finding = self.finding(
            rule, heading, 0, len(heading.text), None, f"moved to metadata: title {title!r}", fixable=False
        )
        return StageResult(replace(document, metadata=metadata, blocks=blocks[1:]), (finding,))

    def _header(self, document: Document) -> list[tuple[int, int, int]]:
        """(block, start, end) of the lines before the first line of article text."""
        lines: list[tuple[int, int, int]] = []
        for b, block in enumerate(document.blocks):
            for start, end in block.line_spans():
                text = block.text[start:end].strip()
                if not text:
                    continue
                if len(text) > _LONGEST_HEADER_LINE:
                    return lines  # no title or byline runs this long: the article has begun
                if len(lines) >= self.options.header_lines or is_prose(text, self.options.body_min_words):
                    return lines
                lines.append((b, start, end))
        return lines

    def _fields(self, match, findings: list[Finding], rule: Rule, block: Block, start: int, end: int) -> dict[str, str]:
        groups = {key: " ".join(value.split()) for key, value in match.groupdict().items() if value}
        found = {key: groups[key] for key in ("title", "author", "section") if key in groups}
        if "section" in found and found["section"].casefold() not in self._labels:
            return {}  # "Ewood Park", "Pittsburgh": a venue or a dateline, not a section
        if "date" in groups:
            stamp = " ".join(groups[key] for key in ("date", "time", "tz") if key in groups)
            iso = self._iso_date(stamp, has_time="time" in groups)
            if iso is None:
                findings.append(
                    self.finding(
                        rule,
                        block,
                        start,
                        end,
                        None,
                        f"could not read the date {stamp!r}",
                        fixable=False,
                        severity=Severity.WARNING,
                    )
                )
                return {}
            found["date"] = iso
        return found

    @staticmethod
    def _origins(match, block: Block, start: int, end: int, found: dict[str, str]) -> list[tuple[str, int, int]]:
        """Where each lifted field starts in the input file."""
        text = block.text[start:end]
        lead = len(text) - len(text.lstrip())
        return [(key, *block.position(start + lead + match.start(key))) for key in found]

    def _iso_date(self, stamp: str, has_time: bool) -> str | None:
        """ISO 8601 of what the stamp says, and no more: "May 2025" is "2025-05"; no year, no date."""
        try:
            # Two parses with different defaults: a part that follows the default was not written.
            moments = [
                date_parser.parse(stamp, default=default, tzinfos=self._tzinfos, dayfirst=self.options.day_first)
                for default in _DEFAULTS
            ]
        except (ValueError, OverflowError):
            return None
        first, second = moments
        if first.year != second.year:
            return None
        if first.month != second.month:
            return f"{first.year:04d}"
        if first.day != second.day:
            return f"{first.year:04d}-{first.month:02d}"
        if not has_time:
            return first.date().isoformat()
        return first.isoformat(timespec="seconds")

    def _moved(
        self, rule: Rule, block: Block, start: int, end: int, found: dict[str, str], suggested: bool = False
    ) -> Finding:
        summary = ", ".join(f"{key}={value!r}" for key, value in found.items())
        # Only `clean` can move text into front matter; lint reports it and --fix leaves it.
        verb = "would move to metadata" if suggested else "moved to metadata"
        return self.finding(rule, block, start, end, None, f"{verb}: {summary}", fixable=False)


_DEFAULTS = (datetime(1904, 1, 1), datetime(1905, 2, 2))


def _offset(value: str) -> timezone:
    match = _OFFSET.match(value.strip())
    assert match is not None  # Options.validate turned down any other offset
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)
