"""Printing findings: text, json, github, sarif and junit; and the exit codes."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from enum import IntEnum
from typing import TextIO
from urllib.parse import quote

import typer

from ..core import VERSION, Finding, Severity

FORMATS = ("text", "json", "github", "sarif", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

FileFindings = list[tuple[str, list[Finding]]]  # (path, findings sorted by position)


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # lint: failing findings; clean: some files failed or would change
    USAGE = 2  # bad usage, bad rules or config, unreadable input (lint)


# Control characters (ESC above all) and bytes that are not UTF-8 in a file name or a message
# are shown escaped: a name must not drive the terminal or break JSON or XML.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def safe_text(text: str) -> str:
    """`text` with control characters and undecodable bytes (surrogate escapes) written as `\\xNN`."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group(0)), text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def format_finding(path: str, finding: Finding, colour: bool = False) -> str:
    """`path:line:col: RULE-ID message (before -> after)`."""
    change = f" ({finding.describe_change()})" if finding.before or finding.after else ""
    rule = safe_text(finding.rule_id)
    where = f"{safe_text(path)}:{finding.line}:{finding.column}:"
    if colour:
        where = typer.style(where, bold=True)
        rule = typer.style(rule, fg=_COLOURS[finding.severity], bold=True)
    return f"{where} {rule} {safe_text(finding.message)}{change}"


def print_error(stream: TextIO, message: str) -> None:
    for line in str(message).splitlines() or [""]:
        print(f"error: {safe_text(line)}", file=stream)


def print_file_error(stream: TextIO, shown: str, message: str) -> None:
    """`error: FILE: what went wrong` on one line; a traceback that follows (`--traceback`) as it is."""
    first, _, rest = str(message).partition("\n")
    print(f"error: {safe_text(shown)}: {safe_text(first)}", file=stream)
    for line in rest.splitlines():
        print(safe_text(line), file=stream)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(files: int, results: FileFindings) -> str:
    findings = [f for _, fs in results for f in fs]
    by_severity = Counter(f.severity for f in findings)
    fixable = sum(f.fixable for f in findings)
    counts = (
        f"{plural(by_severity[Severity.ERROR], 'error')}, {plural(by_severity[Severity.WARNING], 'warning')}, "
        f"{by_severity[Severity.INFO]} info"
    )
    text = f"checked {plural(files, 'file')}: {counts}"
    return text + (f"; {fixable} fixable with --fix" if fixable else "")


def render(format: str, results: FileFindings, colour: bool = False) -> str:
    if format == "text":
        return "".join(format_finding(path, f, colour) + "\n" for path, fs in results for f in fs)
    if format == "json":
        return json.dumps([_as_json(path, f) for path, fs in results for f in fs], indent=2, ensure_ascii=False) + "\n"
    if format == "github":
        return "".join(_github(path, f) + "\n" for path, fs in results for f in fs)
    if format == "sarif":
        return json.dumps(_sarif(results), indent=2, ensure_ascii=False) + "\n"
    if format == "junit":
        return _junit(results)
    raise ValueError(f"unknown format {format!r}")


def _as_json(path: str, finding: Finding) -> dict:
    return {
        "path": _unicode(path),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "rule": finding.rule_id,
        "stage": finding.stage,
        "severity": finding.severity.value,
        "message": finding.message,
        "before": finding.before,
        "after": finding.after,
        "fixable": finding.fixable,
        "suggestions": list(finding.suggestions),
    }


def _escape_github(value: str, property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property else value


def _github(path: str, finding: Finding) -> str:
    properties = ",".join(
        f"{key}={_escape_github(str(value), property=True)}"
        for key, value in (
            ("file", safe_text(path)),
            ("line", finding.line),
            ("col", finding.column),
            ("endLine", finding.end_line),
            ("endColumn", finding.end_column),
            ("title", finding.rule_id),
        )
    )
    message = finding.message + (f" ({finding.describe_change()})" if finding.before or finding.after else "")
    return f"::{_GITHUB_LEVEL[finding.severity]} {properties}::{_escape_github(safe_text(message))}"


def _sarif(results: FileFindings) -> dict:
    rule_ids = sorted({f.rule_id for _, fs in results for f in fs})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    stage_of = {f.rule_id: f.stage for _, fs in results for f in fs}
    sarif_results = []
    for path, findings in results:
        for finding in findings:
            region: dict[str, int | dict[str, str]] = {"startLine": finding.line, "startColumn": finding.column}
            if (finding.end_line, finding.end_column) > (finding.line, finding.column):
                region.update(endLine=finding.end_line, endColumn=finding.end_column)
            if finding.before:
                region["snippet"] = {"text": finding.before}
            sarif_results.append(
                {
                    "ruleId": finding.rule_id,
                    "ruleIndex": index[finding.rule_id],
                    "level": _SARIF_LEVEL[finding.severity],
                    "message": {"text": finding.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}],
                    "properties": {
                        "stage": finding.stage,
                        "fixable": finding.fixable,
                        "after": finding.after,
                        "suggestions": list(finding.suggestions),
                    },
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cleaner",
                        "version": VERSION,
                        "rules": [{"id": rule, "properties": {"stage": stage_of[rule]}} for rule in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def _uri(path: str) -> str:
    """A relative URI: the path's own bytes (as the file system has them), percent-encoded."""
    return quote(os.fsencode(path).replace(b"\\", b"/"))


def _unicode(text: str) -> str:
    """Valid Unicode for JSON: a byte that was not UTF-8 becomes `\\xNN`; other characters stay."""
    return re.sub(r"[\udc80-\udcff]", lambda m: _escape(m.group(0)), text)


_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids are written as `\\xNN`."""
    return _NOT_XML.sub(lambda m: _escape(m.group(0)), text)


def _junit(results: FileFindings) -> str:
    failures = sum(len(fs) for _, fs in results)
    suites = ElementTree.Element("testsuites", name="cleaner lint", tests=str(len(results)), failures=str(failures))
    suite = ElementTree.SubElement(
        suites, "testsuite", name="cleaner", tests=str(len(results)), failures=str(failures), errors="0"
    )
    for path, findings in results:
        case = ElementTree.SubElement(suite, "testcase", classname="cleaner.lint", name=_xml(safe_text(path)))
        for finding in findings:
            failure = ElementTree.SubElement(
                case,
                "failure",
                type=_xml(finding.rule_id),
                message=_xml(f"{finding.line}:{finding.column}: {finding.message}"),
            )
            failure.text = _xml(format_finding(path, finding))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
