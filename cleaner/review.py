"""A review page for a batch: one static HTML file showing what was cut and what was changed, file by file.

Each file's part is made where the file is cleaned (`review_file`, a batch task):
its article as cleaned, block by block, with the text the rules removed put back
between the blocks at the place it had in the input (struck through, labelled
with the rule id), each word change shown as before -> after, its metadata and
its counts. The supervisor appends each part to a scratch file as it comes, so
memory holds only the small index. `write_report` then writes one page: the
overview and index rendered by Jinja2, each file's part embedded as JSON
(gzipped, in base64) that the page's script unpacks only when the file is
opened. Every string from an input reaches the page as JSON read by
`textContent`, never as markup, so no HTML or script in an article can run.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from .batch import FileOutcome, InputFile, clean_item, pipeline_for, write_atomic
from .core import VERSION, Document, Finding, Severity
from .pipeline import Settings, load_pipeline

LOOK_FIRST = 25  # the overview lists this many files that most need a look
_FINDING_TEXT = 200  # a removal's text is shown whole in the article; its finding row shows this much
_BINS = 10  # the histogram of the share of words removed, in steps of 10%
_MUCH_REMOVED = 0.5  # a file that lost this share of its words needs a look
_ALERTS = (Severity.WARNING.value, Severity.ERROR.value)


def review_file(item: InputFile, settings: Settings) -> FileOutcome:
    """Clean one input as `batch.process_file` does, and add its part of the review page."""
    outcome = clean_item(pipeline_for(settings), item, settings, keep_document=True)
    part = file_part(outcome)
    return replace(outcome, document=None, review=part)


def file_part(outcome: FileOutcome) -> dict[str, Any]:
    """The review of one file: counts, metadata, findings, and the article as segments to show."""
    findings = list(outcome.findings)
    if outcome.error:
        return {"file": outcome.item.shown, "error": outcome.error, "words_in": 0, "words_out": 0, "findings": []}
    document = outcome.document
    segments = _segments(document, findings) if document is not None else []
    words_out = sum(_words(text) for kind, text, *_ in segments if kind in ("block", "heading"))
    removed = sum(_words(text) for kind, text, *_ in segments if kind == "cut")
    metadata = outcome.metadata.as_dict() if outcome.metadata is not None else {}
    return {
        "file": outcome.item.shown,
        "error": None,
        "words_in": words_out + removed,
        "words_out": words_out,
        "metadata": metadata,
        "findings": [_finding(finding) for finding in findings],
        "segments": segments,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    before = finding.before
    if finding.after is None and len(before) > _FINDING_TEXT:
        before = before[:_FINDING_TEXT] + "…"
    return {
        "rule": finding.rule_id,
        "stage": finding.stage,
        "severity": finding.severity.value,
        "line": finding.line,
        "column": finding.column,
        "before": before,
        "after": finding.after,
        "message": finding.message,
        "fixed": finding.fixable,
    }


def _segments(document: Document, findings: list[Finding]) -> list[list[Any]]:
    """The article as segments to show: ["block", text, [[before, after, rule], ...]] for each block in
    order; ["cut", text, rule] for text a rule removed and ["lift", text, rule] for text moved into the
    metadata, each put back before the first block that came after it in the input."""
    taken = sorted((f for f in findings if f.after is None and f.before.strip()), key=lambda f: (f.line, f.column))
    changes = [f for f in findings if f.after is not None and f.before != f.after and f.fixable]
    starts = [block.anchors[0].line if block.anchors else 0 for block in document.blocks]
    segments: list[list[Any]] = []
    if document.metadata.title:
        segments.append(["heading", document.metadata.title, []])
    waiting = 0
    for index, block in enumerate(document.blocks):
        while waiting < len(taken) and taken[waiting].line < starts[index]:
            segments.append(_taken(taken[waiting]))
            waiting += 1
        end = starts[index + 1] if index + 1 < len(starts) else None
        inside = [f for f in changes if f.line >= starts[index] and (end is None or f.line < end)]
        segments.append(["block", block.text, _changes_in(block.text, inside)])
    segments += [_taken(f) for f in taken[waiting:]]
    return segments


def _taken(finding: Finding) -> list[Any]:
    return ["lift" if finding.stage == "extract_metadata" else "cut", finding.before, finding.rule_id]


class _Change(NamedTuple):
    """A change read back from a saved run's findings, shaped like the Finding it was."""

    before: str
    after: str
    rule_id: str
    line: int
    column: int


