"""Lint results of unchanged files, keyed by file content, rule set and tool version.

A cache entry is a JSON list of findings. Anything unreadable is a miss, never
an error: the file is simply checked again.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from . import __version__
from .files import write_atomic
from .findings import Finding, Severity

_FORMAT = "lint-v2"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool's own code: an edited checkout must not reuse results of the old code."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class LintCache:
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder / _FORMAT
        self.fingerprint = fingerprint + code_fingerprint()  # rule set, stages, tool version and code
        self.hits = 0

    def key(self, data: bytes, path: str) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(path.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[tuple[Finding, ...], dict | None] | None:
        """The findings and batch observations stored for `key`, or None."""
        try:
            raw = json.loads((self.folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            findings = tuple(
                Finding(**{**item, "severity": Severity(item["severity"]), "suggestions": tuple(item.get("suggestions", ()))})
                for item in raw["findings"]
            )
            observed = raw["observed"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        self.hits += 1
        return findings, observed

    def put(self, key: str, findings: tuple[Finding, ...], observed: dict | None = None) -> None:
        entries = {
            "findings": [{**asdict(f), "severity": f.severity.value} for f in findings],
            "observed": observed,  # stages keep their observations to plain JSON data
        }
        try:
            write_atomic(self.folder / key[:2] / f"{key}.json", json.dumps(entries, ensure_ascii=False))
        except OSError:
            pass  # a read-only tree still lints, only slower
