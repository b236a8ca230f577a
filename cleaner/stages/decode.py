"""Repair the text itself: mojibake, HTML entities, Unicode form, invisible characters.

Before: `the councilâ€™s decision&nbsp;was final` (UTF-8 read as Windows-1252,
        an entity left by the scraper, a zero-width space).
After:  `the council’s decision was final`; each repair is a finding.
Never changes letters that decode correctly, curly quotes, emoji or non-Latin
scripts (zero-width joiners inside them are kept by the default rules).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from ..core import ArticleMemo, Block, Document, Edit, Finding, Metadata
from ..rulebook import Regex, RuleBase, compile_pattern, option
from .base import Stage, StageResult

if TYPE_CHECKING:
    import ftfy

Repair = Literal["encoding", "line_endings", "mojibake", "html_entities", "unicode_normalization"]

# Each repair turns on only its own part of ftfy, so each can be its own rule.
_FTFY_ON: dict[Repair, dict[str, bool]] = {
    "mojibake": {
        "fix_encoding": True,
        "fix_c1_controls": True,
        "fix_surrogates": True,
        "remove_terminal_escapes": True,
    },
    "html_entities": {"unescape_html": True},
}


@cache
def _ftfy_config(repair: Repair) -> ftfy.TextFixerConfig:
    import ftfy  # a tenth of a second to import: only when a text needs a repair

    off = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=False,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return off._replace(**_FTFY_ON[repair])  # type: ignore[arg-type]  # every key is a switch


@dataclass(frozen=True)
class Options:
    normalization: Literal["NFC", "NFKC", "NFD", "NFKD"] = option(
        "NFC", "Unicode normal form for `repair: unicode_normalization`"
    )


@dataclass(frozen=True, kw_only=True)
class Rule(RuleBase):
    repair: Repair | None = option(
        None, "a built-in repair: encoding, line_endings, mojibake, html_entities, unicode_normalization"
    )
    regex: Regex | None = option(None, "characters to replace wherever this regex matches")
    replace: str = option("", "replacement for `regex` matches (default: remove them)")

    matcher_keys = ("repair", "regex")


def edits_between(old: str, new: str) -> list[Edit]:
    """The smallest character edits that turn `old` into `new`."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [Edit(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


_TEXT_FIELDS = ("title", "author", "section")


class Decode(Stage[Options, Rule]):
    name = "decode"

    def __init__(self, options: Options, rules: tuple[Rule, ...] = (), entries: tuple = ()) -> None:
        super().__init__(options, rules, entries)
        self._patterns = {rule.id: compile_pattern(rule.regex).owned_by(rule.id) for rule in self.rules if rule.regex}
        self._memo = ArticleMemo()

    def apply(self, document: Document) -> StageResult:
        findings: list[Finding] = []
        blocks = list(document.blocks)
        for rule in self.rules_for(document):
            if rule.repair in ("encoding", "line_endings"):
                findings += self._file_finding(rule, document)
                continue
            for index, block in enumerate(blocks):
                new_text = self._memo.get(
                    document.source.path, (rule.id, block.text), lambda: self._repaired(rule, block.text)
                )
                if new_text == block.text:
                    continue
                edits = edits_between(block.text, new_text)
                findings += self.edit_findings(rule, block, edits, self._message(rule))
                if self.applies(rule):  # apply: suggest only says what the repair would be
                    blocks[index] = block.with_edits(edits)
        metadata, repaired = self._repair_metadata(document)
        findings += repaired
        return StageResult(replace(document.with_blocks(blocks), metadata=metadata), tuple(findings))

    def _repair_metadata(self, document: Document) -> tuple[Metadata, list[Finding]]:
        """A page's <title> or a front matter's author has the same damage text has; it gets the same repairs."""
        metadata = document.metadata
        findings: list[Finding] = []
        changes = {}
        for field in _TEXT_FIELDS:
            value = getattr(metadata, field)
            if not value:
                continue
            repaired = value
            for rule in self.rules_for(document):
                if rule.repair in ("encoding", "line_endings") or not self.applies(rule):
                    continue
                fixed = self._memo.get(
                    document.source.path, (rule.id, repaired), lambda: self._repaired(rule, repaired)
                )
                if fixed != repaired:
                    line, column = metadata.position(field) or (1, 1)
                    findings.append(
                        self.file_finding(
                            rule,
                            f"{self._message(rule)} in the {field}",
                            start=(line, column),
                            end=(line, column + len(repaired)),
                            before=repaired,
                            after=fixed,
                        )
                    )
                    repaired = fixed
            if repaired != value:
                changes[field] = repaired
        return (replace(metadata, **changes) if changes else metadata), findings

    def _repaired(self, rule: Rule, text: str) -> str:
        if rule.regex:
            return self._patterns[rule.id].sub(rule.replace, text)
        # Plain ASCII holds no mojibake and no composed letters; no "&", no entity.
        if rule.repair in ("mojibake", "unicode_normalization") and text.isascii():
            return text
        if rule.repair == "html_entities" and "&" not in text:
            return text
        if rule.repair == "unicode_normalization":
            return unicodedata.normalize(self.options.normalization, text)
        assert rule.repair is not None  # validation gives every rule a regex or a repair
        import ftfy

        return ftfy.fix_text(text, _ftfy_config(rule.repair))

    def _message(self, rule: Rule) -> str:
        if rule.repair:
            return {
                "mojibake": "repaired mojibake",
                "html_entities": "decoded an HTML entity",
                "unicode_normalization": f"normalized to Unicode {self.options.normalization}",
            }[rule.repair]
        return rule.description or "replaced characters"

    def _file_finding(self, rule: Rule, document: Document) -> list[Finding]:
        source = document.source
        if rule.repair == "encoding" and source.encoding_detected:
            message = f"file is not UTF-8; decoded as {source.encoding}"
        elif rule.repair == "line_endings" and source.line_endings != "lf":
            message = f"line endings are {source.line_endings.upper()}; normalized to LF"
        else:
            return []
        first = Block.from_lines("paragraph", [("", 1, 1)])
        finding = self.finding(rule, first, 0, 0, "", message, fixable=self.applies(rule))
        return [replace(finding, fix="reencode" if rule.repair == "encoding" else "newlines")]