def _changes_in(text: str, changes: Sequence[Finding | _Change]) -> list[list[str]]:
    """Each change found in the block's text, widened to whole words ("de-escalinate" -> "de-escalate")."""
    shown, at = [], 0
    for change in sorted(changes, key=lambda f: (f.line, f.column)):
        after = change.after or ""
        found = text.find(after, at)
        if found < 0 or not after:
            continue
        left, right = found, found + len(after)
        while left > 0 and _in_word(text[left - 1]):
            left -= 1
        while right < len(text) and _in_word(text[right]):
            right += 1
        shown.append(
            [text[left:found] + change.before + text[found + len(after) : right], text[left:right], change.rule_id]
        )
        at = right
    return shown


def _in_word(character: str) -> bool:
    return character.isalnum() or character in "-'’"


def _words(text: str) -> int:
    return len(text.split())


@dataclass
class ReviewParts:
    """The files' parts as they come (a revision replaces a file's part), kept in a scratch file."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cleaner-review-")))
    where: dict[str, tuple[int, int]] = field(default_factory=dict)  # file -> (offset, length) of its latest part
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stream = open(self.folder / "parts.jsonl", "w+b")  # noqa: SIM115 (closed by close())

    def add(self, part: dict[str, Any]) -> None:
        data = json.dumps(part, ensure_ascii=False).encode("utf-8")
        offset = self.stream.seek(0, os.SEEK_END)
        self.stream.write(data + b"\n")
        if part["file"] not in self.where:
            self.order.append(part["file"])
        self.where[part["file"]] = (offset, len(data))

    def parts(self) -> Iterable[dict[str, Any]]:
        self.stream.flush()
        for name in self.order:
            offset, length = self.where[name]
            self.stream.seek(offset)
            yield json.loads(self.stream.read(length))

    def close(self) -> None:
        self.stream.close()
        (self.folder / "parts.jsonl").unlink(missing_ok=True)
        self.folder.rmdir()


def write_report(path: Path, parts: ReviewParts, settings: Settings) -> None:
    """Write the review page for every part collected, atomically."""
    import jinja2
    from markupsafe import Markup

    index, details = [], []
    stages: Counter[str] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    for number, part in enumerate(parts.parts()):
        counted = Counter((f["stage"], f["rule"]) for f in part["findings"])
        rules.update(counted)
        stages.update(stage for stage, _ in counted.elements())
        index.append(_index_entry(number, part))
        details.append(_packed(part))
    pipeline = load_pipeline(settings)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "data"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page = environment.get_template("review.html.j2").render(
        totals=_totals(index),
        histogram=_histogram(index),
        stages=stages.most_common(),
        rules=sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])),
        look=sorted((entry for entry in index if entry["look"]), key=_urgency)[:LOOK_FIRST],
        index_json=Markup(_script_json(index)),
        details=details,
        settings={
            "rule set": pipeline.ruleset.fingerprint[:16],
            "stages": ", ".join(pipeline.stage_names),
            "cleaner": VERSION,
            "written": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
    )
    write_atomic(path, page)


def _index_entry(number: int, part: dict[str, Any]) -> dict[str, Any]:
    findings = part["findings"]
    # A warning about the file as a whole (a guard that kept text, a fallback, a stage stopped), as
    # opposed to a warning on a piece of text (a line moved into the metadata, a name to check).
    alerts = sorted({f["rule"] for f in findings if f["severity"] in _ALERTS and not f["before"] and not f["fixed"]})
    removed = part["words_in"] - part["words_out"]
    share = removed / part["words_in"] if part["words_in"] else 0.0
    look = []
    if part["error"]:
        look.append("failed")
    look += alerts
    if share >= _MUCH_REMOVED and part["words_in"]:
        look.append(f"{share:.0%} of words removed")
    return {
        "n": number,
        "file": part["file"],
        "title": (part.get("metadata") or {}).get("title", ""),
        "words_in": part["words_in"],
        "words_out": part["words_out"],
        "share": round(share, 4),
        "findings": len(findings),
        "warnings": len(alerts),
        "error": part["error"],
        "look": look,
    }


def _urgency(entry: dict[str, Any]) -> tuple[int, int, float]:
    return (0 if entry["error"] else 1, -entry["warnings"], -entry["share"])


def _totals(index: list[dict[str, Any]]) -> dict[str, Any]:
    words_in = sum(entry["words_in"] for entry in index)
    words_out = sum(entry["words_out"] for entry in index)
    return {
        "files": len(index),
        "failed": sum(bool(entry["error"]) for entry in index),
        "findings": sum(entry["findings"] for entry in index),
        "words_in": words_in,
        "words_out": words_out,
        "removed": f"{(words_in - words_out) / words_in:.1%}" if words_in else "0%",
    }


def _histogram(index: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(min(int(entry["share"] * _BINS), _BINS - 1) for entry in index if not entry["error"])
    tallest = max(counts.values(), default=1)
    return [
        {"label": f"{bin * 10}-{bin * 10 + 10}%", "count": counts[bin], "height": round(100 * counts[bin] / tallest)}
        for bin in range(_BINS)
    ]


def _packed(part: dict[str, Any]) -> str:
    """A file's part as gzipped JSON in base64: a quarter of the size, and no character markup could use."""
    data = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii")


def read_parts(page: str) -> list[dict[str, Any]]:
    """The files' parts embedded in a review page, in order (for tests and benchmarks)."""
    found = re.findall(r'<script type="text/plain" class="part" id="f\d+">([A-Za-z0-9+/=]*)</script>', page)
    return [json.loads(gzip.decompress(base64.b64decode(text))) for text in found]


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever the text it carries holds."""
    # "<" escaped: no "</script>" or "<!--" from an article can end the element early.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# From a saved run's findings --------------------------------------------------------------------------------------


def parts_from_findings(entries: list[dict[str, Any]], root: Path) -> Iterable[dict[str, Any]]:
    """Each file's part from `cleaner lint --format json` output: its findings, and, for a text or
    Markdown file still on disk, its lines with the removed ones struck and the changes shown."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_file.setdefault(str(entry["path"]), []).append(entry)
    for name, found in by_file.items():
        findings = [
            {
                "rule": e["rule"],
                "stage": e["stage"],
                "severity": e["severity"],
                "line": e["line"],
                "column": e["column"],
                "before": e["before"],
                "after": e["after"],
                "message": e["message"],
                "fixed": e.get("fixable", True),
            }
            for e in found
        ]
        segments = _line_segments((root / name), found)
        words_out = sum(_words(text) for kind, text, *_ in segments if kind == "block")
        removed = sum(_words(text) for kind, text, *_ in segments if kind == "cut")
        yield {
            "file": name,
            "error": None,
            "words_in": words_out + removed,
            "words_out": words_out,
            "metadata": {},
            "findings": findings,
            "segments": segments,
        }


def _line_segments(path: Path, found: list[dict[str, Any]]) -> list[list[Any]]:
    """The file's lines as segments: a line a removal covers is cut (or lifted into the metadata), a
    changed line shows its changes; an HTML file, or one no longer readable, shows its findings only."""
    if path.name.lower().endswith((".html", ".htm", ".html.gz", ".htm.gz")):
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    taken: dict[int, dict[str, Any]] = {}  # line -> the removal that covers it
    for entry in found:
        if entry["after"] is None and str(entry["before"]).strip():
            for number in range(entry["line"], entry["end_line"] + 1):
                taken.setdefault(number, entry)
    segments: list[list[Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        removal = taken.get(number)
        if removal is not None:
            segments.append(["lift" if removal["stage"] == "extract_metadata" else "cut", line, removal["rule"]])
            continue
        changes = sorted(
            (e for e in found if e["line"] == number and e["after"] is not None and e["before"] != e["after"]),
            key=lambda e: e["column"],
        )
        text, shift, shown = line, 0, []
        for change in changes:
            start = change["column"] - 1 + shift
            if text[start : start + len(change["before"])] != change["before"]:
                continue  # the file changed since the run: show the line as it is
            text = text[:start] + change["after"] + text[start + len(change["before"]) :]
            shift += len(change["after"]) - len(change["before"])
            shown.append(_Change(change["before"], change["after"], change["rule"], number, start))
        segments.append(["block", text, _changes_in(text, shown)])
    return segments
